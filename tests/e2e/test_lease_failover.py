"""Two `redditpulse scheduler` processes on one database: exactly one collects, cycles
never overlap, and when the holder is killed the standby takes over (SQLite and
PostgreSQL)."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import SQLAlchemyError

from adapters.sql.engine import make_engine
from adapters.sql.store import SqlStore
from domain.errors import StoreUnavailable
from domain.lease import COLLECTOR
from domain.model import CollectionCycle

CLI = str(Path(sys.executable).with_name("redditpulse"))
LEASE_S = 3


@pytest.fixture
def schedulers(empty_database_url: str, tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    env = {
        **os.environ,
        "DATABASE_URL": empty_database_url,
        "COLLECTION_INTERVAL_MINUTES": "0.02",  # a cycle every 1.2 s
        "INITIAL_COLLECTION_DELAY_SECONDS": "0.2",
        "COLLECTOR_LEASE_SECONDS": str(LEASE_S),
        "LOG_LEVEL": "WARNING",
    }
    command = [CLI, "scheduler", "--demo"]
    quiet = subprocess.DEVNULL
    started = [
        subprocess.Popen(command, env=env, cwd=tmp_path, stdout=quiet, stderr=quiet)
        for _ in range(2)
    ]
    yield started
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


def cycles(store: SqlStore) -> list[CollectionCycle]:
    try:
        return sorted(store.recent_cycles(1000), key=lambda c: c.started_at)
    except (StoreUnavailable, SQLAlchemyError):  # the schedulers have not made the tables yet
        return []


def assert_never_overlapping(found: list[CollectionCycle]) -> None:
    for before, after in itertools.pairwise(found):
        assert before.finished_at is not None and before.finished_at <= after.started_at, (
            before,
            after,
        )


def wait_for(condition: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


@pytest.mark.slow
def test_one_scheduler_collects_and_the_standby_takes_over_when_it_is_killed(
    schedulers: list[subprocess.Popen[bytes]], empty_database_url: str
) -> None:
    store = SqlStore(make_engine(empty_database_url))
    wait_for(lambda: len([c for c in cycles(store) if c.finished_at]) >= 4, 60)
    lease = store.lease(COLLECTOR)
    assert lease is not None
    holder_pid = int(lease.holder.split(":")[1])
    by_pid = {process.pid: process for process in schedulers}
    assert holder_pid in by_pid, "the holder is one of the two schedulers"

    by_pid[holder_pid].kill()
    by_pid[holder_pid].wait()
    killed_at = cycles(store)[-1].started_at
    wait_for(lambda: any(c.started_at > killed_at and c.finished_at for c in cycles(store)), 60)

    taken = store.lease(COLLECTOR)
    assert taken is not None and taken.holder != lease.holder
    assert int(taken.holder.split(":")[1]) in by_pid
    found = [c for c in cycles(store) if c.status != "running"]
    assert_never_overlapping(found)
    assert len(found) >= 5
