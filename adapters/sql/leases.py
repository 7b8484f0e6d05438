"""Leases in SQL: a row per name, taken in the writers' turn, so two processes can never
both believe they hold it (SQLite and PostgreSQL alike)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, select, update

from adapters.sql.aggregates import take_write_turn
from adapters.sql.reads import aware
from adapters.sql.tables import leases
from domain.lease import LeaseState


class SqlLeases:
    _engine: Engine

    def acquire_lease(self, name: str, holder: str, now: datetime, until: datetime) -> LeaseState:
        """Take the lease if it is free, expired or already `holder`'s, and hold it until
        `until`; the lease as it is after the attempt."""
        with self._engine.begin() as conn:
            take_write_turn(conn)
            row = conn.execute(select(leases).where(leases.c.name == name)).first()
            if row is None:
                conn.execute(
                    leases.insert().values(
                        name=name, holder=holder, expires_at=until, acquired_at=now
                    )
                )
                return LeaseState(holder, until)
            expires = aware(row.expires_at)
            if row.holder != holder and expires > now:
                return LeaseState(row.holder, expires)
            acquired = aware(row.acquired_at) if row.holder == holder else now
            conn.execute(
                update(leases)
                .where(leases.c.name == name)
                .values(holder=holder, expires_at=until, acquired_at=acquired)
            )
            return LeaseState(holder, until)

    def release_lease(self, name: str, holder: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(leases).where(leases.c.name == name, leases.c.holder == holder))

    def lease(self, name: str) -> LeaseState | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(leases).where(leases.c.name == name)).first()
        return None if row is None else LeaseState(row.holder, aware(row.expires_at))
