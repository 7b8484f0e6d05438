"""The collector over real PRAW and HTTP, against the Reddit stand-in, into real SQLite.

Coverage must be complete across cycles, crashes, added subreddits and budget stops; what
cannot be reached must show as a gap.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from adapters.offloaded import Offloaded
from adapters.praw_reddit import PrawReddit
from adapters.sql.engine import make_engine
from adapters.sql.schema import create_schema
from adapters.sql.store import SqlStore
from adapters.vader import VaderSentiment
from domain.collection import CycleService
from domain.model import CollectionCycle, Comment, Cursor, CycleStatus, Kind, Post, Removal
from domain.policy import CollectionPolicy, RescanPolicy
from testkit.reddit_standin import RedditStandIn
from testkit.reddit_stream import StreamFeeder
from tests.servers.databases import emptied

ID, SECRET = "itest", "itest-secret"
SUBS = ["alpha", "beta", "gamma"]


class CrashingStore(SqlStore):
    """Fails the n-th batch of comments it is asked to save, as a dying process would."""

    crash_on: int | None = None
    comment_batches = 0

    def save_items(
        self, posts: Sequence[Post], comments: Sequence[Comment], cursors: Sequence[Cursor] = ()
    ) -> None:
        if comments:
            self.comment_batches += 1
            if self.comment_batches == self.crash_on:
                raise OSError("simulated crash between two batches")
        super().save_items(posts, comments, cursors)


# Cursor paging is tested without the deep rescan; it has a test of its own below.
NO_RESCAN = RescanPolicy(every=timedelta(days=3650))


class Harness:
    def __init__(
        self,
        standin: RedditStandIn,
        folder: Path,
        subreddits: Sequence[str] = SUBS,
        url: str | None = None,
        **policy: Any,
    ) -> None:
        self.standin = standin
        self.feeder = StreamFeeder(standin, subreddits, seed=7)
        self.engine = make_engine(url or f"sqlite:///{folder}/collect.db")
        emptied(self.engine)
        create_schema(self.engine)
        self.store = CrashingStore(self.engine, clock=self.feeder.clock)
        self.pool = ThreadPoolExecutor(2)
        reddit = PrawReddit(ID, SECRET, "redditpulse-tests/1", standin.url, standin.url, 10)
        self.service = CycleService(
            Offloaded(reddit, self.pool),
            Offloaded(VaderSentiment(), self.pool),
            Offloaded(self.store, self.pool),
            CollectionPolicy(**({"rescan": NO_RESCAN} | policy)),
            clock=self.feeder.clock,
        )
        self.subreddits = list(subreddits)
        self.first = self.feeder.served()
        self.count = 0

    async def cycle(self) -> CollectionCycle:
        self.count += 1
        cycle = CollectionCycle(
            f"i{self.count}", "test", self.feeder.clock(), subreddits=self.subreddits
        )
        return await self.service.run(cycle)

    def stored(self) -> set[str]:
        with self.engine.connect() as conn:
            posts = {f"t3_{r[0]}" for r in conn.execute(text("SELECT id FROM posts"))}
            comments = {f"t1_{r[0]}" for r in conn.execute(text("SELECT id FROM comments"))}
        return posts | comments

    def served_since_first(self) -> frozenset[str]:
        served = self.feeder.served()
        return (served.posts | served.comments) - (self.first.posts | self.first.comments)

    def close(self) -> None:
        self.pool.shutdown()
        self.engine.dispose()


@pytest.fixture
def standin() -> Iterator[RedditStandIn]:
    with RedditStandIn(credentials=(ID, SECRET)) as running:
        yield running


def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        url: str = request.getfixturevalue("postgres_url")
        return url
    return f"sqlite:///{tmp_path}/collect.db"


@pytest.fixture
def harness(standin: RedditStandIn, tmp_path: Path) -> Iterator[Harness]:
    made = Harness(standin, tmp_path)
    yield made
    made.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_harness(
    request: pytest.FixtureRequest, standin: RedditStandIn, tmp_path: Path
) -> Iterator[Harness]:
    made = Harness(standin, tmp_path, url=database_url(request, tmp_path), batch_size=100)
    yield made
    made.close()


async def test_every_item_served_since_the_first_cycle_is_stored(any_db_harness: Harness) -> None:
    harness = any_db_harness
    await harness.cycle()
    for _ in range(4):
        harness.feeder.advance(30, posts=40, comments=400)
        cycle = await harness.cycle()
        assert cycle.status is CycleStatus.SUCCEEDED and cycle.gaps == []
    assert harness.served_since_first() <= harness.stored()


async def test_a_crash_between_two_batches_loses_nothing(any_db_harness: Harness) -> None:
    harness = any_db_harness
    await harness.cycle()
    harness.feeder.advance(30, posts=60, comments=300)
    # The comments listing is saved in 3+ batches: the first lands, the second crashes.
    harness.store.crash_on = harness.store.comment_batches + 2
    crashed = await harness.cycle()
    assert crashed.status is not CycleStatus.SUCCEEDED
    assert "simulated crash" in " ".join(f.error for f in crashed.failures)
    missing = harness.served_since_first() - harness.stored()
    assert 0 < len(missing) < 300, "one batch of comments landed, the rest did not"

    harness.feeder.advance(30, posts=60, comments=300)
    recovered = await harness.cycle()
    assert recovered.status is CycleStatus.SUCCEEDED and recovered.gaps == []
    assert harness.served_since_first() <= harness.stored()


async def test_later_cycles_use_one_request_per_listing_for_all_subreddits(
    harness: Harness,
) -> None:
    await harness.cycle()
    harness.feeder.advance(30, posts=30, comments=90)
    harness.standin.reset_counts()
    cycle = await harness.cycle()
    paths = harness.standin.requests_by_path()
    assert paths["/r/alpha+beta+gamma/new"] == 1
    assert paths["/r/alpha+beta+gamma/comments"] == 1
    assert cycle.requests_made == sum(n for p, n in paths.items() if p != "/api/v1/access_token")
    assert cycle.budget_remaining is not None


async def test_a_listing_that_outruns_its_depth_records_a_gap(harness: Harness) -> None:
    await harness.cycle()
    harness.feeder.advance(30, comments=1500)  # more than a listing reaches back
    cycle = await harness.cycle()

    [gap] = cycle.gaps
    assert gap.kind is Kind.COMMENTS and gap.subreddits == SUBS
    assert gap.start < gap.end <= harness.feeder.clock()
    assert cycle.comments_collected == 1000


async def test_deleted_items_keep_their_text_after_a_refresh(harness: Harness) -> None:
    await harness.cycle()
    harness.feeder.advance(30, posts=6, comments=30)
    await harness.cycle()
    served = harness.feeder.served()
    victim = sorted(served.comments)[-1]
    served_victim = harness.standin.store.get(victim)
    assert served_victim is not None
    before = served_victim["data"]["body"]
    harness.standin.delete(victim, how="removed")
    # Push the comment off the listings' first page, then let it come due for a refresh.
    harness.feeder.advance(120, comments=300)
    await harness.cycle()
    harness.feeder.advance(60 * 6, comments=30)
    cycle = await harness.cycle()

    assert cycle.items_refreshed > 0
    with harness.engine.connect() as conn:
        body, removed = conn.execute(
            text("SELECT body, removed FROM comments WHERE id = :id"), {"id": victim[3:]}
        ).one()
    assert (body, removed) == (before, Removal.REMOVED.value)


async def test_an_added_subreddit_starts_with_one_page_and_a_removed_one_is_left_alone(
    standin: RedditStandIn, tmp_path: Path
) -> None:
    harness = Harness(standin, tmp_path, subreddits=["alpha", "beta", "newcomer", "leaver"])
    try:
        harness.subreddits = ["alpha", "beta", "leaver"]
        for _ in range(150):
            harness.feeder.advance(1, posts={"newcomer": 2})
        await harness.cycle()
        harness.subreddits = ["alpha", "beta", "newcomer"]
        harness.standin.reset_counts()
        cycle = await harness.cycle()
        paths = harness.standin.requests_by_path()
        assert paths["/r/newcomer/new"] == 1 and paths["/r/newcomer/comments"] == 1
        assert not any("leaver" in p for p in paths)
        assert cycle.posts_collected == 100
        with harness.engine.connect() as conn:
            left = conn.execute(text("SELECT count(*) FROM posts WHERE subreddit = 'leaver'"))
            assert left.scalar_one() > 0
    finally:
        harness.close()


async def test_a_cycle_stops_at_the_budget_and_the_next_one_resumes(tmp_path: Path) -> None:
    with RedditStandIn(credentials=(ID, SECRET), budget=25, window_s=2.0) as standin:
        harness = Harness(standin, tmp_path, budget_reserve=15)
        try:
            await harness.cycle()
            harness.feeder.advance(30, comments=950)  # 10 pages of comments, 1 of posts
            await asyncio.sleep(2.1)  # a fresh window: 25 requests, 10 above the reserve
            stopped = await harness.cycle()
            assert stopped.status is CycleStatus.PARTIAL
            assert "stopped early" in stopped.failures[-1].error
            assert (stopped.requests_made, stopped.budget_remaining) == (10, 15)
            assert stopped.comments_collected == 900, "pages read before the stop are kept"
            standin.rate.budget = 600
            await asyncio.sleep(2.1)
            resumed = await harness.cycle()
            assert resumed.status is CycleStatus.SUCCEEDED
            assert harness.served_since_first() <= harness.stored()
        finally:
            harness.close()


def test_harness_clock_moves_with_the_stream(harness: Harness) -> None:
    before = harness.feeder.clock()
    harness.feeder.advance(30)
    assert harness.feeder.clock() - before == timedelta(minutes=30)


async def test_an_item_listed_hours_late_is_found_by_the_next_rescan(
    standin: RedditStandIn, tmp_path: Path
) -> None:
    harness = Harness(standin, tmp_path, rescan=RescanPolicy())
    await harness.cycle()
    harness.feeder.advance(30, posts=300, comments=60)
    await harness.cycle()
    # Approved after hours in the spam filter: listed now, at its creation time, hundreds
    # of posts behind every cursor (and the page of overlap read behind them).
    created = harness.feeder.clock() - timedelta(hours=2)
    late = harness.standin.add_post(
        subreddit="alpha", title="held back for hours", created_utc=created.timestamp()
    )
    harness.feeder.advance(30, posts=10, comments=30)
    await harness.cycle()
    assert late["name"] not in harness.stored(), "an ordinary cycle cannot see it"

    harness.feeder.advance(150, posts=10, comments=30)  # 3 h since the first cycle
    harness.standin.reset_counts()
    rescanning = await harness.cycle()
    assert late["name"] in harness.stored()
    assert rescanning.status is CycleStatus.SUCCEEDED and rescanning.posts_collected >= 11
    # The rescan's cost: one group per kind, 10 pages of each at most.
    assert rescanning.requests_made <= 2 + 2 * 10 + 2

    harness.feeder.advance(30, posts=10, comments=30)
    after = await harness.cycle()
    assert after.requests_made < rescanning.requests_made, "the next rescan is 3 h away"
    harness.close()
