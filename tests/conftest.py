"""Servers shared by the whole test run."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

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
