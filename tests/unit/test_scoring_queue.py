"""The scoring queue: calls submitted to the scoring pool and not finished yet, whatever
ends them (a result, an error, a cancel, a retry after a dead worker)."""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest

from adapters.metrics.scoring_queue import NAME, ScoringQueueCollector
from adapters.respawning_pool import RespawningProcessPool
from tests.metrics_text import sample


def wait_for_file(path: Path) -> int:
    while not path.exists():
        time.sleep(0.01)
    return 1


def fail() -> None:
    raise ValueError("bad text")


def die_the_first_time(marker: Path) -> int:
    if not marker.exists():
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return 2


def settled(future: Future[Any]) -> None:
    """Waits for the future's done callbacks, not only its result: callbacks run in the
    order they were added, so one added now runs after the pool's own bookkeeping."""
    done = threading.Event()
    future.add_done_callback(lambda _: done.set())
    assert done.wait(60)


def test_calls_count_from_submission_until_they_finish(
    pool: RespawningProcessPool, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    futures = [pool.submit(wait_for_file, go) for _ in range(3)]  # one runs, two wait
    assert pool.pending() == 3
    go.touch()
    for future in futures:
        settled(future)
    assert [f.result() for f in futures] == [1, 1, 1]
    assert pool.pending() == 0


def test_a_failed_or_cancelled_call_leaves_the_queue(
    pool: RespawningProcessPool, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    blocker = pool.submit(wait_for_file, go)
    failing = pool.submit(fail)
    cancelled = pool.submit(wait_for_file, go)
    assert cancelled.cancel()
    settled(cancelled)
    assert pool.pending() == 2
    go.touch()
    settled(blocker)
    settled(failing)
    assert isinstance(failing.exception(), ValueError)
    assert pool.pending() == 0


def test_a_call_retried_after_its_worker_died_counts_once(
    pool: RespawningProcessPool, tmp_path: Path
) -> None:
    future = pool.submit(die_the_first_time, tmp_path / "died")
    assert pool.pending() == 1
    settled(future)
    assert future.result() == 2 and pool.respawns == 1
    assert pool.pending() == 0


class Queued:
    def __init__(self, calls: int) -> None:
        self.calls = calls

    def pending(self) -> int:
        return self.calls


def test_the_gauge_reads_the_pool_at_scrape_time() -> None:
    queued = Queued(0)
    registry = CollectorRegistry()
    registry.register(ScoringQueueCollector(lambda: queued))
    assert sample(generate_latest(registry).decode(), NAME) == 0
    queued.calls = 7
    assert sample(generate_latest(registry).decode(), NAME) == 7
