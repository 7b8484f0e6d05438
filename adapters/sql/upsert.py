"""Idempotent writes keyed on Reddit ids, for SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, case
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
) -> None:
    """Insert rows, or update the existing ones in place.

    `keep`: columns an update never touches. `greatest`: columns that only move forward.
    Text columns are left alone when the incoming row says the item was removed.
    """
    if not rows:
        return
    stmt = _insert(conn, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=_key(table), set_=_updates(table, stmt.excluded, keep, greatest)
    )
    for start in range(0, len(rows), CHUNK):
        conn.execute(stmt, rows[start : start + CHUNK])


def upsert_fresher(
    conn: Connection, table: Table, rows: list[dict[str, Any]], stamp: str, keep: Iterable[str]
) -> list[tuple[Any, ...]]:
    """Like upsert, but an existing row is replaced only by a row with a later `stamp`.

    Returns the key and kept columns of every row inserted or replaced.
    """
    if not rows:
        return []
    keep = tuple(keep)
    stmt = _insert(conn, table)
    fresher = table.c[stamp] < stmt.excluded[stamp]
    stmt = stmt.on_conflict_do_update(
        index_elements=_key(table), set_=_updates(table, stmt.excluded, keep, ()), where=fresher
    ).returning(*(table.c[name] for name in (*_key(table), *keep)))
    written: list[tuple[Any, ...]] = []
    for start in range(0, len(rows), CHUNK):
        written.extend(tuple(row) for row in conn.execute(stmt, rows[start : start + CHUNK]))
    return written


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
