"""Servers shared by the whole test run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.sql.engine import make_engine
from tests.servers.databases import emptied
from tests.servers.postgres import server_binaries, throwaway_server


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server's URL (see tests/servers/postgres.py)."""
    if url := os.environ.get("REDDITPULSE_TEST_POSTGRES_URL"):
        yield url
        return
    if server_binaries() is None:
        if os.environ.get("REDDITPULSE_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required here but its server binaries are missing")
        pytest.skip("no PostgreSQL server binaries: apt-get install postgresql to run these")
    with throwaway_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database, once on SQLite (a new file) and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pulse.db'}"
    url: str = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    emptied(engine)
    engine.dispose()
    return url
