"""Idempotent writes keyed on Reddit ids, for SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, case
from sqlalchemy.dialects import postgresql, sqlite

# Rows per INSERT statement: keeps statements under SQLite's variable limit.
CHUNK = 500
# What Reddit stops showing once an item is deleted or removed: we keep what we had.
KEPT_WHEN_REMOVED = ("title", "body", "author", "edited_utc")


def upsert(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    keep: Iterable[str] = (),
    greatest: Iterable[str] = (),
    only_if: Callable[[Any], ColumnElement[bool]] | None = None,
) -> None:
    """Insert rows, or update the existing ones in place.

    `keep`: columns an update never touches. `greatest`: columns that only move forward.
    `only_if(excluded)`: the condition for replacing an existing row (else it is kept).
    Text columns are left alone when the incoming row says the item was removed.
    One statement for any number of rows (executemany), so the driver prepares it once.
    """
    if not rows:
        return
    stmt = _insert(conn, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=_key(table),
        set_=_updates(table, stmt.excluded, keep, greatest),
        where=None if only_if is None else only_if(stmt.excluded),
    )
    for start in range(0, len(rows), CHUNK):
        conn.execute(stmt, rows[start : start + CHUNK])


def upsert_adding(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows, or add their values to the existing rows' (counters)."""
    if not rows:
        return
    stmt = _insert(conn, table)
    added = {c.name: c + stmt.excluded[c.name] for c in table.columns if not c.primary_key}
    stmt = stmt.on_conflict_do_update(index_elements=_key(table), set_=added)
    for start in range(0, len(rows), CHUNK):
        conn.execute(stmt, rows[start : start + CHUNK])


def _insert(conn: Connection, table: Table) -> Any:
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    return insert(table)


def _key(table: Table) -> list[str]:
    return sorted(c.name for c in table.primary_key.columns)


def _updates(
    table: Table, new: Any, keep: Iterable[str], greatest: Iterable[str]
) -> dict[str, Any]:
    keep, greatest = set(keep), set(greatest)
    updates: dict[str, Any] = {}
    for column in table.columns:
        name = column.name
        if column.primary_key or name in keep:
            continue
        if name in greatest:
            updates[name] = case((new[name] > column, new[name]), else_=column)
        elif name in KEPT_WHEN_REMOVED and "removed" in table.columns:
            updates[name] = case((new["removed"].is_(None), new[name]), else_=column)
        else:
            updates[name] = new[name]
    return updates
