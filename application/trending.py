"""Trending terms of the last hours, from the hourly term counts."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from application.job_failures import JobFailures
from domain.collection import utcnow
from domain.ports import TrendingReadPort, TrendingSnapshotPort
from domain.trending import (
    TrendingTerm,
    TrendRules,
    TrendSnapshot,
    TrendWindow,
    rises,
    trending,
)

log = logging.getLogger(__name__)

Key = tuple[str | None, int, int]  # subreddit, hours, limit
MAX_KEPT = 512  # answers kept at most (questions differ by subreddit, hours and limit)
SNAPSHOT_HOURS = (6, 24, 168)  # the windows computed ahead (the dashboard's)
SNAPSHOT_LIMIT = 100  # terms kept per snapshot: the most a request asks for
SNAPSHOT_FRESH = timedelta(minutes=15)  # older snapshots are not used


@dataclass
class _Answer:
    at: datetime  # when it was asked for
    future: asyncio.Future[list[TrendingTerm]]
    refreshing: bool = False


class TrendingTerms:
    """One computation reads thousands of hourly rows, and the counts change by the hour.
    The common questions (SNAPSHOT_HOURS, of each watched subreddit and of all) are computed
    ahead by the collecting process (TrendingSnapshots) and read as one row. Others are
    shared by concurrent and repeated requests: once older than `fresh_for`, the next
    request starts a new computation and is answered with the old one meanwhile (per
    process). A failed computation is not kept."""

    def __init__(
        self,
        reads: TrendingReadPort,
        rules: TrendRules | None = None,
        fresh_for: timedelta = timedelta(seconds=60),
        clock: Callable[[], datetime] = utcnow,
        snapshots: TrendingSnapshotPort | None = None,
    ) -> None:
        self._reads = reads
        self._snapshots = snapshots
        self._rules = rules or TrendRules()
        self._fresh_for = fresh_for
        self._clock = clock
        self._answers: dict[Key, _Answer] = {}

    async def top(self, subreddit: str | None, hours: int, limit: int) -> list[TrendingTerm]:
        if (ahead := await self._computed_ahead(subreddit, hours, limit)) is not None:
            return ahead
        key, now = (subreddit, hours, limit), self._clock()
        answer = self._answers.get(key)
        if answer is None or _failed(answer.future):
            self._make_room()
            answer = self._answers[key] = _Answer(now, self._start(key, now))
        elif now - answer.at >= self._fresh_for and not answer.refreshing:
            answer.refreshing = True
            self._start(key, now).add_done_callback(
                lambda done: self._refreshed(key, _Answer(now, done))
            )
        return list(await asyncio.shield(answer.future))

    async def _computed_ahead(
        self, subreddit: str | None, hours: int, limit: int
    ) -> list[TrendingTerm] | None:
        if self._snapshots is None or hours not in SNAPSHOT_HOURS or limit > SNAPSHOT_LIMIT:
            return None
        snapshot = await self._snapshots.trending_snapshot(subreddit, hours)
        if snapshot is None or self._clock() - snapshot.computed_at > SNAPSHOT_FRESH:
            return None
        return snapshot.terms[:limit]

    def _start(self, key: Key, now: datetime) -> asyncio.Future[list[TrendingTerm]]:
        return asyncio.ensure_future(self.compute(*key, now))

    def _refreshed(self, key: Key, fresh: _Answer) -> None:
        if _failed(fresh.future):
            fresh.future.exception()  # retrieved: the next request computes and sees it
            self._answers.pop(key, None)
        else:
            self._answers[key] = fresh

    def _make_room(self) -> None:
        if len(self._answers) >= MAX_KEPT:
            oldest = min(self._answers, key=lambda k: self._answers[k].at)
            del self._answers[oldest]

    async def compute(
        self, subreddit: str | None, hours: int, limit: int, now: datetime
    ) -> list[TrendingTerm]:
        """The answer as of `now`, read from the hourly counts."""
        window = TrendWindow.ending(now, hours)
        rules = self._rules
        counts = await self._reads.term_counts(
            subreddit, window, rules.min_mentions, rules.min_authors
        )
        candidates = rises(counts, rules)
        found: list[TrendingTerm] = []
        # Distinct authors over the window come from the sketches of each hour: read for
        # the strongest candidates first, until enough pass.
        step = limit + 10
        for start in range(0, len(candidates), step):
            chunk = candidates[start : start + step]
            samples = await self._reads.term_samples(
                subreddit, window, [c.counts.term for c in chunk]
            )
            found += trending(chunk, samples, rules)
            if len(found) >= limit:
                break
        return found[:limit]


class TrendingSnapshots:
    """Computes the common trending answers ahead and stores them (the collecting
    process's job, every few minutes): requests then read one row each."""

    def __init__(
        self,
        trending: TrendingTerms,
        store: TrendingSnapshotPort,
        subreddits: Sequence[str],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._trending = trending
        self._store = store
        self._subreddits = subreddits
        self._clock = clock
        self._failures = JobFailures(log, "trending computed ahead stopped")

    async def refresh(self) -> int:
        """Snapshots written; a failure is logged once until it works again, never raised."""
        written = 0
        try:
            for subreddit in [None, *self._subreddits]:
                for hours in SNAPSHOT_HOURS:
                    now = self._clock()
                    terms = await self._trending.compute(subreddit, hours, SNAPSHOT_LIMIT, now)
                    await self._store.save_trending_snapshot(
                        subreddit, hours, TrendSnapshot(now, terms)
                    )
                    written += 1
        except Exception as exc:
            self._failures.failed(exc)
        else:
            self._failures.worked()
        return written


def _failed(future: asyncio.Future[list[TrendingTerm]]) -> bool:
    return future.done() and (future.cancelled() or future.exception() is not None)
