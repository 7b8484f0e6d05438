"""An app on a temporary SQLite file with fake Reddit and sentiment, and a client for it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from entrypoints.api.app import create_app
from entrypoints.container import Container
from entrypoints.settings import Settings
from tests.fakes import FakeReddit, FakeSentiment

ADMIN_TOKEN = "s3cret-admin-token"
# Bad parameters of endpoints with a window of at most a week and up to 100 results, each
# with the parameter the 422 must name.
BAD_WEEK_WINDOWS: list[tuple[dict[str, int | str], str]] = [
    ({"hours": 0}, "hours"),
    ({"hours": 169}, "hours"),
    ({"hours": "day"}, "hours"),
    ({"limit": 0}, "limit"),
    ({"limit": 101}, "limit"),
    ({"subreddit": "no spaces!"}, "subreddit"),
]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite:///{tmp_path}/api.db",
        subreddits=["python", "rust"],
        admin_token=ADMIN_TOKEN,
        reddit_client_id="id",
        reddit_client_secret="secret",
    )


@pytest.fixture
def fake_reddit() -> FakeReddit:
    return FakeReddit()


@pytest.fixture
def container(settings: Settings, fake_reddit: FakeReddit) -> Container:
    container = Container()
    container.settings.override(settings)
    container.reddit.override(fake_reddit)
    container.sentiment.override(FakeSentiment())
    return container


@pytest.fixture
async def client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(container)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client
    container.unwire()


@pytest.fixture
async def collecting_client(
    container: Container, settings: Settings
) -> AsyncIterator[httpx.AsyncClient]:
    """The app as the collector too, as `serve` is (but with its cycles in this process):
    it holds the collector lease and runs the cycles asked for; its schedule's first
    cycle is an hour away."""
    settings.initial_collection_delay_seconds = 3600
    async with collecting_app(container) as client:
        yield client


@asynccontextmanager
async def collecting_app(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(container, with_scheduler=True)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client
    container.unwire()


@pytest.fixture
def admin() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}
