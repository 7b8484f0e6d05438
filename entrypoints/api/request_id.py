"""A request id for every HTTP request: the client's `X-Request-ID` when it is sane, else a
new one. It is echoed in the response and set in a contextvar for the log filter, so every
log line made while the request is handled (uvicorn's access line included) carries it."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
# What a proxy or a client may send, bounded: nothing that could forge a log line or a header.
SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")

current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)


def request_id_from(given: str | None) -> str:
    if given is not None and SANE.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestIds:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(Headers(scope=scope).get(HEADER))

        async def with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        token = current_request_id.set(request_id)
        try:
            await self.app(scope, receive, with_id)
        finally:
            current_request_id.reset(token)
