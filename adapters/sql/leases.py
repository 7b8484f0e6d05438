"""Leases in SQL: a row per name, changed only in the writers' turn, so two processes can
never both believe they hold it (SQLite and PostgreSQL alike). The collector lease's row
is also the board through which cycles are started and asked for: each change is read,
decided (domain.lease) and written in one turn, whichever process makes it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Connection, Engine, select, update

from adapters.sql.aggregates import take_write_turn
from adapters.sql.reads import aware
from adapters.sql.tables import leases
from domain import lease as board
from domain.lease import CycleClaim, CycleRequest, LeaseState

R = TypeVar("R")


class SqlLeases:
    _engine: Engine

    def acquire_lease(self, name: str, holder: str, now: datetime, until: datetime) -> LeaseState:
        """Take the lease if it is free, expired or already `holder`'s, and hold it until
        `until`; the lease as it is after the attempt."""

        def take(state: LeaseState | None) -> tuple[LeaseState, LeaseState]:
            after = board.taken(state, holder, now, until)
            return after, after

        return self._change(name, take)

    def release_lease(self, name: str, holder: str, now: datetime) -> None:
        self._change(name, lambda state: (_kept(state, board.released, holder, now), None))

    def lease(self, name: str) -> LeaseState | None:
        with self._engine.connect() as conn:
            return _read(conn, name)

    def begin_cycle(
        self, name: str, holder: str, cycle_id: str | None, now: datetime
    ) -> CycleClaim | None:
        def begin(state: LeaseState | None) -> tuple[LeaseState | None, CycleClaim | None]:
            return (state, None) if state is None else board.begun(state, holder, cycle_id, now)

        return self._change(name, begin)

    def end_cycle(
        self, name: str, holder: str, cycle_id: str, next_run_at: datetime | None
    ) -> None:
        self._change(
            name, lambda state: (_kept(state, board.ended, holder, cycle_id, next_run_at), None)
        )

    def note_next_run(self, name: str, holder: str, next_run_at: datetime | None) -> None:
        self._change(name, lambda state: (_kept(state, board.scheduled, holder, next_run_at), None))

    def request_cycle(self, name: str, cycle_id: str, now: datetime) -> CycleRequest:
        return self._change(name, lambda state: board.asked(state, cycle_id, now))

    def _change(
        self, name: str, decide: Callable[[LeaseState | None], tuple[LeaseState | None, R]]
    ) -> R:
        """Read the row, decide, write what changed: all in the writers' turn."""
        with self._engine.begin() as conn:
            take_write_turn(conn)
            before = _read(conn, name)
            after, result = decide(before)
            if after is not None and after != before:
                values = asdict(after)
                if before is None:
                    conn.execute(leases.insert().values(name=name, **values))
                else:
                    conn.execute(update(leases).where(leases.c.name == name).values(**values))
            return result


def _kept(
    state: LeaseState | None, change: Callable[..., LeaseState], *args: object
) -> LeaseState | None:
    """`change` applied to a lease that exists; nothing to change on one that does not."""
    return None if state is None else change(state, *args)


def _read(conn: Connection, name: str) -> LeaseState | None:
    row = conn.execute(select(leases).where(leases.c.name == name)).first()
    if row is None:
        return None

    def at(value: datetime | None) -> datetime | None:
        return None if value is None else aware(value)

    return LeaseState(
        holder=row.holder,
        expires_at=aware(row.expires_at),
        running_cycle_id=row.running_cycle_id,
        requested_cycle_id=row.requested_cycle_id,
        next_run_at=at(row.next_run_at),
        acquired_at=at(row.acquired_at),
        requested_at=at(row.requested_at),
    )
