"""What a worker process does first: leave Ctrl-C to its parent.

A terminal's Ctrl-C reaches every process of the group. The parent decides how to stop
(finish the batch, record the cycle); a worker that died of it first would print a
traceback and break the pool under the parent's feet.
"""

from __future__ import annotations

import signal


def ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
