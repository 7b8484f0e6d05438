"""A PostgreSQL server for the benches: one cluster under /tmp, set up as a deployment would be.

Unlike the tests' throwaway server (fsync off, defaults), this one keeps fsync and
synchronous commits on and sets what a sane deployment on this machine would: memory for
the page cache, WAL room for bulk imports, SSD costs. `copy` is the server's `cp file.db`:
a new database made from a filled one, for runs that write.

    python -m bench.postgres start            # prints the server's URL (postgres database)
    python -m bench.postgres create NAME [--from FILLED]   # prints the new database's URL
    python -m bench.postgres stop
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import socket
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, text

FOLDER = Path("/tmp/redditpulse-bench-pg")
SETTINGS = {
    "shared_buffers": "1GB",  # a quarter of RAM is the usual start; the box is shared
    "effective_cache_size": "4GB",
    "work_mem": "16MB",
    "maintenance_work_mem": "256MB",
    "max_wal_size": "4GB",  # an import writes GBs of WAL: fewer forced checkpoints
    "random_page_cost": "1.1",  # SSD
    "max_connections": "200",  # N API workers x (pool 5 + overflow 10), plus the collector
    # Parallel query stays at its default: docs/benchmarks.md ("PostgreSQL beside SQLite")
    # measures it on and off (off per connection: ?options=-c max_parallel_workers_per_gather=0).
}


def binaries() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    raise SystemExit("no PostgreSQL server binaries (apt-get install postgresql)")


def run(program: str, *args: str) -> None:
    command = [str(binaries() / program), *args]
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, text=True)


def url(database: str = "postgres") -> str:
    port = (FOLDER / "port").read_text().strip()
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"


def start() -> str:
    if (FOLDER / "data" / "postmaster.pid").exists():
        return url()
    FOLDER.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(FOLDER, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (FOLDER / "port").write_text(str(port))
    data = FOLDER / "data"
    if not data.exists():
        run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust")
    options = " ".join([f"-h 127.0.0.1 -p {port} -k {FOLDER}"]
                       + [f"-c {name}={value}" for name, value in SETTINGS.items()])  # fmt: skip
    run("pg_ctl", "-D", str(data), "-o", options, "-l", str(FOLDER / "log"), "-w", "start")
    return url()


def stop() -> None:
    if (FOLDER / "data" / "postmaster.pid").exists():
        run("pg_ctl", "-D", str(FOLDER / "data"), "-m", "fast", "-w", "stop")
    shutil.rmtree(FOLDER, ignore_errors=True)


def create(name: str, template: str | None) -> str:
    """A new database (dropped first if it exists), empty or a copy of `template`."""
    engine = create_engine(url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            copy = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    finally:
        engine.dispose()
    return url(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("start", help="start the server (if not running), print its URL")
    commands.add_parser("stop", help="stop the server and delete its data")
    made = commands.add_parser("create", help="make a database, print its URL")
    made.add_argument("name")
    made.add_argument("--from", dest="template", help="copy this database")
    args = parser.parse_args()
    if args.command == "start":
        print(start())
    elif args.command == "stop":
        stop()
    else:
        print(create(args.name, args.template))


if __name__ == "__main__":
    main()
