"""The FastAPI app factory; the lifespan starts and stops every resource the app owns."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from domain.collection import describe, utcnow
from entrypoints.api import (
    analytics,
    collect,
    engagement,
    errors,
    export,
    health,
    metrics,
    routes,
    trending,
)
from entrypoints.api.head import HeadAsGet
from entrypoints.api.request_id import RequestIds
from entrypoints.collector_role import collect_while_leased
from entrypoints.container import Container
from entrypoints.startup import prepare_database
from entrypoints.web import install as install_dashboard

log = logging.getLogger(__name__)


COLLECTOR_STOP_S = 30.0  # a cycle is cancelled at once in `serve`: this is a safety net


async def _stopped(collecting: asyncio.Task[None]) -> None:
    """Wait for the collector to stop; past COLLECTOR_STOP_S, shut down without it (the
    lease expires by itself) rather than never exit."""
    done, _ = await asyncio.wait({collecting}, timeout=COLLECTOR_STOP_S)
    if not done:
        collecting.cancel()
        log.error(
            "the collector did not stop within %.0f s: shutting down without it", COLLECTOR_STOP_S
        )
    elif not collecting.cancelled() and (exc := collecting.exception()) is not None:
        log.error("the collector failed: %s", describe(exc), exc_info=exc)


def create_app(container: Container | None = None, with_scheduler: bool = False) -> FastAPI:
    container = container or Container()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container.init_resources()
        await prepare_database(container)
        stop = asyncio.Event()
        collecting = None
        if with_scheduler:
            # Taken now if it is free, so that this process collects from its first request.
            await container.collector_lease().take()
            collecting = asyncio.create_task(collect_while_leased(container, stop))
        try:
            yield
        finally:
            stop.set()
            if collecting is not None:
                await _stopped(collecting)
            container.shutdown_resources()

    app = FastAPI(
        title="redditpulse",
        version=container.settings().reddit_user_agent.partition("/")[2],
        description="Reddit sentiment monitor: collected posts, comments and their sentiment.",
        lifespan=lifespan,
        docs_url=None,  # served by entrypoints.web from vendored files, not a CDN
        redoc_url=None,
    )
    app.state.container = container
    app.state.started_monotonic = time.monotonic()
    app.state.started_at = utcnow()
    errors.install(app)
    metrics.install(app, container)  # first middleware: innermost, it sees the route matched
    app.add_middleware(HeadAsGet)
    app.add_middleware(RequestIds)  # added last: outermost, so it wraps HEAD requests too
    app.include_router(health.router)
    app.include_router(engagement.router)  # before /posts/{post_id}: "top" is no id
    app.include_router(routes.router)
    app.include_router(collect.router)
    app.include_router(analytics.router)
    app.include_router(export.router)
    app.include_router(trending.router)
    install_dashboard(app)
    return app
