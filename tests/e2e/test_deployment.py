"""A deployment as a team runs it, in real processes on one database: two `scheduler`s
(one collects, one stands by) and two API processes (`api --workers 2` and `api`), with
admin triggers on both APIs all along. Cycles never overlap, every cycle an API accepted
runs under the id it answered, the standby takes over when the holder is killed, and
every process serves its /metrics. On PostgreSQL for a minute; on SQLite for 20 s."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from sqlalchemy.exc import SQLAlchemyError

from adapters.sql.engine import make_engine
from adapters.sql.store import SqlStore
from domain.errors import StoreUnavailable
from domain.lease import COLLECTOR
from domain.model import CollectionCycle
from tests.e2e.test_serve import free_port

CLI = str(Path(sys.executable).with_name("redditpulse"))
TOKEN = "deploy-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
LEASE_S = 3
T = TypeVar("T")


@dataclass
class Deployment:
    url: str
    folder: Path
    schedulers: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)  # metrics port
    apis: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)  # by base URL

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "COLLECTION_INTERVAL_MINUTES": "0.05",  # a scheduled cycle every 3 s
            "INITIAL_COLLECTION_DELAY_SECONDS": "0.5",
            "COLLECTOR_LEASE_SECONDS": str(LEASE_S),
            "ADMIN_TOKEN": TOKEN,
            "LOG_LEVEL": "INFO",
        }
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        log = (self.folder / f"{name}.log").open("wb")
        return subprocess.Popen([CLI, *args], env=env, cwd=self.folder, stdout=log, stderr=log)

    def stop(self) -> None:
        for process in [*self.schedulers.values(), *self.apis.values()]:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in [*self.schedulers.values(), *self.apis.values()]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def deployment(empty_database_url: str, tmp_path: Path) -> Iterator[Deployment]:
    running = Deployment(empty_database_url, tmp_path)
    # The schema first, as a deploy does (`redditpulse db upgrade`), then the processes.
    upgrade = running.start("upgrade", "db", "upgrade")
    assert upgrade.wait(timeout=60) == 0
    for i in range(2):
        port = free_port()
        running.schedulers[port] = running.start(
            f"scheduler-{i}", "scheduler", "--demo", "--metrics-port", str(port)
        )
    for i, extra in enumerate((["--workers", "2"], [])):
        port = free_port()
        process = running.start(f"api-{i}", "api", "--demo", "--port", str(port), *extra)
        running.apis[f"http://127.0.0.1:{port}"] = process
    try:
        yield running
    finally:
        running.stop()


def wait_for(predicate: Callable[[], T | None], seconds: float = 60) -> T:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if (found := predicate()) is not None:
                return found
        except (httpx.TransportError, StoreUnavailable, SQLAlchemyError):
            pass
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def cycles(store: SqlStore) -> list[CollectionCycle]:
    return sorted(store.recent_cycles(10_000), key=lambda c: c.started_at)


def holder_pid(store: SqlStore) -> int | None:
    lease = store.lease(COLLECTOR)
    return int(lease.holder.split(":")[1]) if lease is not None else None


@pytest.mark.slow
def test_two_schedulers_and_two_apis_under_triggers_one_cycle_at_a_time(
    deployment: Deployment, empty_database_url: str
) -> None:
    store = SqlStore(make_engine(empty_database_url))
    seconds = 60 if store._engine.dialect.name == "postgresql" else 20
    apis = list(deployment.apis)
    for base in apis:
        wait_for(partial(collector_holder, base))
    first_holder = wait_for(lambda: holder_pid(store))
    by_pid = {p.pid: (port, p) for port, p in deployment.schedulers.items()}
    assert first_holder in by_pid, "a scheduler holds the lease: never an API process"

    # /metrics from every process, while all four run.
    for port in deployment.schedulers:
        scraped = wait_for(partial(metrics, f"http://127.0.0.1:{port}"))
        assert "redditpulse_collector_lease_held" in scraped
    holder_metrics = wait_for(
        lambda: _with(metrics(f"http://127.0.0.1:{by_pid[first_holder][0]}"), "_cycles_total{")
    )
    assert "redditpulse_collector_lease_held 1.0" in holder_metrics

    answers: Counter[tuple[int, str]] = Counter()
    accepted: set[str] = set()
    killed_at: float | None = None
    start = time.monotonic()
    with httpx.Client(timeout=10) as client:
        for turn in itertools.count():
            elapsed = time.monotonic() - start
            if elapsed > seconds:
                break
            if killed_at is None and elapsed > seconds / 2:
                pid = holder_pid(store)
                assert pid in by_pid
                by_pid[pid][1].kill()  # kill -9: no release, a cycle may be left running
                by_pid[pid][1].wait()
                killed_at = time.monotonic()
            response = client.post(f"{apis[turn % 2]}/api/v1/admin/collect", headers=ADMIN)
            body = response.json()
            answers[(response.status_code, body.get("status", body.get("detail", "")[:20]))] += 1
            if response.status_code == 202:
                accepted.add(body["cycle_id"])
            else:
                assert response.status_code in (409, 503), body
            time.sleep(0.1)

    assert killed_at is not None
    new_holder = wait_for(lambda: holder_pid(store) if holder_pid(store) != first_holder else None)
    assert new_holder in by_pid and new_holder != first_holder
    # Every cycle an API accepted runs under the id it was given, even those accepted
    # just before the holder died: the request waits in the database for the next one.
    wait_for(lambda: _all_finished(store, accepted) or None, 60)
    found = [c for c in cycles(store) if c.status != "running"]
    for before, after in itertools.pairwise(found):
        assert before.finished_at is not None and before.finished_at <= after.started_at, (
            before,
            after,
        )
    manual = [c for c in found if c.trigger == "manual"]
    print(f"{len(found)} cycles ({len(manual)} asked for), answers: {dict(answers)}")
    assert {c.id for c in manual} == accepted
    assert len(accepted) >= 5, answers
    assert answers[(409, "already running")] > 0, answers

    # Every live process answers /metrics; an API process counts both workers' requests.
    for base in apis:
        health = httpx.get(f"{base}/api/v1/health").json()
        assert health["collector"]["holder"].split(":")[1] == str(new_holder)
        assert health["scheduler"]["next_run_at"] is not None
        from_api = metrics(base)
        assert from_api is not None and "redditpulse_collector_lease_held 0.0" in from_api
        ran = [
            line for line in from_api.splitlines() if line.startswith("redditpulse_cycles_total{")
        ]
        assert ran and all(line.endswith(" 0.0") for line in ran), "an API process ran a cycle"
        assert 'route="/api/v1/admin/collect",status="202"' in from_api
    survivor = metrics(f"http://127.0.0.1:{by_pid[new_holder][0]}")
    assert survivor is not None and "redditpulse_collector_lease_held 1.0" in survivor


def collector_holder(base: str) -> str | None:
    holder: str | None = httpx.get(f"{base}/api/v1/health").json()["collector"]["holder"]
    return holder


def metrics(base: str) -> str | None:
    response = httpx.get(f"{base}/metrics", timeout=10)
    return response.text if response.status_code == 200 else None


def _with(text: str | None, needle: str) -> str | None:
    return text if text is not None and needle in text else None


def _all_finished(store: SqlStore, ids: set[str]) -> bool:
    done = {c.id for c in cycles(store) if c.finished_at is not None}
    return ids <= done
