"""Asking for a collection cycle from any process: the collector lease's holder runs it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from application.collection import new_cycle_id
from domain.collection import utcnow
from domain.lease import COLLECTOR, CycleRequest, LeaseState, Requested
from domain.ports import CycleRequestPort


class CollectRequests:
    def __init__(
        self,
        board: CycleRequestPort,
        wake: Callable[[], None] = lambda: None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._board = board
        self._wake = wake  # the collector in this process, if there is one
        self._clock = clock

    async def request(self) -> CycleRequest:
        """A cycle asked for (its id), or the one already running or asked for, or none
        when no process holds the collector lease."""
        asked = await self._board.request_cycle(COLLECTOR, new_cycle_id(), self._clock())
        if asked.outcome is Requested.ACCEPTED:
            self._wake()
        return asked

    async def board(self) -> LeaseState | None:
        """The collector lease as every process sees it; None if no collector ever ran."""
        return await self._board.lease(COLLECTOR)
