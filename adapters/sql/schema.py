"""Create the schema, and bring an older database up to date without losing its data."""

from __future__ import annotations

import logging

from sqlalchemy import Column, Engine, inspect
from sqlalchemy.schema import CreateColumn

from adapters.sql.tables import metadata

log = logging.getLogger(__name__)


def create_schema(engine: Engine) -> None:
    metadata.create_all(engine)
    add_missing_columns(engine)


def add_missing_columns(engine: Engine) -> None:
    """Columns added since a table was created are nullable or have a server default."""
    existing = inspect(engine)
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            present = {c["name"] for c in existing.get_columns(table.name)}
            for column in table.columns:
                if column.name not in present:
                    log.info("adding column %s.%s", table.name, column.name)
                    conn.exec_driver_sql(
                        f"ALTER TABLE {table.name} ADD COLUMN {_ddl(column, engine)}"
                    )


def _ddl(column: Column[object], engine: Engine) -> str:
    return str(CreateColumn(column).compile(dialect=engine.dialect))
