"""What a worker process does first: leave Ctrl-C and SIGTERM to its parent, yield the
CPU, and end with its parent.

A terminal's Ctrl-C reaches every process of the group, and so does the SIGTERM of
systemd's stop or of `timeout`. The parent decides how to stop (finish the batch, record
the cycle); a worker that died of it first would print a traceback and break the pool
under the parent's feet, or lose the cycle's record.

Scoring and collecting are CPU-bound and can wait: at a lower priority they take only the
CPU the API leaves (and all of it when the API is idle).

A parent killed with SIGKILL cannot tell its workers to go, and a pool's worker keeps
its own end of the pipe it waits on, so it would wait forever: each worker watches for
its parent to change and exits when it does.
"""

from __future__ import annotations

import os
import signal
import threading

NICENESS = 10
ORPHAN_CHECK_S = 1.0


def start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    os.nice(NICENESS)
    parent = os.getppid()
    threading.Thread(
        target=_exit_when_orphaned, args=(parent,), name="orphan-watch", daemon=True
    ).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        threading.Event().wait(ORPHAN_CHECK_S)
    os._exit(1)
