"""The lease holder starts a cycle only once the board agrees: scheduled or asked for, from
this process or another, one at a time."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from application.collect_requests import CollectRequests
from application.collection import CollectionRunner
from application.collector import Collector
from domain.collection import CycleService
from domain.lease import COLLECTOR, Requested
from tests.fakes import T0, FakeReddit, FakeRepository, FakeSentiment

LEASE = timedelta(seconds=30)


def collector_with(
    reddit: FakeReddit, repo: FakeRepository, holder: str = "me"
) -> tuple[Collector, CollectionRunner]:
    service = CycleService(reddit, FakeSentiment(), repo, clock=lambda: T0)
    runner = CollectionRunner(service, repo, ["a"], clock=lambda: T0)
    collector = Collector(runner, repo, holder, clock=lambda: T0, poll_s=0.01)
    collector.next_run = lambda: T0 + timedelta(minutes=30)
    return collector, runner


async def test_a_scheduled_run_is_marked_on_the_board_while_it_runs() -> None:
    reddit, repo = FakeReddit(), FakeRepository()
    reddit.release = asyncio.Event()
    collector, runner = collector_with(reddit, repo)
    await repo.acquire_lease(COLLECTOR, "me", T0, T0 + LEASE)

    run = asyncio.create_task(collector.run_once("scheduled"))
    await asyncio.sleep(0.01)
    board = await repo.lease(COLLECTOR)
    assert board is not None and board.running_cycle_id == runner.running_cycle_id is not None
    reddit.release.set()
    cycle = await run

    assert cycle is not None and cycle.trigger == "scheduled"
    board = await repo.lease(COLLECTOR)
    assert board is not None
    assert (board.running_cycle_id, board.next_run_at) == (None, T0 + timedelta(minutes=30))


async def test_nothing_runs_without_the_lease() -> None:
    reddit, repo = FakeReddit(), FakeRepository()
    collector, _ = collector_with(reddit, repo)
    await repo.acquire_lease(COLLECTOR, "someone else", T0, T0 + LEASE)
    assert await collector.run_once("scheduled") is None
    assert repo.cycles == {}


async def test_a_cycle_asked_for_starts_under_the_id_its_asker_was_given() -> None:
    reddit, repo = FakeReddit(), FakeRepository()
    collector, _ = collector_with(reddit, repo)
    await repo.acquire_lease(COLLECTOR, "me", T0, T0 + LEASE)
    asked = await CollectRequests(repo, wake=collector.wake, clock=lambda: T0).request()
    assert asked.outcome is Requested.ACCEPTED and asked.cycle_id is not None

    stop = asyncio.Event()
    watching = asyncio.create_task(collector.take_requests(stop))
    for _ in range(200):
        if asked.cycle_id in repo.cycles and repo.cycles[asked.cycle_id].finished_at:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await watching

    assert repo.cycles[asked.cycle_id].trigger == "manual"
    assert len(repo.cycles) == 1


async def test_the_schedule_runs_a_cycle_asked_for_instead_of_its_own() -> None:
    reddit, repo = FakeReddit(), FakeRepository()
    collector, _ = collector_with(reddit, repo)
    await repo.acquire_lease(COLLECTOR, "me", T0, T0 + LEASE)
    asked = await repo.request_cycle(COLLECTOR, "asked-1", T0)
    assert asked.outcome is Requested.ACCEPTED

    cycle = await collector.run_once("scheduled")
    assert cycle is not None and (cycle.id, cycle.trigger) == ("asked-1", "manual")


async def test_a_cancelled_cycle_leaves_the_board_free() -> None:
    reddit, repo = FakeReddit(), FakeRepository()
    reddit.release = asyncio.Event()  # never set
    collector, runner = collector_with(reddit, repo)
    await repo.acquire_lease(COLLECTOR, "me", T0, T0 + LEASE)
    run = asyncio.create_task(collector.run_once("scheduled"))
    await asyncio.sleep(0.01)
    await runner.stop()
    assert await run is None
    board = await repo.lease(COLLECTOR)
    assert board is not None and board.running_cycle_id is None
