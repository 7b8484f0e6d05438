"""Run collection cycles, at most one at a time in this process; across processes, the
collector lease's board decides which may start (application.collector)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import deque
from collections.abc import Callable
from datetime import datetime

from application.cycle_context import cycle_running
from domain.collection import describe, utcnow
from domain.model import CollectionCycle
from domain.ports import CycleLogPort, CycleObserver, CyclePort

log = logging.getLogger(__name__)

INTERRUPTED = "interrupted: the process stopped while this cycle was running"
KEPT_CYCLES = 20


class CollectionRunner:
    def __init__(
        self,
        service: CyclePort,
        repository: CycleLogPort,
        subreddits: list[str],
        clock: Callable[[], datetime] = utcnow,
        observer: CycleObserver | None = None,
    ) -> None:
        self._service = service
        self._repository = repository
        self._subreddits = list(subreddits)
        self._clock = clock
        self._observer = observer
        self._current: CollectionCycle | None = None
        self._task: asyncio.Task[CollectionCycle] | None = None
        self._stopped = False
        # The last cycles this process ran, as they ended: health and /collections show
        # them even when the database could not record them.
        self._finished: deque[CollectionCycle] = deque(maxlen=KEPT_CYCLES)

    @property
    def running_cycle_id(self) -> str | None:
        return self._current.id if self._current else None

    async def run_once(self, trigger: str, cycle_id: str | None = None) -> CollectionCycle | None:
        """Run a cycle (under `cycle_id`, if given) to its end; None if one was already
        running (it is not waited for) or `stop()` ended this one (it is recorded as
        interrupted).

        Cancelling the caller cancels the cycle too.
        """
        if self._current is not None:
            log.info("cycle %s still running: %s run skipped", self._current.id, trigger)
            return None
        if self._stopped:
            return None
        task = self._start(self._new_cycle(trigger, cycle_id))
        try:
            return await task
        except asyncio.CancelledError:
            caller = asyncio.current_task()
            if caller is not None and caller.cancelling():
                raise
            return None  # stopped: not an error of the caller's

    def resume(self) -> None:
        """Start cycles again after `stop()` (the collector lease was taken anew)."""
        self._stopped = False

    async def wait_idle(self) -> None:
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def stop(self) -> None:
        """Cancel a running cycle (it is recorded as interrupted) and wait for it to end;
        scheduled runs start no cycle from now on."""
        self._stopped = True
        if self._task is not None and not self._task.done():
            self._task.cancel()
        await self.wait_idle()

    def _start(self, cycle: CollectionCycle) -> asyncio.Task[CollectionCycle]:
        self._task = asyncio.get_running_loop().create_task(
            run_recorded(self._service, self._repository, cycle, self._clock)
        )
        self._task.add_done_callback(self._ended)
        return self._task

    def finished_cycles(self) -> list[CollectionCycle]:
        """The cycles this process ran (a collector process's included), newest first."""
        return list(reversed(self._finished))

    def _ended(self, task: asyncio.Task[CollectionCycle]) -> None:
        cycle, self._current = self._current, None
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("cycle crashed: %s", describe(exc))
        elif not task.cancelled():
            cycle = task.result()
        if cycle is not None:
            self._finished.append(cycle)
            self._observe(cycle)

    def _observe(self, cycle: CollectionCycle) -> None:
        if self._observer is None:
            return
        try:
            self._observer.cycle_ended(cycle)
        except Exception:  # an observer's bug must not stop the runner
            log.exception("could not report the end of cycle %s", cycle.id)

    def _new_cycle(self, trigger: str, cycle_id: str | None = None) -> CollectionCycle:
        cycle = CollectionCycle(
            id=cycle_id or new_cycle_id(),
            trigger=trigger,
            started_at=self._clock(),
            subreddits=list(self._subreddits),
        )
        self._current = cycle
        return cycle


def new_cycle_id() -> str:
    return uuid.uuid4().hex


async def run_recorded(
    service: CyclePort,
    cycle_log: CycleLogPort,
    cycle: CollectionCycle,
    clock: Callable[[], datetime] = utcnow,
) -> CollectionCycle:
    """Run `cycle`; if it dies, record it as ended (interrupted or failed), then re-raise.

    Cancelled (shutdown) or the store itself failed: a cycle is never left "running".
    """
    with cycle_running(cycle.id):  # log lines of the cycle carry its id
        try:
            return await service.run(cycle)
        except BaseException as exc:
            cancelled = isinstance(exc, asyncio.CancelledError)
            cycle.abort(clock(), INTERRUPTED if cancelled else describe(exc))
            await asyncio.shield(_save_quietly(cycle_log, cycle))
            raise


async def _save_quietly(cycle_log: CycleLogPort, cycle: CollectionCycle) -> None:
    try:
        await cycle_log.save_cycle(cycle)
    except Exception as exc:
        log.error("could not record the end of cycle %s: %s", cycle.id, describe(exc))
