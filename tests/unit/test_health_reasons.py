"""Health says "degraded" whenever something needs a person, and says why."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from application.health import Expectations, HealthState, newest, reasons
from domain.lease import LeaseState
from domain.model import CollectionCycle, StoreState
from tests.fakes import T0

WELL = StoreState(readable=True, writable=True)
INTERVAL = timedelta(minutes=30)
COLLECTING = LeaseState("host:1:ab", T0 + timedelta(seconds=20))  # a collector holds it


def cycle(minutes_ago: float, failed: str | None = None) -> CollectionCycle:
    started = T0 - timedelta(minutes=minutes_ago)
    made = CollectionCycle(id=f"c{minutes_ago}", trigger="scheduled", started_at=started)
    if failed:
        made.abort(started + timedelta(seconds=5), failed)
    else:
        made.finish(started + timedelta(seconds=5))
    return made


BASE = Expectations(started_at=T0 - timedelta(hours=5), collect_every=INTERVAL)


def expect(**changes: Any) -> Expectations:
    return dataclasses.replace(BASE, **changes)


def test_all_well_has_no_reason() -> None:
    last = cycle(10)
    state = HealthState(WELL, last, last.finished_at, COLLECTING)
    assert reasons(state, expect(), T0) == []


def test_each_trouble_is_a_reason_of_its_own() -> None:
    last = cycle(10, failed="OperationalError: attempt to write a readonly database")
    state = HealthState(
        StoreState(True, False, "the database is read-only: x.db: Operation not permitted"),
        last,
        T0 - timedelta(hours=2),
        COLLECTING,
    )
    found = reasons(
        state,
        expect(reddit_problem="Reddit is not configured", helpers_down=["collector"]),
        T0,
    )
    assert found == [
        "the database is read-only: x.db: Operation not permitted",
        "Reddit is not configured",
        "the last cycle failed: OperationalError: attempt to write a readonly database",
        "no cycle has collected for 120 min (2 intervals)",
        "the collector process is down: it restarts on next use",
    ]


def test_no_success_counts_from_the_start_of_the_process_at_the_earliest() -> None:
    state = HealthState(WELL, None, None, COLLECTING)
    assert reasons(state, expect(started_at=T0 - timedelta(minutes=59)), T0) == []
    assert reasons(state, expect(started_at=T0 - timedelta(minutes=61)), T0) == [
        "no cycle has collected for 61 min (2 intervals)"
    ]


def test_nobody_holding_the_collector_lease_is_a_reason() -> None:
    released = LeaseState("host:1:ab", T0)  # released, or its holder died
    for collector in (None, released):
        state = HealthState(WELL, None, None, collector)
        assert reasons(state, expect(), T0) == [
            "no process collects: nobody holds the collector lease "
            "(start `redditpulse scheduler`, or `serve`)"
        ]


def test_a_deployment_that_collects_nothing_expects_no_cycle() -> None:
    state = HealthState(WELL, None, None)
    assert reasons(state, expect(collect_every=None), T0) == []


def test_a_read_only_database_without_details_is_still_named() -> None:
    state = HealthState(StoreState(True, False), None, None)
    assert reasons(state, expect(collect_every=None), T0) == ["the database is read-only"]


def test_the_newest_cycle_wins() -> None:
    old, new = cycle(60), cycle(5)
    assert newest([old, None, new]) is new
    assert newest([None]) is None
