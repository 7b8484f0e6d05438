"""What a worker process does first: leave Ctrl-C to its parent, and yield the CPU.

A terminal's Ctrl-C reaches every process of the group. The parent decides how to stop
(finish the batch, record the cycle); a worker that died of it first would print a
traceback and break the pool under the parent's feet.

Scoring is CPU-bound and can wait: at a lower priority it takes only the CPU the API
leaves (and takes all of it when the API is idle).
"""

from __future__ import annotations

import os
import signal

NICENESS = 10


def start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(NICENESS)
