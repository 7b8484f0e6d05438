"""Run collection cycles, at most one at a time in this process (single-flight)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from domain.collection import CycleService, describe, utcnow
from domain.model import CollectionCycle
from domain.ports import CycleLogPort

log = logging.getLogger(__name__)

INTERRUPTED = "interrupted: the process stopped while this cycle was running"


@dataclass(frozen=True, slots=True)
class Trigger:
    cycle_id: str
    started: bool  # False: a cycle was already running and cycle_id is that one


class CollectionRunner:
    def __init__(
        self,
        service: CycleService,
        repository: CycleLogPort,
        subreddits: list[str],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._service = service
        self._repository = repository
        self._subreddits = list(subreddits)
        self._clock = clock
        self._current: CollectionCycle | None = None
        self._task: asyncio.Task[CollectionCycle] | None = None

    @property
    def running_cycle_id(self) -> str | None:
        return self._current.id if self._current else None

    def trigger(self, trigger: str = "manual") -> Trigger:
        """Start a cycle in the background, or name the one already running."""
        if self._current is not None:
            return Trigger(self._current.id, started=False)
        cycle = self._new_cycle(trigger)
        self._start(cycle)
        return Trigger(cycle.id, started=True)

    async def run_once(self, trigger: str) -> CollectionCycle | None:
        """Run a cycle to its end; None if one was already running (it is not waited for)."""
        if self._current is not None:
            log.info("cycle %s still running: %s run skipped", self._current.id, trigger)
            return None
        return await self._start(self._new_cycle(trigger))

    async def wait_idle(self) -> None:
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def stop(self) -> None:
        """Cancel a running cycle (it is recorded as interrupted) and wait for it to end."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        await self.wait_idle()

    def _start(self, cycle: CollectionCycle) -> asyncio.Task[CollectionCycle]:
        self._task = asyncio.get_running_loop().create_task(self._run(cycle))
        self._task.add_done_callback(self._finished)
        return self._task

    async def _run(self, cycle: CollectionCycle) -> CollectionCycle:
        try:
            return await self._service.run(cycle)
        except BaseException as exc:
            # Cancelled (shutdown) or the store itself failed: never leave it "running".
            cycle.abort(
                self._clock(),
                INTERRUPTED if isinstance(exc, asyncio.CancelledError) else describe(exc),
            )
            await asyncio.shield(self._save_quietly(cycle))
            raise

    async def _save_quietly(self, cycle: CollectionCycle) -> None:
        try:
            await self._repository.save_cycle(cycle)
        except Exception as exc:
            log.error("could not record the end of cycle %s: %s", cycle.id, describe(exc))

    def _finished(self, task: asyncio.Task[CollectionCycle]) -> None:
        self._current = None
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("cycle crashed: %s", describe(exc))

    def _new_cycle(self, trigger: str) -> CollectionCycle:
        cycle = CollectionCycle(
            id=uuid.uuid4().hex,
            trigger=trigger,
            started_at=self._clock(),
            subreddits=list(self._subreddits),
        )
        self._current = cycle
        return cycle
