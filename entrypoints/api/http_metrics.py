"""An ASGI middleware counting and timing every HTTP request by its route template.

The template (`/api/v1/posts/{post_id}`), never the raw path: a label per post id would
grow without bound. `/metrics` itself and the static files are not counted.
"""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.metrics.http import UNMATCHED, PrometheusHttpMetrics

NOT_COUNTED = ("/metrics", "/static/")


def route_of(scope: Scope) -> str:
    """The template of the route that answered; the router sets it in the scope it shares."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) else UNMATCHED


class HttpMetrics:
    def __init__(self, app: ASGIApp, metrics: PrometheusHttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path == NOT_COUNTED[0] or path.startswith(NOT_COUNTED[1]):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the server answers if the app raises before it starts a response

        async def noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noting_status)
        finally:
            seconds = time.perf_counter() - started
            self.metrics.request_answered(scope["method"], route_of(scope), status, seconds)
