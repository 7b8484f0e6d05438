"""Trending terms of the last hours, from the hourly term counts."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.collection import utcnow
from domain.ports import TrendingReadPort
from domain.trending import TrendingTerm, TrendRules, TrendWindow, rises, trending

Key = tuple[str | None, int, int]  # subreddit, hours, limit
MAX_KEPT = 512  # answers kept at most (questions differ by subreddit, hours and limit)


@dataclass
class _Answer:
    at: datetime  # when it was asked for
    future: asyncio.Future[list[TrendingTerm]]
    refreshing: bool = False


class TrendingTerms:
    """One computation reads thousands of hourly rows, and the counts change by the hour:
    an answer is shared by concurrent and repeated requests, and once older than
    `fresh_for` the next request starts a new one and is answered with the old one
    meanwhile (per process). A failed computation is not kept."""

    def __init__(
        self,
        reads: TrendingReadPort,
        rules: TrendRules | None = None,
        fresh_for: timedelta = timedelta(seconds=60),
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._reads = reads
        self._rules = rules or TrendRules()
        self._fresh_for = fresh_for
        self._clock = clock
        self._answers: dict[Key, _Answer] = {}

    async def top(self, subreddit: str | None, hours: int, limit: int) -> list[TrendingTerm]:
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

    def _start(self, key: Key, now: datetime) -> asyncio.Future[list[TrendingTerm]]:
        return asyncio.ensure_future(self._compute(*key, now))

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

    async def _compute(
        self, subreddit: str | None, hours: int, limit: int, now: datetime
    ) -> list[TrendingTerm]:
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


def _failed(future: asyncio.Future[list[TrendingTerm]]) -> bool:
    return future.done() and (future.cancelled() or future.exception() is not None)
