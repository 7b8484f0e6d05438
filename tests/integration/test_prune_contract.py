"""PrunePort: one contract for the fake store and for SQL on SQLite and PostgreSQL.

Items created before the cut-off go, comments first, at most a batch per call, with what
points at them; newer ones stay; what was pruned is never stored again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.offloaded import Offloaded
from adapters.sql.store import SqlStore
from domain.model import Comment, Post, Sentiment
from domain.retention import PruneCounts
from tests.fakes import T0, FakeRepository, make_comment, make_post
from tests.servers.databases import schema_engine

HOUR = timedelta(hours=1)
CUTOFF = T0 + 10 * HOUR
GOOD = Sentiment(0.6, 0.5, 0.5, 0.0)


@pytest.fixture(params=["fake", "sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """The store as the use case sees it (a RepositoryPort)."""
    if request.param == "fake":
        fake = FakeRepository()
        fake.now = T0 + 100 * HOUR
        yield fake
        return
    engine = schema_engine(request, tmp_path)
    with ThreadPoolExecutor(2) as executor:
        yield Offloaded(SqlStore(engine, clock=lambda: T0 + 100 * HOUR), executor)
    engine.dispose()


def aged(hours: float, subreddit: str = "python") -> tuple[Post, list[Comment]]:
    """A scored post `hours` after T0 and two scored comments of the same age."""
    post = make_post(subreddit, created_utc=T0 + hours * HOUR, sentiment=GOOD)
    return post, [make_comment(post, created_utc=post.created_utc, sentiment=GOOD) for _ in "ab"]


async def remaining(store: Any, posts: list[Post]) -> tuple[set[str], set[str]]:
    """Ids of the posts among these still stored, and of comments stored under them."""
    kept_posts = {p.id for p in posts if await store.get_post(p.id) is not None}
    kept_comments = {c.id for p in posts for c in await store.comments_of(p.id)}
    return kept_posts, kept_comments


async def test_items_created_before_the_cutoff_go_and_newer_ones_stay(store: Any) -> None:
    old, old_comments = aged(2)
    edge, edge_comments = aged(10)  # created at the cut-off: kept
    new, new_comments = aged(30)
    await store.save_items([old, edge, new], [*old_comments, *edge_comments, *new_comments])
    deleted = await store.prune_before(CUTOFF, 100)
    assert deleted == PruneCounts(posts=1, comments=2, sentiments=3, post_reads=1)
    assert await remaining(store, [old, edge, new]) == (
        {edge.id, new.id},
        {c.id for c in [*edge_comments, *new_comments]},
    )
    assert await store.prune_before(CUTOFF, 100) == PruneCounts()


async def test_a_call_deletes_at_most_a_batch_comments_first(store: Any) -> None:
    first, first_comments = aged(1)
    second, second_comments = aged(2)
    await store.save_items([first, second], [*first_comments, *second_comments])
    preview = await store.prunable_before(CUTOFF)
    batches = [await store.prune_before(CUTOFF, 3) for _ in range(3)]
    assert [(b.posts, b.comments) for b in batches] == [(0, 3), (2, 1), (0, 0)]
    assert sum(batches, PruneCounts()) == preview == PruneCounts(2, 4, 6, 0, 2)
    assert await store.prunable_before(CUTOFF) == PruneCounts()


async def test_what_was_pruned_is_never_stored_again(store: Any) -> None:
    old, old_comments = aged(2)
    await store.save_items([old], old_comments)
    await store.prune_before(CUTOFF, 100)
    # A new comment on the pruned post brings the post back from Reddit; a refresh or a
    # rescan reads old items again.
    late = make_comment(old, created_utc=T0 + 50 * HOUR)
    await store.save_items([old], [late, *old_comments])
    await store.save_refreshed([old_comments[0].fullname], [], old_comments[:1])
    assert await remaining(store, [old]) == (set(), {late.id})


async def test_nothing_to_prune_leaves_later_writes_of_old_items_alone(store: Any) -> None:
    """Only a prune that deleted something bars older items: history imported before the
    first prune is stored (and counted) once, then pruned."""
    new, _ = aged(30)
    await store.save_items([new], [])
    assert await store.prune_before(CUTOFF, 100) == PruneCounts()
    old, old_comments = aged(2)
    await store.save_items([old], old_comments)
    assert await remaining(store, [old]) == ({old.id}, {c.id for c in old_comments})


async def test_unscored_items_have_no_sentiment_to_delete(store: Any) -> None:
    post = dataclasses.replace(aged(2)[0], sentiment=None)
    await store.save_items([post], [])
    assert await store.prune_before(CUTOFF, 100) == PruneCounts(posts=1, post_reads=1)
