"""Every error is JSON with a message that names the problem; never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match, Route

from domain.errors import StoreUnavailable

log = logging.getLogger(__name__)


def _where(loc: tuple[object, ...]) -> str:
    kinds = {"query": "query parameter", "path": "path parameter", "header": "header"}
    if len(loc) >= 2 and loc[0] in kinds:
        return f"{kinds[str(loc[0])]} '{'.'.join(map(str, loc[1:]))}'"
    return "'" + ".".join(map(str, loc)) + "'"


def invalid(where: str, name: str, message: str) -> RequestValidationError:
    """A 422 for a value the route itself found wrong, shaped like every other 422.
    `where`: query, path or header."""
    return RequestValidationError([{"loc": (where, name), "msg": message, "type": "value_error"}])


async def invalid_request(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [{"parameter": _where(tuple(e["loc"])), "message": e["msg"]} for e in exc.errors()]
    detail = "; ".join(f"{p['parameter']}: {p['message']}" for p in problems)
    return JSONResponse(
        {"detail": f"invalid request: {detail}", "errors": problems},
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


class FaultLog:
    """One log line per change of the database's state, not one per request: each fault
    is logged once until the database is well again (and that is logged once too)."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def failed(self, message: str) -> None:
        if message not in self._seen:
            log.warning("%s", message)
            self._seen.add(message)

    def recovered(self) -> None:
        if self._seen:
            log.warning("the database is available again")
            self._seen.clear()


async def store_unavailable(request: Request, exc: Exception) -> JSONResponse:
    request.app.state.database_faults.failed(str(exc))
    return JSONResponse(
        {"detail": str(exc)},
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": "5"},
    )


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    headers = exc.headers
    if exc.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        # Starlette names the methods of the one route it tried; a path can have several.
        headers = {**(headers or {}), "Allow": ", ".join(_methods_of(request))}
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)


def _methods_of(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Route) and route.matches(request.scope)[0] is not Match.NONE:
            methods |= route.methods or set()
    return sorted(methods)


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return JSONResponse(
        {"detail": "internal error: the server logged it"},
        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


def install(app: FastAPI) -> None:
    app.state.database_faults = FaultLog()
    app.add_exception_handler(StoreUnavailable, store_unavailable)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
