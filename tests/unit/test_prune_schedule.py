"""The daily prune job sits next to the collection job: it prunes items when
RETENTION_DAYS is set, and trending's term counts past their horizon always."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from application.retention import Retention
from entrypoints.container import Container
from entrypoints.scheduler import PRUNE_JOB_ID, CollectionScheduler, Pruner
from entrypoints.settings import Settings

# The real use case must stay one the schedule can run: mypy checks this line.
_pruner: type[Pruner] = Retention


def scheduler_of(days: float, tmp_path: Path) -> tuple[Container, CollectionScheduler]:
    container = Container()
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path}/p.db")
    container.settings.override(settings.model_copy(update={"retention_days": days}))
    return container, container.scheduler()


@pytest.mark.parametrize("days", [30, 0.5])
async def test_retention_days_set_registers_a_daily_prune(tmp_path: Path, days: float) -> None:
    container, scheduler = scheduler_of(days, tmp_path)
    scheduler.start()
    try:
        assert scheduler._scheduler is not None
        job = scheduler._scheduler.get_job(PRUNE_JOB_ID)
        assert job is not None, "no prune job"
        assert job.trigger.interval == timedelta(days=1)
        assert job.func == container.retention().prune_daily
        assert job.next_run_time > datetime.now(UTC), "not at startup: after the first cycles"
        assert (job.max_instances, job.coalesce) == (1, True)
    finally:
        scheduler.shutdown()
        container.shutdown_resources()


async def test_retention_days_zero_prunes_term_counts_only(tmp_path: Path) -> None:
    container, scheduler = scheduler_of(0, tmp_path)
    scheduler.start()
    try:
        assert scheduler._scheduler is not None
        job = scheduler._scheduler.get_job(PRUNE_JOB_ID)
        assert job is not None and job.func == container.retention().prune_daily
        assert container.retention().enabled is False, "items are kept"
        assert scheduler.status()["running"], "collection is scheduled all the same"
    finally:
        scheduler.shutdown()
        container.shutdown_resources()
