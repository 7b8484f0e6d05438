"""One cycle at a time in a process, and the end of interrupted cycles."""

from __future__ import annotations

import asyncio

from application.collection import INTERRUPTED, CollectionRunner
from domain.collection import CycleService
from domain.model import CollectionCycle, CycleStatus
from tests.fakes import T0, FakeReddit, FakeRepository, FakeSentiment, make_post


def runner_with(reddit: FakeReddit, repo: FakeRepository) -> CollectionRunner:
    service = CycleService(reddit, FakeSentiment(), repo, clock=lambda: T0)
    return CollectionRunner(service, repo, ["a"], clock=lambda: T0)


async def test_a_second_run_is_refused_while_one_runs() -> None:
    reddit, repo = FakeReddit(), FakeRepository()
    reddit.release = asyncio.Event()
    runner = runner_with(reddit, repo)

    first = asyncio.create_task(runner.run_once("manual", "c-1"))
    await asyncio.sleep(0)
    assert runner.running_cycle_id == "c-1"
    assert await runner.run_once("scheduled") is None

    reddit.release.set()
    cycle = await first
    assert cycle is not None and (cycle.id, cycle.trigger) == ("c-1", "manual")
    assert runner.running_cycle_id is None
    assert repo.cycles["c-1"].status is CycleStatus.SUCCEEDED
    assert len(repo.cycles) == 1


async def test_a_new_cycle_can_start_after_the_last_one_ended() -> None:
    reddit, repo = FakeReddit(), FakeRepository()
    reddit.add(make_post("a"))
    runner = runner_with(reddit, repo)
    first = await runner.run_once("scheduled")
    second = await runner.run_once("scheduled")
    assert first is not None and second is not None and second.id != first.id
    assert len(repo.cycles) == 2


async def test_cycles_start_again_once_resumed_after_a_stop() -> None:
    runner = runner_with(FakeReddit(), FakeRepository())
    await runner.stop()
    assert await runner.run_once("scheduled") is None
    runner.resume()
    assert await runner.run_once("scheduled") is not None


async def test_stopping_records_the_running_cycle_as_interrupted() -> None:
    reddit, repo = FakeReddit(), FakeRepository()
    reddit.release = asyncio.Event()  # never set: the cycle hangs until cancelled
    runner = runner_with(reddit, repo)
    run = asyncio.create_task(runner.run_once("manual", "c-1"))
    await asyncio.sleep(0.01)
    await runner.stop()

    assert await run is None
    cycle = repo.cycles["c-1"]
    assert cycle.status is CycleStatus.FAILED
    assert cycle.failures[-1].error == INTERRUPTED
    assert runner.running_cycle_id is None


async def hanging_run(
    trigger: str,
) -> tuple[CollectionRunner, FakeRepository, asyncio.Task[CollectionCycle | None]]:
    """A runner whose cycle hangs on Reddit until cancelled, and the task running it."""
    reddit, repo = FakeReddit(), FakeRepository()
    reddit.release = asyncio.Event()  # never set
    runner = runner_with(reddit, repo)
    run = asyncio.create_task(runner.run_once(trigger))
    await asyncio.sleep(0.01)
    return runner, repo, run


async def test_a_run_that_stop_ends_returns_none_and_its_caller_goes_on() -> None:
    runner, repo, run = await hanging_run("scheduled")
    await runner.stop()

    assert await run is None
    assert [c.failures[-1].error for c in repo.cycles.values()] == [INTERRUPTED]


async def test_cancelling_the_caller_of_a_run_cancels_its_cycle() -> None:
    runner, repo, run = await hanging_run("cli")
    run.cancel()

    await asyncio.gather(run, return_exceptions=True)
    assert run.cancelled()
    await runner.wait_idle()
    assert [c.failures[-1].error for c in repo.cycles.values()] == [INTERRUPTED]
    assert runner.running_cycle_id is None


async def test_no_scheduled_run_starts_a_cycle_once_stopped() -> None:
    reddit, repo = FakeReddit(), FakeRepository()
    runner = runner_with(reddit, repo)
    await runner.stop()
    assert await runner.run_once("scheduled") is None
    assert repo.cycles == {}
