"""The schema: brought to the newest Alembic revision, from empty or from any older state."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Index,
    MetaData,
    Table,
    create_engine,
    event,
    inspect,
)
from sqlalchemy.pool import NullPool
from sqlalchemy.schema import CreateColumn

from adapters.sql.engine import in_memory, sqlite_pragmas
from adapters.sql.tables import metadata

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
BASELINE = "0001"  # the schema as it stood when migrations began: these tables
BASELINE_TABLES = ("posts", "comments", "sentiments", "collection_cycles", "cursors")
MIGRATION_LOCK = 7_265_001  # PostgreSQL advisory lock key: one migrating process at a time
LOCK_WAIT_MS = 600_000  # SQLite: how long a process waits for another's migration


def create_schema(engine: Engine) -> None:
    """Bring the database to the newest revision; safe when several processes start at once.

    A database made before migrations existed (tables, no alembic_version) first gets the
    columns added since it was made, then is recorded as being at the baseline.
    """
    with _exclusive(engine) as conn:
        config = _config(conn)
        if _made_before_migrations(conn):
            log.info("database made before migrations: bringing it to the baseline")
            _add_missing_columns(conn)
            command.stamp(config, BASELINE)
        current = MigrationContext.configure(conn).get_current_revision()
        newest = ScriptDirectory.from_config(config).get_current_head()
        if current != newest:
            log.info("upgrading the database schema from %s to %s", current or "empty", newest)
        command.upgrade(config, "head")


def revisions(engine: Engine) -> tuple[str | None, str]:
    """The database's revision (None when it has none yet) and the newest there is."""
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    newest = ScriptDirectory.from_config(_config(None)).get_current_head()
    assert newest is not None
    return current, newest


def _config(conn: Connection | None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


@contextmanager
def _exclusive(engine: Engine) -> Iterator[Connection]:
    """A transaction no other process migrating the same database runs beside."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            yield conn
        return
    if engine.dialect.name != "sqlite" or in_memory(engine.url.database):
        with engine.begin() as conn:
            yield conn
        return
    # Python's sqlite3 runs DDL outside transactions and begins them lazily: a connection
    # of our own, in manual mode, takes the write lock first (BEGIN IMMEDIATE) instead.
    locking = create_engine(engine.url, poolclass=NullPool, connect_args={"isolation_level": None})
    event.listen(locking, "connect", _manual_transactions)
    event.listen(locking, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    try:
        with locking.begin() as conn:
            yield conn
    finally:
        locking.dispose()


def _manual_transactions(dbapi_connection: Any, record: Any) -> None:
    sqlite_pragmas(dbapi_connection, record)
    dbapi_connection.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")


def _made_before_migrations(conn: Connection) -> bool:
    tables = set(inspect(conn).get_table_names())
    return bool(tables & set(BASELINE_TABLES)) and "alembic_version" not in tables


# Columns that migrations after the baseline add: a database adopted at the baseline gets
# them from those migrations, not here.
LATER_COLUMNS = {("collection_cycles", "updated_at"), ("cursors", "rescanned_at")}


def baseline_tables() -> list[Table]:
    """The tables as the baseline revision has them: today's, without later columns."""
    made, tables = MetaData(), []
    for name in BASELINE_TABLES:
        today = metadata.tables[name]
        columns = [c._copy() for c in today.columns if (name, c.name) not in LATER_COLUMNS]
        table = Table(name, made, *columns)
        for index in today.indexes:
            if all(c.name in table.c for c in index.columns):
                Index(index.name, *(table.c[c.name] for c in index.columns), unique=index.unique)
        tables.append(table)
    return tables


def _add_missing_columns(conn: Connection) -> None:
    """Columns added before migrations existed are nullable or have a server default."""
    existing = inspect(conn)
    for table in baseline_tables():
        if not existing.has_table(table.name):
            table.create(conn)
            continue
        present = {c["name"] for c in existing.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                log.info("adding column %s.%s", table.name, column.name)
                conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {_ddl(column, conn)}")


def _ddl(column: Column[Any], conn: Connection) -> str:
    return str(CreateColumn(column).compile(dialect=conn.dialect))
