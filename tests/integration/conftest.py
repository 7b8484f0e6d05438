"""Fixtures of the store tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from adapters.sql.engine import make_engine
from adapters.sql.schema import create_schema


@pytest.fixture
def engine(empty_database_url: str) -> Iterator[Engine]:
    """An empty database with today's schema, once on SQLite and once on PostgreSQL."""
    engine = make_engine(empty_database_url)
    create_schema(engine)
    yield engine
    engine.dispose()
