"""Bearer-token guard for admin endpoints (constant-time compare, token never echoed)."""

import hmac
from typing import Annotated

from dependency_injector.wiring import Provide, inject
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from entrypoints.container import Container
from entrypoints.settings import Settings

DISABLED = "admin endpoints are disabled: set ADMIN_TOKEN to enable them"
# Declared as a security scheme, so /docs has an Authorize button; checked below.
bearer = HTTPBearer(auto_error=False, description="the server's ADMIN_TOKEN")


@inject
def require_admin(
    settings: Annotated[Settings, Depends(Provide[Container.settings])],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    if settings.admin_token is None or not settings.admin_token.get_secret_value():
        raise HTTPException(status.HTTP_403_FORBIDDEN, DISABLED)
    token = credentials.credentials.strip() if credentials else ""
    expected = settings.admin_token.get_secret_value().encode()
    if not hmac.compare_digest(token.encode(), expected):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing or wrong admin token: send 'Authorization: Bearer <ADMIN_TOKEN>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
