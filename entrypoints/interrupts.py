"""Ctrl-C for commands that work in batches: the first stops after the batch in flight,
the second at once (the batch in flight is rolled back: each is a transaction)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys


def stop_after_batch(in_flight: str, at_once: str | None = None) -> asyncio.Event:
    """An event set by SIGINT or SIGTERM; a second SIGINT exits 130 at once. `in_flight`
    names what is finished first ("the batch in flight"); `at_once` is said on the way out."""
    stop = asyncio.Event()

    def interrupted() -> None:
        if stop.is_set():
            if at_once:
                print(f"\n{at_once}", file=sys.stderr)
            os._exit(130)
        stop.set()
        print(f"\nstopping after {in_flight} (Ctrl-C again: at once)", file=sys.stderr)

    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGINT, interrupted)
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    return stop
