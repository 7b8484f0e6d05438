"""Leases and the collector's board in memory, by the same rules (domain.lease) as SQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from domain import lease as board
from domain.lease import CycleClaim, CycleRequest, LeaseState
from domain.ports import CycleBoardPort, CycleRequestPort, LeasePort

R = TypeVar("R")


class FakeLeases:
    def __init__(self) -> None:
        self.rows: dict[str, LeaseState] = {}

    async def acquire_lease(
        self, name: str, holder: str, now: datetime, until: datetime
    ) -> LeaseState:
        self.rows[name] = board.taken(self.rows.get(name), holder, now, until)
        return self.rows[name]

    async def release_lease(self, name: str, holder: str, now: datetime) -> None:
        self._existing(name, lambda state: (board.released(state, holder, now), None))

    async def lease(self, name: str) -> LeaseState | None:
        return self.rows.get(name)

    async def begin_cycle(
        self, name: str, holder: str, cycle_id: str | None, now: datetime
    ) -> CycleClaim | None:
        return self._existing(name, lambda state: board.begun(state, holder, cycle_id, now))

    async def end_cycle(
        self, name: str, holder: str, cycle_id: str, next_run_at: datetime | None
    ) -> None:
        self._existing(name, lambda s: (board.ended(s, holder, cycle_id, next_run_at), None))

    async def note_next_run(self, name: str, holder: str, next_run_at: datetime | None) -> None:
        self._existing(name, lambda s: (board.scheduled(s, holder, next_run_at), None))

    async def request_cycle(self, name: str, cycle_id: str, now: datetime) -> CycleRequest:
        after, request = board.asked(self.rows.get(name), cycle_id, now)
        if after is not None:
            self.rows[name] = after
        return request

    def _existing(
        self, name: str, change: Callable[[LeaseState], tuple[LeaseState, R | None]]
    ) -> R | None:
        if name not in self.rows:
            return None
        self.rows[name], result = change(self.rows[name])
        return result


# The fake stands in for each port: mypy fails here the moment a signature drifts.
_lease: type[LeasePort] = FakeLeases
_board: type[CycleBoardPort] = FakeLeases
_requests: type[CycleRequestPort] = FakeLeases
