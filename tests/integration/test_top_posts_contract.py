"""Top posts: one contract for the fake store and for SQL on SQLite and PostgreSQL.

Every write of a post records a read of its score and comment count; posts rank by
(score + 2 x comments) per hour of age at their latest read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.offloaded import Offloaded
from adapters.sql.archived import SqlArchiveStore
from adapters.sql.engine import make_engine
from adapters.sql.schema import create_schema
from adapters.sql.store import SqlStore
from domain.archive import ArchivedItem
from domain.engagement import PostRead
from domain.model import Post
from tests.fakes import T0, FakeRepository, make_post
from tests.servers.databases import schema_engine

HOUR = timedelta(hours=1)
NOW = T0 + 48 * HOUR
DAY_AGO = NOW - 24 * HOUR


@dataclass
class Backend:
    store: Any  # a RepositoryPort
    set_clock: Callable[[datetime], None]  # a write is a read at the store's clock

    async def read_at(self, at: datetime, *posts: Post) -> None:
        self.set_clock(at)
        await self.store.save_items(list(posts), [])


@pytest.fixture(params=["fake", "sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "fake":
        fake = FakeRepository()
        yield Backend(fake, lambda at: setattr(fake, "now", at))
        return
    engine = schema_engine(request, tmp_path)
    clock = [NOW]
    with ThreadPoolExecutor(2) as executor:
        store = Offloaded(SqlStore(engine, clock=lambda: clock[0]), executor)
        yield Backend(store, lambda at: clock.__setitem__(0, at))
    engine.dispose()


def post(hours_old: float, score: int, comments: int, subreddit: str = "python") -> Post:
    return make_post(
        subreddit, created_utc=NOW - hours_old * HOUR, score=score, num_comments=comments
    )


async def test_posts_rank_by_growth_per_hour_at_their_latest_read(backend: Backend) -> None:
    steady = post(10, score=90, comments=0)  # 90 in 9 h: 10/h
    talked = post(2, score=10, comments=5)  # (10 + 2 x 5) in 1 h: 20/h
    quick = post(3, score=30, comments=0)  # 30 in 2 h: 15/h
    newborn = post(0.5, score=12, comments=0)  # 10 minutes old: counts as 1 h, 12/h
    old = post(30, score=10_000, comments=900)  # created before the window
    await backend.read_at(NOW - 6 * HOUR, dataclasses.replace(steady, score=4))
    await backend.read_at(NOW - HOUR, steady, talked, quick, old)
    await backend.read_at(NOW - 20 * HOUR / 60, newborn)
    top = await backend.store.top_posts(None, DAY_AGO, 10)
    assert [t.post.id for t in top] == [talked.id, quick.id, newborn.id, steady.id]
    assert [round(t.growth.engagement_per_hour, 6) for t in top] == [20, 15, 12, 10]
    first = top[0]
    assert (first.growth.score_per_hour, first.growth.comments_per_hour) == (10, 5)
    assert (first.growth.age_hours, first.growth.read_at) == (1, NOW - HOUR)
    assert first.post == talked
    assert top[3].reads == [PostRead(NOW - 6 * HOUR, 4, 0), PostRead(NOW - HOUR, 90, 0)]


async def test_the_subreddit_filter_and_the_limit(backend: Backend) -> None:
    python = post(2, score=10, comments=0)
    rust = [post(2, score=50 + n, comments=0, subreddit="Rust") for n in range(3)]
    await backend.read_at(NOW, python, *rust)
    top = await backend.store.top_posts("rust", DAY_AGO, 2)
    assert [t.post.id for t in top] == [rust[2].id, rust[1].id]
    assert [t.post.id for t in await backend.store.top_posts("python", DAY_AGO, 20)] == [python.id]
    assert await backend.store.top_posts("go", DAY_AGO, 20) == []


async def test_each_write_of_a_post_is_a_read_and_a_refresh_too(backend: Backend) -> None:
    first = post(5, score=1, comments=0)
    await backend.read_at(NOW - 4 * HOUR, first)
    await backend.read_at(NOW - 4 * HOUR, dataclasses.replace(first, score=2))  # same time
    backend.set_clock(NOW - 2 * HOUR)
    await backend.store.save_refreshed([first.fullname], [dataclasses.replace(first, score=7)], [])
    [top] = await backend.store.top_posts(None, DAY_AGO, 5)
    assert top.reads == [PostRead(NOW - 4 * HOUR, 2, 0), PostRead(NOW - 2 * HOUR, 7, 0)]
    assert top.growth.read_at == NOW - 2 * HOUR and top.growth.score_per_hour == 7 / 3


def test_each_imported_copy_of_a_post_is_a_read_at_its_retrieval(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    create_schema(engine)
    archived = post(30, score=3, comments=1)
    archive = SqlArchiveStore(engine, clock=lambda: NOW)
    archive.save_archived([ArchivedItem(archived, NOW - 20 * HOUR, None)])
    fresher = dataclasses.replace(archived, score=9)
    archive.save_archived([ArchivedItem(fresher, NOW - 10 * HOUR, None)])
    archive.save_archived([ArchivedItem(fresher, NOW - 10 * HOUR, None)])  # again: no new read
    [top] = SqlStore(engine).top_posts(None, NOW - 48 * HOUR, 5)
    assert top.reads == [PostRead(NOW - 20 * HOUR, 3, 1), PostRead(NOW - 10 * HOUR, 9, 1)]
    assert top.growth.read_at == NOW - 10 * HOUR and top.growth.age_hours == 20
    engine.dispose()
