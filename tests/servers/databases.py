"""Databases for tests: one PostgreSQL server serves the run, so tests empty it first."""

from __future__ import annotations

from sqlalchemy import Engine, MetaData


def emptied(engine: Engine) -> Engine:
    """The engine's database with no tables at all, the migrations' record included."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        return engine
    found = MetaData()
    found.reflect(engine)
    found.drop_all(engine)
    return engine
