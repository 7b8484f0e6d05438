"""The collector lease and its board: one contract for the fake and for SQL on SQLite and
PostgreSQL. One holder at a time, taken over once it expires; one cycle at a time,
whether scheduled or asked for, whoever asks."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Protocol

import pytest

from adapters.offloaded import Offloaded
from adapters.sql.store import SqlStore
from domain.lease import COLLECTOR, CycleClaim, CycleRequest, LeaseState, Requested
from domain.ports import CycleBoardPort, CycleRequestPort, LeasePort
from tests.fake_leases import FakeLeases
from tests.fakes import T0
from tests.servers.databases import schema_engine

SECOND = timedelta(seconds=1)


class Board(LeasePort, CycleBoardPort, CycleRequestPort, Protocol):
    """All three ports: what both backends provide."""


@pytest.fixture(params=["fake", "sqlite", "postgresql"])
def leases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Board]:
    if request.param == "fake":
        yield FakeLeases()
        return
    engine = schema_engine(request, tmp_path)
    with ThreadPoolExecutor(2) as threads:
        yield Offloaded(SqlStore(engine), threads)
    engine.dispose()


async def test_one_holder_at_a_time_until_it_expires(leases: Board) -> None:
    first = await leases.acquire_lease(COLLECTOR, "a", T0, T0 + 30 * SECOND)
    assert (first.holder, first.expires_at, first.acquired_at) == ("a", T0 + 30 * SECOND, T0)
    assert (await leases.acquire_lease(COLLECTOR, "b", T0 + SECOND, T0 + 31 * SECOND)) == first
    renewed = await leases.acquire_lease(COLLECTOR, "a", T0 + 10 * SECOND, T0 + 40 * SECOND)
    assert (renewed.holder, renewed.expires_at, renewed.acquired_at) == ("a", T0 + 40 * SECOND, T0)
    refused = await leases.acquire_lease(COLLECTOR, "b", T0 + 39 * SECOND, T0 + 69 * SECOND)
    assert refused.holder == "a"

    taken = await leases.acquire_lease(COLLECTOR, "b", T0 + 41 * SECOND, T0 + 71 * SECOND)
    assert (taken.holder, taken.acquired_at) == ("b", T0 + 41 * SECOND)
    again = await leases.acquire_lease(COLLECTOR, "a", T0 + 42 * SECOND, T0 + 72 * SECOND)
    assert again.holder == "b"
    assert await leases.lease(COLLECTOR) == taken
    assert await leases.lease("another") is None


async def test_a_released_lease_is_free_and_only_its_holder_releases_it(leases: Board) -> None:
    await leases.acquire_lease(COLLECTOR, "a", T0, T0 + 30 * SECOND)

    await leases.release_lease(COLLECTOR, "b", T0 + SECOND)
    held = await leases.lease(COLLECTOR)
    assert held is not None and held.held_by("a", T0 + 2 * SECOND)
    await leases.release_lease(COLLECTOR, "a", T0 + SECOND)
    released = await leases.lease(COLLECTOR)
    assert released is not None and not released.live(T0 + SECOND)
    taken = await leases.acquire_lease(COLLECTOR, "b", T0 + 2 * SECOND, T0 + 32 * SECOND)
    assert taken.holder == "b"
    await leases.release_lease("another", "b", T0)
    assert await leases.lease("another") is None


async def test_one_cycle_at_a_time_and_only_by_the_holder(leases: Board) -> None:
    assert await leases.begin_cycle(COLLECTOR, "a", "c1", T0) is None  # no lease yet
    await leases.acquire_lease(COLLECTOR, "a", T0, T0 + 30 * SECOND)
    assert await leases.begin_cycle(COLLECTOR, "b", "c1", T0) is None  # not the holder
    assert await leases.begin_cycle(COLLECTOR, "a", None, T0) is None  # nothing asked for

    assert await leases.begin_cycle(COLLECTOR, "a", "c1", T0) == CycleClaim("c1", False)
    assert await leases.begin_cycle(COLLECTOR, "a", "c2", T0) is None  # c1 runs
    assert (await leases.lease(COLLECTOR)) == LeaseState(
        "a", T0 + 30 * SECOND, running_cycle_id="c1", acquired_at=T0
    )
    await leases.end_cycle(COLLECTOR, "a", "c0", T0)  # not the running one: no change
    assert (await _state(leases)).running_cycle_id == "c1"
    await leases.end_cycle(COLLECTOR, "a", "c1", T0 + 60 * SECOND)
    ended = await _state(leases)
    assert (ended.running_cycle_id, ended.next_run_at) == (None, T0 + 60 * SECOND)
    assert await leases.begin_cycle(COLLECTOR, "a", "c2", T0 + SECOND) == CycleClaim("c2", False)
    # Expired: the holder may not start another.
    await leases.end_cycle(COLLECTOR, "a", "c2", None)
    assert await leases.begin_cycle(COLLECTOR, "a", "c3", T0 + 31 * SECOND) is None


async def test_a_request_is_taken_up_by_the_holder_under_its_id(leases: Board) -> None:
    no_one = await leases.request_cycle(COLLECTOR, "r1", T0)
    assert no_one == CycleRequest(Requested.NO_COLLECTOR, None)
    await leases.acquire_lease(COLLECTOR, "a", T0, T0 + 30 * SECOND)

    assert await leases.request_cycle(COLLECTOR, "r1", T0) == CycleRequest(Requested.ACCEPTED, "r1")
    assert await leases.request_cycle(COLLECTOR, "r2", T0) == CycleRequest(Requested.PENDING, "r1")
    pending = await _state(leases)
    assert (pending.requested_cycle_id, pending.requested_at) == ("r1", T0)

    # The next cycle to start is the one asked for, even when the schedule starts it.
    assert await leases.begin_cycle(COLLECTOR, "a", "s1", T0) == CycleClaim("r1", True)
    assert await leases.request_cycle(COLLECTOR, "r3", T0) == CycleRequest(Requested.RUNNING, "r1")
    await leases.end_cycle(COLLECTOR, "a", "r1", None)
    assert await leases.begin_cycle(COLLECTOR, "a", None, T0) is None  # nothing left asked for


async def test_a_request_outlives_its_collector_and_the_next_holder_runs_it(
    leases: Board,
) -> None:
    await leases.acquire_lease(COLLECTOR, "a", T0, T0 + 30 * SECOND)
    assert await leases.begin_cycle(COLLECTOR, "a", "s1", T0) == CycleClaim("s1", False)
    await leases.note_next_run(COLLECTOR, "a", T0 + 60 * SECOND)
    # "a" dies mid-cycle (never ends it); a request comes while its lease still runs.
    assert await leases.request_cycle(COLLECTOR, "r1", T0) == CycleRequest(Requested.RUNNING, "s1")

    taken = await leases.acquire_lease(COLLECTOR, "b", T0 + 31 * SECOND, T0 + 61 * SECOND)
    assert (taken.running_cycle_id, taken.next_run_at) == (None, None)  # died with "a"
    later = T0 + 32 * SECOND
    assert await leases.request_cycle(COLLECTOR, "r2", later) == CycleRequest(
        Requested.ACCEPTED, "r2"
    )
    await leases.release_lease(COLLECTOR, "b", later)  # "b" stops before taking it up
    assert await leases.request_cycle(COLLECTOR, "r3", later) == CycleRequest(
        Requested.NO_COLLECTOR, None
    )
    await leases.acquire_lease(COLLECTOR, "c", later, later + 30 * SECOND)
    assert await leases.begin_cycle(COLLECTOR, "c", None, later) == CycleClaim("r2", True)


async def _state(leases: Board) -> LeaseState:
    state = await leases.lease(COLLECTOR)
    assert state is not None
    return state
