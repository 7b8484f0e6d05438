"""The FastAPI app factory; the lifespan starts and stops every resource the app owns."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from domain.collection import utcnow
from entrypoints.api import errors, health, routes
from entrypoints.api.head import HeadAsGet
from entrypoints.container import Container
from entrypoints.startup import prepare_database

log = logging.getLogger(__name__)


def create_app(container: Container | None = None, with_scheduler: bool = False) -> FastAPI:
    container = container or Container()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container.init_resources()
        await prepare_database(container, collector=with_scheduler)
        scheduler = container.scheduler()
        if with_scheduler:
            scheduler.start()
        try:
            yield
        finally:
            # The cycle first: the scheduler's shutdown would cancel it from inside its job.
            await container.runner().stop()
            scheduler.shutdown()
            container.shutdown_resources()

    app = FastAPI(
        title="redditpulse",
        version=container.settings().reddit_user_agent.partition("/")[2],
        description="Reddit sentiment monitor: collected posts, comments and their sentiment.",
        lifespan=lifespan,
    )
    app.state.container = container
    app.state.started_monotonic = time.monotonic()
    app.state.started_at = utcnow()
    errors.install(app)
    app.add_middleware(HeadAsGet)
    app.include_router(health.router)
    app.include_router(routes.router)
    return app
