"""The collector lease in the shared database: one holder at a time, taken over once it
expires (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from adapters.sql.store import SqlStore
from domain.lease import COLLECTOR, LeaseState
from tests.fakes import T0

SECOND = timedelta(seconds=1)


def test_one_holder_at_a_time_until_it_expires(engine: Engine) -> None:
    first, second = SqlStore(engine), SqlStore(engine)

    assert first.acquire_lease(COLLECTOR, "a", T0, T0 + 30 * SECOND) == LeaseState(
        "a", T0 + 30 * SECOND
    )
    assert second.acquire_lease(COLLECTOR, "b", T0 + SECOND, T0 + 31 * SECOND).holder == "a"
    renewed = first.acquire_lease(COLLECTOR, "a", T0 + 10 * SECOND, T0 + 40 * SECOND)
    assert renewed == LeaseState("a", T0 + 40 * SECOND)
    assert second.acquire_lease(COLLECTOR, "b", T0 + 39 * SECOND, T0 + 69 * SECOND).holder == "a"

    taken = second.acquire_lease(COLLECTOR, "b", T0 + 41 * SECOND, T0 + 71 * SECOND)
    assert taken == LeaseState("b", T0 + 71 * SECOND)
    assert first.acquire_lease(COLLECTOR, "a", T0 + 42 * SECOND, T0 + 72 * SECOND).holder == "b"
    assert first.lease(COLLECTOR) == LeaseState("b", T0 + 71 * SECOND)


def test_a_released_lease_is_free_and_only_its_holder_releases_it(engine: Engine) -> None:
    store = SqlStore(engine)
    store.acquire_lease(COLLECTOR, "a", T0, T0 + 30 * SECOND)

    store.release_lease(COLLECTOR, "b")
    assert store.lease(COLLECTOR) == LeaseState("a", T0 + 30 * SECOND)
    store.release_lease(COLLECTOR, "a")
    assert store.lease(COLLECTOR) is None
    assert store.acquire_lease(COLLECTOR, "b", T0 + SECOND, T0 + 31 * SECOND).holder == "b"
    assert store.lease("another") is None
