"""Databases for tests: one PostgreSQL server serves the run, so tests empty it first."""

from __future__ import annotations

from pathlib import Path

import pytest
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


def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a contract test's SQL backend: its parameter is "sqlite" or "postgresql"."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pulse.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


def schema_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    """An engine on a contract test's SQL backend, emptied and brought to the schema."""
    from adapters.sql.engine import make_engine
    from adapters.sql.schema import create_schema

    engine = emptied(make_engine(backend_url(request, tmp_path)))
    create_schema(engine)
    return engine
