"""The trending use case: candidates by G², distinct authors read for the strongest first,
answers shared for a while."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest

from application.trending import TrendingTerms
from domain.errors import StoreUnavailable
from domain.term_hours import ALL_ITEMS
from domain.trending import TermCounts, TermSample, TrendWindow
from tests.fakes import T0


class StubReads:
    """`spam` terms rise most but have one author; `real` ones have 16."""

    def __init__(self, spam: int, real: int) -> None:
        self.terms = [TermCounts(ALL_ITEMS, 1000, 7000, 1000, 7000, 0.0)]
        self.terms += [TermCounts(f"spam{n}", 300, 0, 60 - n / 10, 0, 0) for n in range(spam)]
        self.terms += [TermCounts(f"real{n}", 20, 0, 20 - n / 10, 0, 0) for n in range(real)]
        self.counts_read = 0
        self.samples_read: list[int] = []
        self.fail = False
        self.release: asyncio.Event | None = None

    async def term_counts(
        self, subreddit: str | None, window: TrendWindow, min_mentions: int, min_authors: int
    ) -> list[TermCounts]:
        self.counts_read += 1
        if self.release is not None:
            await self.release.wait()
        if self.fail:
            raise StoreUnavailable("database unavailable: locked")
        return self.terms

    async def term_samples(
        self, subreddit: str | None, window: TrendWindow, terms: Sequence[str]
    ) -> dict[str, TermSample]:
        self.samples_read.append(len(terms))
        return {t: TermSample(1 if t.startswith("spam") else 0xFFFF, (f"p{t}",)) for t in terms}


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


async def test_single_author_candidates_are_passed_over_reading_further() -> None:
    reads = StubReads(spam=25, real=5)
    found = await TrendingTerms(reads).top(None, 24, 3)
    assert [t.term for t in found] == ["real0", "real1", "real2"]
    assert reads.samples_read == [13, 13, 4]  # limit + 10 at a time, until enough pass


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_an_answer_is_kept_for_a_while_then_refreshed_behind_the_old_one() -> None:
    reads, clock = StubReads(0, 3), Clock()
    trending = TrendingTerms(reads, fresh_for=timedelta(seconds=60), clock=clock)
    first = await trending.top("python", 24, 20)
    clock.now += timedelta(seconds=59)
    assert await trending.top("python", 24, 20) == first
    assert reads.counts_read == 1
    await trending.top("rust", 24, 20)
    assert reads.counts_read == 2  # another question
    reads.terms = reads.terms[:2]  # new counts: one term left
    clock.now += timedelta(seconds=1)
    assert await trending.top("python", 24, 20) == first  # at once, while it is refreshed
    await settle()
    assert reads.counts_read == 3
    assert [t.term for t in await trending.top("python", 24, 20)] == ["real0"]
    assert reads.counts_read == 3


async def test_a_failed_refresh_is_not_kept_the_next_request_sees_the_fault() -> None:
    reads, clock = StubReads(0, 3), Clock()
    trending = TrendingTerms(reads, fresh_for=timedelta(seconds=60), clock=clock)
    await trending.top(None, 24, 20)
    reads.fail = True
    clock.now += timedelta(minutes=5)
    assert len(await trending.top(None, 24, 20)) == 3  # the old answer, meanwhile
    await settle()
    with pytest.raises(StoreUnavailable):
        await trending.top(None, 24, 20)


async def test_concurrent_requests_share_one_computation() -> None:
    reads = StubReads(0, 3)
    reads.release = asyncio.Event()
    trending = TrendingTerms(reads)
    waiting = [asyncio.create_task(trending.top(None, 24, 20)) for _ in range(5)]
    await asyncio.sleep(0)
    reads.release.set()
    answers = await asyncio.gather(*waiting)
    assert reads.counts_read == 1
    assert all(a == answers[0] and len(a) == 3 for a in answers)


async def test_a_failed_computation_is_not_kept() -> None:
    reads = StubReads(0, 3)
    reads.fail = True
    trending = TrendingTerms(reads)
    with pytest.raises(StoreUnavailable):
        await trending.top(None, 24, 20)
    reads.fail = False
    assert len(await trending.top(None, 24, 20)) == 3
