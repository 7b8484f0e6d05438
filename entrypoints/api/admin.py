"""Bearer-token guard for admin endpoints (constant-time compare, token never echoed)."""

import hmac
from typing import Annotated

from dependency_injector.wiring import Provide, inject
from fastapi import Depends, Header, HTTPException, status

from entrypoints.container import Container
from entrypoints.settings import Settings

DISABLED = "admin endpoints are disabled: set ADMIN_TOKEN to enable them"


@inject
def require_admin(
    settings: Annotated[Settings, Depends(Provide[Container.settings])],
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    if settings.admin_token is None or not settings.admin_token.get_secret_value():
        raise HTTPException(status.HTTP_403_FORBIDDEN, DISABLED)
    scheme, _, token = (authorization or "").partition(" ")
    expected = settings.admin_token.get_secret_value().encode()
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing or wrong admin token: send 'Authorization: Bearer <ADMIN_TOKEN>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
