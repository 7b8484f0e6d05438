"""What the collector lease's holder does: start cycles, scheduled or asked for, each only
once the shared board (the lease row) has agreed that none runs, in any process."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from application.collection import CollectionRunner, new_cycle_id
from application.job_failures import JobFailures
from domain.collection import utcnow
from domain.errors import StoreUnavailable
from domain.lease import COLLECTOR, CycleClaim
from domain.model import CollectionCycle
from domain.ports import CycleBoardPort

log = logging.getLogger(__name__)

POLL_S = 1.0  # how soon a cycle asked for by another process starts


class Collector:
    def __init__(
        self,
        runner: CollectionRunner,
        board: CycleBoardPort,
        holder: str,
        clock: Callable[[], datetime] = utcnow,
        poll_s: float = POLL_S,
        failures: JobFailures | None = None,
    ) -> None:
        self._failures = failures or JobFailures(log, "collector")
        self._runner = runner
        self._board = board
        self._holder = holder
        self._clock = clock
        self._poll_s = poll_s
        self._wake = asyncio.Event()
        self._runs = 0  # cycles started here and not yet off the board
        self._idle = asyncio.Event()
        self._idle.set()
        self.next_run: Callable[[], datetime | None] = lambda: None  # the schedule's, once known

    async def run_once(self, trigger: str) -> CollectionCycle | None:
        """The schedule's job: a cycle, unless one runs (here or anywhere); a cycle asked
        for and not started yet runs instead, under the id its asker was given."""
        claim = await self._claim(new_cycle_id())
        if claim is None:
            log.info("a cycle is running: %s run skipped", trigger)
            return None
        return await self._run(claim, trigger)

    async def take_requests(self, stop: asyncio.Event) -> None:
        """Start each cycle asked for through the board, within `poll_s` of the asking (at
        once when asked in this process), until `stop` is set."""
        while not stop.is_set():
            claim = await self._claim(None) if await self._asked_for() else None
            if claim is not None:
                await self._run(claim, "manual")
                continue
            self._wake.clear()
            waiters = [asyncio.ensure_future(e.wait()) for e in (stop, self._wake)]
            await asyncio.wait(waiters, timeout=self._poll_s, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()

    def wake(self) -> None:
        """A cycle was just asked for in this process: look at the board now."""
        self._wake.set()

    async def note_next_run(self) -> None:
        try:
            await self._board.note_next_run(COLLECTOR, self._holder, self.next_run())
        except StoreUnavailable as exc:
            self._failures.failed(exc)

    async def _asked_for(self) -> bool:
        """Whether a cycle waits to be started: a plain read, so that polling takes no
        turn among the database's writers while nothing is asked for."""
        try:
            board = await self._board.lease(COLLECTOR)
        except StoreUnavailable as exc:
            self._failures.failed(exc)
            return False
        return board is not None and board.requested_cycle_id is not None

    async def _claim(self, cycle_id: str | None) -> CycleClaim | None:
        try:
            return await self._board.begin_cycle(COLLECTOR, self._holder, cycle_id, self._clock())
        except StoreUnavailable as exc:
            # A cycle could not record anything either; the next try is the next poll.
            self._failures.failed(exc)
            return None

    async def wait_idle(self) -> None:
        """Until no cycle started here is still on the board (stop the runner first)."""
        await self._idle.wait()

    async def _run(self, claim: CycleClaim, trigger: str) -> CollectionCycle | None:
        self._runs += 1
        self._idle.clear()
        try:
            return await self._runner.run_once(
                "manual" if claim.requested else trigger, claim.cycle_id
            )
        finally:
            # Even when cancelled: the board must not show a cycle that no longer runs.
            await asyncio.shield(self._ended(claim.cycle_id))
            self._runs -= 1
            if self._runs == 0:
                self._idle.set()

    async def _ended(self, cycle_id: str) -> None:
        try:
            await self._board.end_cycle(COLLECTOR, self._holder, cycle_id, self.next_run())
        except StoreUnavailable as exc:  # the lease expires, and the next holder clears it
            self._failures.failed(exc)
