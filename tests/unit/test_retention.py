"""Retention: the cut-off rule, and pruning a batch at a time over the fake store."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest

from application.retention import Pruned, Retention
from domain.errors import StoreUnavailable
from domain.retention import PruneCounts, RetentionPolicy
from tests.fakes import T0, FakeRepository, FakeTermStore, make_comment, make_post

NOW = datetime(2026, 11, 30, 14, 47, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def test_zero_days_keeps_everything() -> None:
    policy = RetentionPolicy(0)
    assert not policy.enabled
    assert policy.cutoff(NOW) is None


def test_the_cutoff_is_the_start_of_the_hour_the_retention_period_began_in() -> None:
    assert RetentionPolicy(30).cutoff(NOW) == datetime(2026, 10, 31, 14, tzinfo=UTC)
    assert RetentionPolicy(0.5).cutoff(NOW) == datetime(2026, 11, 30, 2, tzinfo=UTC)


def test_counts_add_up() -> None:
    total = PruneCounts(1, 2, 3, 4, 5) + PruneCounts(10, 20, 30, 40, 50)
    assert total == PruneCounts(11, 22, 33, 44, 55)
    assert total.items == 33


class Sleeps:
    def __init__(self) -> None:
        self.pauses: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.pauses.append(seconds)


def stored(days_old: list[float]) -> FakeRepository:
    """A post per age (days before NOW), each with two comments of its age."""
    fake = FakeRepository()
    for age in days_old:
        post = make_post(created_utc=NOW - age * DAY)
        fake.posts[post.id] = post
        fake.reads[post.id] = []
        for _ in range(2):
            comment = make_comment(post, created_utc=post.created_utc)
            fake.comments[comment.id] = comment
    return fake


def retention(fake: FakeRepository, days: float = 30, batch: int = 4) -> tuple[Retention, Sleeps]:
    sleeps = Sleeps()
    return Retention(fake, RetentionPolicy(days), lambda: NOW, batch, 0.25, sleeps), sleeps


async def test_prune_deletes_what_is_older_than_the_retention_a_batch_at_a_time() -> None:
    fake = stored([40, 35, 31, 29, 2])
    use_case, sleeps = retention(fake)
    totals: list[int] = []
    pruned = await use_case.prune(progress=lambda total: totals.append(total.items))
    assert pruned == Pruned(NOW.replace(minute=0, second=0) - 30 * DAY, PruneCounts(3, 6))
    assert totals == [4, 8, 9]  # 9 items, 4 a batch: the short third batch is the last
    assert sleeps.pauses == [0.25, 0.25]  # between batches, not after the last
    assert sorted(p.created_utc for p in fake.posts.values()) == [NOW - 29 * DAY, NOW - 2 * DAY]
    assert len(fake.comments) == 4


async def test_a_stop_lands_between_two_batches() -> None:
    fake = stored([40, 35, 31])
    use_case, _ = retention(fake)
    stop = asyncio.Event()
    pruned = await use_case.prune(stop, progress=lambda _: stop.set())
    assert pruned is not None and not pruned.finished
    assert pruned.counts.items == 4
    assert len(fake.posts) + len(fake.comments) == 5


async def test_the_preview_counts_what_a_prune_then_deletes() -> None:
    fake = stored([40, 35, 3])
    use_case, _ = retention(fake)
    preview = await use_case.preview()
    assert preview is not None and preview.counts == PruneCounts(2, 4)
    assert len(fake.posts) == 3  # a preview deletes nothing
    pruned = await use_case.prune()
    assert pruned is not None and pruned.counts == preview.counts


async def test_retention_off_prunes_nothing() -> None:
    fake = stored([4000])
    use_case, _ = retention(fake, days=0)
    assert not use_case.enabled
    assert await use_case.prune() is None and await use_case.preview() is None
    assert len(fake.posts) == 1


async def test_items_pruned_are_never_stored_again() -> None:
    fake = stored([40])
    old_post = next(iter(fake.posts.values()))
    use_case, _ = retention(fake)
    await use_case.prune()
    comeback = make_comment(old_post, created_utc=old_post.created_utc)
    fresh = make_post(created_utc=NOW)
    await fake.save_items([old_post, fresh], [comeback])
    assert list(fake.posts) == [fresh.id] and fake.comments == {}


class FailingStore(FakeRepository):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    async def prune_before(self, cutoff: datetime, batch: int) -> PruneCounts:
        raise self.error


@pytest.mark.parametrize(
    ("error", "traceback"),
    [(StoreUnavailable("database unavailable: disk I/O error"), False), (KeyError("bug"), True)],
)
async def test_the_daily_job_logs_a_failure_and_never_raises(
    caplog: pytest.LogCaptureFixture, error: Exception, traceback: bool
) -> None:
    use_case = Retention(FailingStore(error), RetentionPolicy(30), lambda: T0)
    with caplog.at_level(logging.INFO, logger="application.retention"):
        await use_case.prune_daily()
    [record] = caplog.records
    assert "pruning stopped" in record.getMessage()
    assert (record.exc_info is not None) == traceback  # a bug's traceback, a fault's line


async def test_the_daily_job_logs_what_it_deleted(caplog: pytest.LogCaptureFixture) -> None:
    use_case, _ = retention(stored([40]))
    with caplog.at_level(logging.INFO, logger="application.retention"):
        await use_case.prune_daily()
    assert caplog.messages == [
        "retention: deleted items created before 2026-10-31 14:00 UTC: 1 post, 2 comments, "
        "0 sentiments, 0 topic mentions, 0 post reads"
    ]


async def test_the_daily_job_prunes_term_counts_past_the_horizon_even_keeping_items(
    caplog: pytest.LogCaptureFixture,
) -> None:
    terms = FakeTermStore()
    now = datetime.now(UTC)
    old, recent = (
        make_post(title="ancient history lesson", created_utc=now - timedelta(days=16)),
        make_post(title="fresh history lesson", created_utc=now - timedelta(hours=1)),
    )
    terms.count([old, recent], now - timedelta(days=2))  # when the old one was still counted
    use_case = Retention(FakeRepository(), RetentionPolicy(0), lambda: now, terms=terms)
    assert use_case.daily and not use_case.enabled

    with caplog.at_level(logging.INFO, logger="application.retention"):
        await use_case.prune_daily()

    assert {hour for hour, _, _ in terms.rows} == {
        recent.created_utc.replace(minute=0, second=0, microsecond=0)
    }
    assert (
        caplog.messages[0].startswith("trending: deleted ") and "0 hourly" not in caplog.messages[0]
    )
    assert Retention(FakeRepository(), RetentionPolicy(0), lambda: now).daily is False
