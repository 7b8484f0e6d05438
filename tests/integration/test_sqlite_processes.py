"""Several processes on one SQLite file share its write-ahead log for as long as they run:
nothing this process does (health's checks included) may make another process take the
log for abandoned and delete it, or each would write to a log of its own."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from adapters.sql.engine import make_engine
from adapters.sql.schema import create_schema
from adapters.sql.store import SqlStore
from domain.collection import utcnow
from domain.lease import COLLECTOR

OTHER_PROCESS_OPENS_AND_CLOSES = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("SELECT count(*) FROM leases").fetchall()
connection.close()
"""
OTHER_PROCESS_READS_HOLDER = """
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT holder FROM leases").fetchall())
"""


def test_health_checks_keep_the_write_ahead_log_shared_with_other_processes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shared.db"
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    store = SqlStore(engine)
    with engine.connect() as held:  # a connection this process keeps, as a server does
        held.exec_driver_sql("SELECT 1").fetchall()
        assert store.state().writable  # health's check of the file, while it is open
        wal = path.with_name("shared.db-wal")
        assert wal.exists()
        subprocess.run(
            [sys.executable, "-c", OTHER_PROCESS_OPENS_AND_CLOSES, str(path)], check=True
        )
        assert wal.exists(), "another process deleted the log this one still uses"

        now = utcnow()
        store.acquire_lease(COLLECTOR, "this-process", now, now + timedelta(seconds=30))
        seen = subprocess.run(
            [sys.executable, "-c", OTHER_PROCESS_READS_HOLDER, str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert seen.strip() == "[('this-process',)]", "the other process sees another log"
    engine.dispose()
