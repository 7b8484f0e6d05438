"""`redditpulse db upgrade|current` as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from adapters.sql.engine import make_engine
from adapters.sql.schema import revisions

CLI = str(Path(sys.executable).with_name("redditpulse"))


def db(action: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run([CLI, "db", action], env=env, capture_output=True, text=True, timeout=60)


def test_upgrade_brings_an_empty_database_to_the_newest_revision(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pulse.db'}"
    engine = make_engine(url)
    _, newest = revisions(engine)
    assert db("current", url).stdout.strip() == (
        f"database at revision none (empty): newest is {newest}"
    )
    upgraded = db("upgrade", url)
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip() == f"database at revision {newest} (was empty)"
    assert db("current", url).stdout.strip() == f"database at revision {newest}: up to date"
    assert revisions(engine) == (newest, newest)
    engine.dispose()


def test_an_unreachable_database_is_one_line_without_the_password() -> None:
    done = db("upgrade", "postgresql+psycopg://someone:s3cretpw@127.0.0.1:9/nothing")
    assert done.returncode == 1
    assert done.stderr.startswith("redditpulse db: OperationalError")
    assert "s3cretpw" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
