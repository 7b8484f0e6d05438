"""The collection schedule: an interval job whose first run comes shortly after startup."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)
JOB_ID = "collect"


class Runner(Protocol):
    """All the schedule needs of application.collection.CollectionRunner."""

    async def run_once(self, trigger: str) -> object: ...


class CollectionScheduler:
    def __init__(
        self, runner: Runner, interval_minutes: float, initial_delay_seconds: float
    ) -> None:
        self._runner = runner
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
