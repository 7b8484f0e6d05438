"""A pool whose worker dies starts a new one and runs the dead worker's call again, once."""

from __future__ import annotations

import os
import signal
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from adapters.respawning_pool import RespawningProcessPool


def die_the_first_time(marker: Path) -> int:
    """Kills its own process unless `marker` exists (and creates it before dying)."""
    if not marker.exists():
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return os.getpid()


def always_die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_the_call_a_dead_worker_had_runs_again_in_a_new_one(
    pool: RespawningProcessPool, tmp_path: Path
) -> None:
    first = pool.submit(os.getpid).result(timeout=60)
    again = pool.submit(die_the_first_time, tmp_path / "died").result(timeout=60)
    assert again != first
    assert pool.respawns == 1
    assert pool.submit(os.getpid).result(timeout=60) == again


def test_a_call_that_kills_every_worker_fails_after_one_retry_and_the_pool_still_works(
    pool: RespawningProcessPool,
) -> None:
    with pytest.raises(BrokenProcessPool):
        pool.submit(always_die).result(timeout=60)
    assert pool.respawns == 2  # the first death, and the retry's
    assert pool.submit(os.getpid).result(timeout=60) > 0


def test_a_worker_killed_between_calls_is_replaced(pool: RespawningProcessPool) -> None:
    pid = pool.submit(os.getpid).result(timeout=60)
    os.kill(pid, signal.SIGKILL)
    assert pool.submit(os.getpid).result(timeout=60) not in (pid, 0)


def test_no_call_is_taken_after_shutdown(pool: RespawningProcessPool) -> None:
    pool.shutdown()
    with pytest.raises(RuntimeError, match="shutdown"):
        pool.submit(os.getpid)
