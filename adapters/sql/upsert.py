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
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    key = {c.name for c in table.primary_key.columns}
    stmt = insert(table)
    new = stmt.excluded
    updates: dict[str, Any] = {}
    for column in table.columns:
        name = column.name
        if name in key or name in keep:
            continue
        if name in greatest:
            updates[name] = case((new[name] > column, new[name]), else_=column)
        elif name in KEPT_WHEN_REMOVED and "removed" in table.columns:
            updates[name] = case((new["removed"].is_(None), new[name]), else_=column)
        else:
            updates[name] = new[name]
    stmt = stmt.on_conflict_do_update(index_elements=sorted(key), set_=updates)
    for start in range(0, len(rows), CHUNK):
        conn.execute(stmt, rows[start : start + CHUNK])
