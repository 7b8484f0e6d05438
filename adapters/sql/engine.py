"""Engine creation: SQLite in WAL mode with a busy timeout, or any other SQLAlchemy URL."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from adapters.sql.sqlite_file import follow_file
from adapters.sql.term_counts import sqlite_authors

BUSY_TIMEOUT_S = 10  # how long a SQLite statement waits for another process's lock


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database or ""
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if in_memory(database):
        kwargs["poolclass"] = StaticPool  # one shared connection, or each sees an empty db
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", sqlite_pragmas)
    event.listen(engine, "handle_error", reopen_after_file_faults)
    if not in_memory(database):
        follow_file(engine, database)
    return engine


# SQLite errors that belong to the file a connection holds, not to the statement: such a
# connection is thrown away, so the next one opens the file as it is now (writable again,
# restored...). A connection that found the file read-only stays read-only otherwise.
FILE_FAULTS = ("readonly database", "not a database", "disk I/O error", "unable to open")


def reopen_after_file_faults(context: Any) -> None:
    error = context.original_exception
    if isinstance(error, sqlite3.OperationalError | sqlite3.DatabaseError) and any(
        fault in str(error) for fault in FILE_FAULTS
    ):
        context.is_disconnect = True


def in_memory(database: str | None) -> bool:
    """Whether a SQLite database name is a private in-memory one."""
    name = database or ""
    return name in ("", ":memory:") or name.startswith("file::memory:")


def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    # WAL lets API readers run while the collector writes; NORMAL is crash-safe in WAL.
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # Trending's author estimate, for upserts that merge term counts in SQL.
    dbapi_connection.create_function("redditpulse_authors", 2, sqlite_authors, deterministic=True)


def _switch_to_wal(cursor: Any) -> None:
    """Once per database file. The switch needs the file to itself, and SQLite refuses it
    at once, without waiting, while another process holds a write lock (processes that
    start together on a new file): so wait here, as the busy timeout would."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
