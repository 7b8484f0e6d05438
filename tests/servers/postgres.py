"""A throwaway PostgreSQL server for the tests: a fresh cluster on 127.0.0.1, a free port.

Set REDDITPULSE_TEST_POSTGRES_URL to use a server of your own instead. Without either,
PostgreSQL tests are skipped, unless REDDITPULSE_REQUIRE_POSTGRES=1 (CI) makes that a
failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SEARCH = ["/usr/lib/postgresql/*/bin"]


def server_binaries() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    for folder in sorted(glob.glob(SEARCH[0]), reverse=True):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _as_server_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root: run it as the postgres account the package made.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextmanager
def throwaway_server() -> Iterator[str]:
    """Start a cluster and yield its SQLAlchemy URL; stop and delete it afterwards."""
    binaries = server_binaries()
    if binaries is None:
        raise FileNotFoundError("no PostgreSQL server binaries (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="redditpulse-pg-"))
    data, port = folder / "data", _free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")

    def run(program: str, *args: str) -> None:
        command = _as_server_user([str(binaries / program), *args])
        subprocess.run(command, check=True, capture_output=True, text=True)

    try:
        run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync")
        options = f"-h 127.0.0.1 -p {port} -k {folder} -F"
        run("pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)
