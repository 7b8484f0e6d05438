"""The process pools' workers: Ctrl-C is their parent's to handle, and they yield the CPU."""

from __future__ import annotations

import os
import signal

from adapters.worker_process import NICENESS
from entrypoints.container import process_pool


def test_pool_workers_ignore_ctrl_c_and_run_at_a_lower_priority_than_their_parent() -> None:
    pools = process_pool(workers=1)
    pool = next(pools)
    try:
        handler = pool.submit(signal.getsignal, signal.SIGINT).result(timeout=60)
        niceness = pool.submit(os.nice, 0).result(timeout=60)
    finally:
        next(pools, None)
    assert handler == signal.SIG_IGN
    assert niceness == min(19, os.nice(0) + NICENESS)
