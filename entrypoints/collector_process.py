"""`serve`'s collector: every collection cycle runs in a child process of its own.

The API process keeps the event loop, the schedule and single-flight. The child runs the
whole cycle (PRAW, parsing, mapping, scoring, writes) at a lower CPU priority, so
collecting never competes with requests for the API's interpreter. The seam is the usual
one: the API process holds `Offloaded(CollectorCycles(), collector pool)`, which passes for
the CyclePort the in-process CycleService provides.

Stopping: the pool's shutdown closes a pipe the child watches. The child then cancels its
cycle, records it as interrupted with what it had collected so far, and says so; then it
is killed, without waiting for a Reddit request still in flight (every write is a
transaction of its own, so that loses nothing already stored). A child that has not
answered within STOP_GRACE_S is killed all the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing import get_context
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from dependency_injector import providers

from adapters.respawning_pool import RespawningProcessPool
from adapters.worker_process import start_worker
from application.collection import run_recorded
from application.cycle_context import cycle_running
from domain.collection import describe
from domain.model import CollectionCycle
from entrypoints.logs import configure_logging
from entrypoints.settings import Settings

if TYPE_CHECKING:
    from entrypoints.container import Container

log = logging.getLogger(__name__)

STOP_GRACE_S = 15.0


class _Collector:
    """The child's state: its own adapters, and the cycle it is running."""

    def __init__(self, container: Container) -> None:
        self.container = container
        self.lock = threading.Lock()
        self.running: asyncio.Task[CollectionCycle] | None = None
        self.idle = threading.Event()
        self.idle.set()
        self.stopping = False

    def stop(self) -> None:
        with self.lock:
            self.stopping = True
            task = self.running
        if task is not None:
            task.get_loop().call_soon_threadsafe(task.cancel)

    async def run(self, cycle: CollectionCycle) -> CollectionCycle:
        task = asyncio.current_task()
        assert task is not None
        with self.lock:
            if self.stopping:
                task.cancel()
            self.running = task
            self.idle.clear()
        try:
            service, cycle_log = self.container.cycle_service(), self.container.store()
            return await run_recorded(service, cycle_log, cycle)
        except BaseException as exc:
            # run_recorded has recorded the cycle as interrupted or failed; the API
            # process gets that record, not the exception.
            if not isinstance(exc, asyncio.CancelledError):
                with cycle_running(cycle.id):
                    log.error("cycle crashed: %s", describe(exc))
            return cycle
        finally:
            with self.lock:
                self.running = None
                self.idle.set()


_collector: _Collector | None = None


def start_collector(settings: Settings, stop: Connection, stopped: Connection) -> None:
    """The child's initializer: the worker's manners, logging, and the collection adapters."""
    from entrypoints.container import Container, thread_pool

    global _collector
    start_worker()
    configure_logging(settings)
    container = Container()
    container.settings.override(settings)
    # Already a process of its own at low priority: scoring needs no further process.
    container.sentiment_executor.override(
        providers.Resource(thread_pool, workers=1, name="sentiment")
    )
    collector = _Collector(container)
    _collector = collector

    def stop_when_asked() -> None:
        # EOF: the API process closed its end to say stop, or it died.
        with contextlib.suppress(EOFError, OSError):
            stop.recv_bytes()
        collector.stop()
        collector.idle.wait()
        with contextlib.suppress(OSError):
            stopped.send_bytes(b"stopped")

    threading.Thread(target=stop_when_asked, name="collector-stop", daemon=True).start()


class CollectorCycles:
    """Runs a cycle in the collector process; what `Offloaded` sends there (it pickles)."""

    def run(self, cycle: CollectionCycle) -> CollectionCycle:
        if _collector is None:
            raise RuntimeError("not in a collector process (start_collector did not run)")
        return asyncio.run(_collector.run(cycle))


class CollectorTopics:
    """Matches stored history against new topics in the collector process (it pickles)."""

    def match_history(self, limit: int) -> bool:
        if _collector is None:
            raise RuntimeError("not in a collector process (start_collector did not run)")
        matched: bool = _collector.container.sync_store().match_history(limit)
        return matched


def collector_pool(settings: Settings) -> Iterator[Executor]:
    """One collector process, started on the first cycle, stopped as described above."""
    context = get_context("spawn")  # not fork: the API process runs threads
    # Pipes, not Events: a killed child waiting on an Event leaves it stuck (set() then
    # waits forever), and closing the API's end also tells a child its parent is gone.
    stop, say_stop = context.Pipe(duplex=False)
    hear_stopped, stopped = context.Pipe(duplex=False)
    executor = RespawningProcessPool(
        functools.partial(
            ProcessPoolExecutor,
            max_workers=1,
            mp_context=context,
            initializer=start_collector,
            initargs=(settings, stop, stopped),
        ),
        name="collector",
    )
    yield executor
    say_stop.close()
    processes = executor.processes()
    deadline = time.monotonic() + STOP_GRACE_S
    while not hear_stopped.poll(0.05) and any(p.is_alive() for p in processes):
        if time.monotonic() > deadline:
            log.warning("the collector did not stop its cycle within %.0f s", STOP_GRACE_S)
            break
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()  # its cycle is recorded; a Reddit request in flight is not waited for
        process.join()
    for end in (stop, hear_stopped, stopped):
        end.close()
