"""`redditpulse scheduler`'s own HTTP endpoint: /metrics (the API's exposition) and
/healthz, so a collector on a host without an API can be scraped and watched."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import uvicorn
from fastapi import FastAPI

from entrypoints.api import metrics
from entrypoints.container import Container
from entrypoints.logs import uvicorn_log_config
from entrypoints.settings_errors import UnusableSetting

log = logging.getLogger(__name__)

# A scrape in flight when the scheduler stops is not worth holding its exit for longer.
GRACE_S = 5


def create_collector_app(container: Container, collecting: Callable[[], bool]) -> FastAPI:
    """/metrics, and /healthz: whether this process collects (holds the lease) and under
    which holder name, so a standby is told from the collector."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.include_router(metrics.router)
    holder = container.collector_lease().holder

    @app.get("/healthz")
    async def healthz() -> dict[str, object]:
        return {"status": "ok", "collecting": collecting(), "holder": holder}

    return app


def serve_collector_http(
    container: Container,
    host: str,
    port: int,
    stop: asyncio.Event,
    collecting: Callable[[], bool],
) -> Coroutine[Any, Any, None]:
    """Listens on `host`:`port` now, and returns the coroutine that serves until `stop` is set.

    Not an `async def`: a port that cannot be listened on raises UnusableSetting here,
    where it is called, before the scheduler starts anything, not later from a task.
    Port 0 is "no endpoint": the coroutine returns at once.
    """
    if port == 0:
        return _nothing()
    listening = _listen(host, port)
    config = uvicorn.Config(
        create_collector_app(container, collecting),
        lifespan="off",  # the resources are the scheduler's, started and stopped by it
        access_log=False,  # a scrape every 15 s would bury the collector's own lines
        log_level=container.settings().log_level.lower(),
        log_config=uvicorn_log_config(container.settings()),
        timeout_graceful_shutdown=GRACE_S,
    )
    log.info("metrics on http://%s:%d/metrics", host, listening.getsockname()[1])
    return _serve(_SignalsLeftAlone(config), listening, stop)


class _SignalsLeftAlone(uvicorn.Server):
    """The scheduler owns SIGINT and SIGTERM (its `stop`); uvicorn's Server.serve would
    replace their handlers with its own for as long as it runs."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _listen(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        listening = socket.socket(family, kind, proto)
    except OSError as exc:
        raise UnusableSetting(f"HOST={host!r}: {exc.strerror or exc}") from None
    try:
        # As asyncio's create_server does: a restart need not wait for TIME_WAIT to end.
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
    except OSError as exc:
        listening.close()
        raise UnusableSetting(
            f"METRICS_PORT (or --metrics-port)={port}: cannot listen on {host}:{port}: "
            f"{exc.strerror or exc}"
        ) from None
    return listening


async def _serve(server: uvicorn.Server, listening: socket.socket, stop: asyncio.Event) -> None:
    async def exit_when_stopped() -> None:
        await stop.wait()
        server.should_exit = True

    watcher = asyncio.create_task(exit_when_stopped())
    try:
        await server.serve(sockets=[listening])
    finally:
        watcher.cancel()
        listening.close()


async def _nothing() -> None:
    return None
