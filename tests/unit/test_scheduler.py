"""The APScheduler wiring: startup returns at once, the first run comes after the delay."""

from __future__ import annotations

import asyncio
import time

from application.collection import CollectionRunner
from entrypoints.scheduler import JOB_ID, CollectionScheduler, Runner

# The real runner must stay one the schedule can run: mypy checks this line.
_runner: type[Runner] = CollectionRunner


class CountingRunner:
    def __init__(self) -> None:
        self.runs: list[tuple[str, float]] = []
        self.started: asyncio.Queue[None] = asyncio.Queue()
        self.release = asyncio.Event()

    async def run_once(self, trigger: str) -> None:
        self.runs.append((trigger, time.monotonic()))
        self.started.put_nowait(None)
        await self.release.wait()

    async def next_start(self) -> None:
        await asyncio.wait_for(self.started.get(), timeout=10)


async def test_first_run_after_the_delay_and_never_two_at_once() -> None:
    runner = CountingRunner()
    scheduler = CollectionScheduler(runner, interval_minutes=0.1 / 60, initial_delay_seconds=0.3)
    t0 = time.monotonic()
    scheduler.start()
    assert time.monotonic() - t0 < 0.1, "start must not wait for the first cycle"
    status = scheduler.status()
    assert status["running"] is True and status["next_run_at"] is not None

    await asyncio.sleep(0.15)
    assert runner.runs == []
    await runner.next_start()
    trigger, at = runner.runs[0]
    assert trigger == "scheduled" and at - t0 >= 0.3
    await asyncio.sleep(0.5)  # five intervals pass while the first run is held open
    assert len(runner.runs) == 1, "max_instances=1: no second run while the first runs"

    runner.release.set()
    await runner.next_start()  # runs go on at the interval
    assert scheduler._scheduler is not None
    job = scheduler._scheduler.get_job(JOB_ID)
    assert (job.max_instances, job.coalesce) == (1, True)
    scheduler.shutdown()
    assert scheduler.status() == {"running": False, "next_run_at": None}


def test_status_before_start() -> None:
    scheduler = CollectionScheduler(CountingRunner(), 30, 5)
    assert scheduler.status() == {"running": False, "next_run_at": None}
