"""Trending answers computed ahead: the common questions are read from a snapshot while it
is fresh, others (and stale snapshots) are computed; the refresh job writes every snapshot
and logs a failure once."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest

from application.trending import (
    SNAPSHOT_FRESH,
    SNAPSHOT_HOURS,
    SNAPSHOT_LIMIT,
    TrendingSnapshots,
    TrendingTerms,
)
from domain.errors import StoreUnavailable
from domain.trending import TrendingTerm, TrendSnapshot
from entrypoints.container import Container
from entrypoints.scheduler import TRENDING_JOB_ID
from entrypoints.settings import Settings
from tests.unit.test_trending_terms import Clock, StubReads


class Snapshots:
    def __init__(self) -> None:
        self.saved: dict[tuple[str | None, int], TrendSnapshot] = {}
        self.fail = False

    async def trending_snapshot(self, subreddit: str | None, hours: int) -> TrendSnapshot | None:
        return self.saved.get((subreddit, hours))

    async def save_trending_snapshot(
        self, subreddit: str | None, hours: int, snapshot: TrendSnapshot
    ) -> None:
        if self.fail:
            raise StoreUnavailable("database unavailable: read-only")
        self.saved[(subreddit, hours)] = snapshot


def term(name: str) -> TrendingTerm:
    return TrendingTerm(name, 30, 20, 20.0, 1.0, 99.0, 0.1, ("p1",))


async def test_a_fresh_snapshot_answers_without_reading_the_counts() -> None:
    reads, snapshots, clock = StubReads(spam=0, real=5), Snapshots(), Clock()
    snapshots.saved[("python", 24)] = TrendSnapshot(clock.now, [term("a"), term("b"), term("c")])
    trending = TrendingTerms(reads, clock=clock, snapshots=snapshots)

    assert [t.term for t in await trending.top("python", 24, 2)] == ["a", "b"]
    assert reads.counts_read == 0

    clock.now += SNAPSHOT_FRESH + timedelta(seconds=1)  # stale: computed again
    assert [t.term for t in await trending.top("python", 24, 2)] == ["real0", "real1"]
    assert reads.counts_read == 1


async def test_other_questions_are_computed() -> None:
    reads, snapshots, clock = StubReads(spam=0, real=5), Snapshots(), Clock()
    trending = TrendingTerms(reads, clock=clock, snapshots=snapshots)
    snapshots.saved[("python", 24)] = TrendSnapshot(clock.now, [term("a")])

    await trending.top("rust", 24, 2)  # no snapshot of it
    await trending.top("python", 12, 2)  # a window not computed ahead

    assert reads.counts_read == 2 and 12 not in SNAPSHOT_HOURS


async def test_the_refresh_writes_every_window_of_all_and_each_subreddit() -> None:
    reads, snapshots, clock = StubReads(spam=0, real=5), Snapshots(), Clock()
    trending = TrendingTerms(reads, clock=clock, snapshots=snapshots)
    ahead = TrendingSnapshots(trending, snapshots, ["python", "rust"], clock=clock)

    assert await ahead.refresh() == 3 * len(SNAPSHOT_HOURS)

    assert set(snapshots.saved) == {
        (s, h) for s in (None, "python", "rust") for h in SNAPSHOT_HOURS
    }
    snapshot = snapshots.saved[(None, 24)]
    assert snapshot.computed_at == clock.now and len(snapshot.terms) <= SNAPSHOT_LIMIT
    assert [t.term for t in snapshot.terms] == [f"real{n}" for n in range(5)]


async def test_a_failing_refresh_is_logged_once_until_it_works_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    reads, snapshots, clock = StubReads(spam=0, real=5), Snapshots(), Clock()
    ahead = TrendingSnapshots(TrendingTerms(reads, clock=clock), snapshots, [], clock=clock)
    snapshots.fail = True

    with caplog.at_level(logging.WARNING, logger="application.trending"):
        assert await ahead.refresh() == 0
        assert await ahead.refresh() == 0
        snapshots.fail = False
        assert await ahead.refresh() == len(SNAPSHOT_HOURS)
        snapshots.fail = True
        await ahead.refresh()

    assert caplog.messages == [
        "trending computed ahead stopped: database unavailable: read-only",
        "trending computed ahead stopped: database unavailable: read-only",
    ]


async def test_the_collecting_process_computes_trending_ahead_every_5_minutes(
    tmp_path: Path,
) -> None:
    container = Container()
    container.settings.override(Settings(_env_file=None, database_url=f"sqlite:///{tmp_path}/t.db"))
    scheduler = container.scheduler()
    scheduler.start()
    try:
        assert scheduler._scheduler is not None
        job = scheduler._scheduler.get_job(TRENDING_JOB_ID)
        assert job is not None and job.func == container.trending_ahead().refresh
        assert job.trigger.interval == timedelta(minutes=5)
        assert (job.max_instances, job.coalesce) == (1, True)
    finally:
        scheduler.shutdown()
        container.shutdown_resources()
