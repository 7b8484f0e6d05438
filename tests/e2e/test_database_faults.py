"""A running server whose SQLite file turns read-only, unreadable, deleted or replaced:
JSON 503 or an honest health, one log line per change, and recovery without a restart.

Root is not stopped by file modes: for root, `chattr +i` makes a file read-only (for
anyone else, chmod does). "Unreadable" is a file that is not a database any more.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.test_collector_process import collector_of
from tests.e2e.test_serve import Serve, finished_cycle, serve, wait_for

__all__ = ["serve"]  # the fixture

ADMIN = {"Authorization": "Bearer fault-token"}


class ReadOnly:
    """Makes files read-only for this process's user, and writable again."""

    def __init__(self) -> None:
        self.files: list[Path] = []

    def make(self, path: Path) -> None:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "+i", str(path)], check=True)
        else:
            path.chmod(0o444)
        self.files.append(path)

    def undo(self) -> None:
        for path in self.files:
            if os.geteuid() == 0:
                subprocess.run(["chattr", "-i", str(path)], check=True)
            else:
                path.chmod(0o644)
        self.files.clear()


@pytest.fixture
def read_only() -> Iterator[ReadOnly]:
    made = ReadOnly()
    yield made
    made.undo()


def serving(serve: Serve, tmp_path: Path) -> tuple[str, Any, Path]:
    """`serve --demo` after its first cycle, collecting no more unless asked; its base URL,
    process and database file."""
    base, process = serve("--demo", COLLECTION_INTERVAL_MINUTES="60")
    wait_for(lambda: finished_cycle(base))
    return base, process, tmp_path / "serve.db"


def make_garbage(path: Path) -> None:
    """A new file at `path` that is not a database, as a broken restore would leave."""
    garbage = path.with_name("garbage")
    garbage.write_bytes(b"this is not a database\n" * 1000)
    garbage.replace(path)


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (its WAL included)."""
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def health(base: str) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(f"{base}/api/v1/health", timeout=10).json()
    return body


def with_reason(base: str, words: str) -> dict[str, Any] | None:
    body = health(base)
    return body if any(words in reason for reason in body["reasons"]) else None


def test_a_read_only_database_is_degraded_with_its_reasons_and_recovers(
    serve: Serve, tmp_path: Path, read_only: ReadOnly
) -> None:
    base, process = serve("--demo", ADMIN_TOKEN="fault-token", COLLECTION_INTERVAL_MINUTES="60")
    wait_for(lambda: finished_cycle(base))
    assert health(base)["status"] == "ok", health(base)
    database = tmp_path / "serve.db"
    # The collector restarts (it died) while the file is read-only, as after a permission
    # change: connections opened now can only read. (Only the main file: a write-ahead
    # log's shared memory made immutable under a mapping kills its process with SIGBUS.)
    os.kill(collector_of(process.pid), signal.SIGKILL)
    read_only.make(database)

    degraded = wait_for(lambda: with_reason(base, "read-only"))
    assert degraded["status"] == "degraded" and degraded["database"]["writable"] is False
    trigger = httpx.post(f"{base}/api/v1/admin/collect", headers=ADMIN)
    assert trigger.status_code == 202
    failed_id = trigger.json()["cycle_id"]
    failed = wait_for(lambda: with_reason(base, "the last cycle failed"))
    assert failed["last_cycle"]["id"] == failed_id
    # The failed cycle could not be recorded in the database, yet it is listed.
    listed = httpx.get(f"{base}/api/v1/collections").json()["items"]
    assert listed[0]["id"] == failed_id and listed[0]["status"] == "failed"
    assert httpx.get(f"{base}/api/v1/posts/recent").status_code == 200  # reads still work

    read_only.undo()
    httpx.post(f"{base}/api/v1/admin/collect", headers=ADMIN)
    wait_for(lambda: health(base)["status"] == "ok" or None, timeout=60)


def test_an_unreadable_database_answers_json_503_then_recovers(
    serve: Serve, tmp_path: Path
) -> None:
    base, _, database = serving(serve, tmp_path)
    posts = httpx.get(f"{base}/api/v1/posts/recent").json()["items"]
    backup = tmp_path / "backup.db"
    copy_database(database, backup)

    make_garbage(database)
    for path in ("/api/v1/posts/recent", "/api/v1/sentiment/stats", "/api/v1/subreddits"):
        response = httpx.get(f"{base}{path}")
        assert response.status_code == 503, (path, response.text)
        assert response.json()["detail"].startswith("database unavailable: ")
    down = httpx.get(f"{base}/api/v1/health")
    assert down.status_code == 503 and down.json()["database"]["ok"] is False

    shutil.copy(backup, tmp_path / "restoring.db")
    (tmp_path / "restoring.db").replace(database)
    assert wait_for(lambda: httpx.get(f"{base}/api/v1/health").status_code == 200 or None)
    assert httpx.get(f"{base}/api/v1/posts/recent").json()["items"] == posts


def test_a_deleted_database_file_is_a_reason_and_a_restored_one_is_used(
    serve: Serve, tmp_path: Path
) -> None:
    base, _, database = serving(serve, tmp_path)
    backup = tmp_path / "backup.db"
    copy_database(database, backup)
    before = len(httpx.get(f"{base}/api/v1/posts/recent", params={"limit": 500}).json()["items"])

    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    gone = wait_for(lambda: with_reason(base, "is gone"))
    assert gone["status"] == "degraded"

    # A restore that holds less than what the server had: the server serves the restore.
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        conn.executescript("DELETE FROM sentiments; DELETE FROM posts;")
    shutil.copy(backup, database)
    wait_for(lambda: not with_reason(base, "is gone") or None)
    after = httpx.get(f"{base}/api/v1/posts/recent", params={"limit": 500}).json()["items"]
    assert before > 0 and after == []


def test_database_trouble_is_logged_once_per_change_without_tracebacks(
    serve: Serve, tmp_path: Path
) -> None:
    base, process, database = serving(serve, tmp_path)
    saved = tmp_path / "saved.db"
    database.replace(saved)
    make_garbage(database)
    for _ in range(20):
        httpx.get(f"{base}/api/v1/posts/recent")
        httpx.get(f"{base}/api/v1/health")
    saved.replace(database)
    wait_for(lambda: httpx.get(f"{base}/api/v1/health").status_code == 200 or None)
    time.sleep(0.5)
    process.terminate()
    output, _ = process.communicate(timeout=30)
    assert "Traceback" not in output
    unavailable = [line for line in output.splitlines() if "database unavailable" in line]
    # One per distinct state and part (the API's reads, topic matching, the collector),
    # not one per request or per second.
    assert len(unavailable) <= 3, unavailable
    assert sum("available again" in line for line in output.splitlines()) == 1
