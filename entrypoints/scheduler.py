"""The collection schedule: an interval job whose first run comes shortly after startup."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)
JOB_ID = "collect"
TOPICS_JOB_ID = "match-topics"
TRENDING_JOB_ID = "trending-ahead"
TRENDING_EVERY = timedelta(minutes=5)  # trending answers are computed ahead this often
TOPICS_EVERY_S = 5.0  # how soon a new topic's matching of stored history begins
PRUNE_JOB_ID = "prune"
PRUNE_EVERY = timedelta(days=1)
PRUNE_FIRST_AFTER = timedelta(minutes=10)  # after startup, once the first cycles are done


class Runner(Protocol):
    """All the schedule needs of application.collection.CollectionRunner."""

    async def run_once(self, trigger: str) -> object: ...


class TopicMatcher(Protocol):
    """All the schedule needs of application.analytics.TopicMatching."""

    async def run(self) -> int: ...


class Pruner(Protocol):
    """All the schedule needs of application.retention.Retention."""

    @property
    def daily(self) -> bool: ...

    async def prune_daily(self) -> None: ...


class Refresher(Protocol):
    """All the schedule needs of application.trending.TrendingSnapshots."""

    async def refresh(self) -> int: ...


class CollectionScheduler:
    def __init__(
        self,
        runner: Runner,
        interval_minutes: float,
        initial_delay_seconds: float,
        topic_matching: TopicMatcher | None = None,
        trending_ahead: Refresher | None = None,
        retention: Pruner | None = None,
    ) -> None:
        self._runner = runner
        self._topic_matching = topic_matching
        self._trending_ahead = trending_ahead
        self._retention = retention
        self._interval = timedelta(minutes=interval_minutes)
        self._initial_delay = timedelta(seconds=initial_delay_seconds)
        self._scheduler: AsyncIOScheduler | None = None

    def start(self) -> None:
        """Needs a running event loop; returns at once, the first cycle comes after the delay."""
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(
            self._runner.run_once,
            "interval",
            args=["scheduled"],
            id=JOB_ID,
            seconds=self._interval.total_seconds(),
            next_run_time=datetime.now(UTC) + self._initial_delay,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )
        if self._topic_matching is not None:
            scheduler.add_job(
                self._topic_matching.run,
                "interval",
                id=TOPICS_JOB_ID,
                seconds=TOPICS_EVERY_S,
                next_run_time=datetime.now(UTC) + self._initial_delay,
                max_instances=1,
                coalesce=True,
            )
        if self._trending_ahead is not None:
            scheduler.add_job(
                self._trending_ahead.refresh,
                "interval",
                id=TRENDING_JOB_ID,
                seconds=TRENDING_EVERY.total_seconds(),
                # After the first cycle's items are in.
                next_run_time=datetime.now(UTC) + self._initial_delay + timedelta(seconds=30),
                max_instances=1,
                coalesce=True,
            )
        if self._retention is not None and self._retention.daily:
            scheduler.add_job(
                self._retention.prune_daily,
                "interval",
                id=PRUNE_JOB_ID,
                seconds=PRUNE_EVERY.total_seconds(),
                next_run_time=datetime.now(UTC) + PRUNE_FIRST_AFTER,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=None,
            )
        scheduler.start()
        self._scheduler = scheduler
        log.info(
            "scheduler started: first cycle in %.0f s, then every %.1f min",
            self._initial_delay.total_seconds(),
            self._interval.total_seconds() / 60,
        )

    def shutdown(self) -> None:
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=False)

    def status(self) -> dict[str, Any]:
        scheduler = self._scheduler
        job = scheduler.get_job(JOB_ID) if scheduler is not None and scheduler.running else None
        return {
            "running": job is not None,
            "next_run_at": job.next_run_time if job is not None else None,
        }
