"""Being the collector: stand by until the collector lease is this process's, then run the
schedule and the cycles other processes ask for, until stopped. A lease lost (another
process took it: this one was stalled past its length) stops collecting at once, and this
process stands by again. Used by `scheduler` and by `serve`."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from entrypoints.container import Container
from entrypoints.startup import close_orphaned_cycles

log = logging.getLogger(__name__)


async def collect_while_leased(container: Container, stop: asyncio.Event) -> None:
    """Until `stop` is set."""
    while not stop.is_set():
        lost = await collect_one_lease(container, stop)
        if lost:
            log.error("collector lease lost: collecting stopped; standing by again")


async def collect_one_lease(container: Container, stop: asyncio.Event) -> bool:
    """Wait for the lease, collect while holding it; whether it was lost (not stopped)."""
    lease = container.collector_lease()
    if not await lease.wait_for_it(stop):
        return False
    lost = False
    done = asyncio.Event()  # ends the request watcher with the lease
    watcher: asyncio.Task[None] | None = None
    scheduler = container.scheduler()
    runner = container.runner()
    collector = container.collector()
    try:
        await close_orphaned_cycles(container)  # whoever held the lease before is gone
        runner.resume()
        scheduler.start()
        collector.next_run = lambda: scheduler.status()["next_run_at"]
        await collector.note_next_run()
        watcher = asyncio.create_task(collector.take_requests(done))
        await lease.keep(stop)
        lost = not stop.is_set()
    finally:
        done.set()
        # The cycle first, and its mark on the board: the scheduler's shutdown would
        # cancel them from inside its job.
        await runner.stop()
        await collector.wait_idle()
        scheduler.shutdown()
        if watcher is not None:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        await lease.release()
    return lost
