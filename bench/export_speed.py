"""How fast does export stream the stored items: `redditpulse export`, and the endpoint?

Copies the cached 1.1M-item SQLite database (bench/.cache/load-1m.db, left as it is) to a
temporary folder and brings the copy's schema up, or reads the database given with --db.
Runs `redditpulse export` to /dev/null in each format, then starts `redditpulse api` on
the database and reads GET /api/v1/export/items.csv to its last byte. Prints one Markdown
table row per run: rows, seconds, rows/s, and the peak resident memory of the process.

    python -m bench.export_speed [--db URL] [--subreddit NAME] [--hours N] [--kind KIND]
        [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.load import free_port, start_app
from bench.process_memory import PeakMemory

CACHED = Path(__file__).parent / ".cache" / "load-1m.db"
CLI = str(Path(sys.executable).with_name("redditpulse"))
MB = 1_000_000
SUMMARY = re.compile(r"exported ([\d,]+) items .* in ([\d.]+) s")


def copied_database(folder: str) -> str:
    if not CACHED.exists():
        raise SystemExit(f"{CACHED} is missing: `python -m bench.load` builds it")
    shutil.copyfile(CACHED, Path(folder) / "load-1m.db")
    url = f"sqlite:///{folder}/load-1m.db"
    subprocess.run([CLI, "db", "upgrade"], env=_env(url), check=True, capture_output=True)
    return url


def cli_export(database: str, fmt: str, filters: list[str]) -> tuple[int, float, float]:
    """Rows, the export's own seconds (from its summary), peak RSS in MB."""
    command = [CLI, "export", "--format", fmt, "--output", "/dev/null", *filters]
    process = subprocess.Popen(command, env=_env(database), stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process.pid)
    _, err = process.communicate()
    memory.stop()
    found = SUMMARY.search(err)
    if process.returncode != 0 or found is None:
        raise SystemExit(f"export failed ({process.returncode}):\n{err}")
    return int(found[1].replace(",", "")), float(found[2]), memory.peak_main / MB


def endpoint_export(host: str, query: str) -> tuple[int, float]:
    """Bytes of the CSV answer, seconds from the request to its last byte."""
    started = time.monotonic()
    size = 0
    with httpx.stream("GET", f"{host}/api/v1/export/items.csv?{query}", timeout=600) as answer:
        answer.raise_for_status()
        for chunk in answer.iter_raw():
            size += len(chunk)
    return size, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a copy of the cached 1.1M items)")
    parser.add_argument("--subreddit")
    parser.add_argument("--hours", type=int)
    parser.add_argument("--kind", choices=["post", "comment"])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    chosen = {k: v for k, v in vars(args).items() if k in ("subreddit", "hours", "kind") and v}
    filters = [f"--{k}={v}" for k, v in chosen.items()]
    query = "&".join(f"{k}={v}" for k, v in chosen.items())
    with tempfile.TemporaryDirectory(prefix="redditpulse-export-") as folder:
        database = args.db or copied_database(folder)
        print(f"selection: {' '.join(filters) or 'every item'}")
        print("| run | rows | seconds | rows/s | peak RSS |")
        print("|---|--:|--:|--:|--:|")
        rows = 0
        for _ in range(args.repeat):
            for fmt in ("csv", "ndjson"):
                rows, seconds, peak = cli_export(database, fmt, filters)
                _row(f"`redditpulse export --format {fmt}`", rows, seconds, f"{peak:,.0f} MB")
        port = free_port()
        server, _ = start_app(database, None, port)
        try:
            memory = PeakMemory(server.pid)
            for _ in range(args.repeat):
                size, seconds = endpoint_export(f"http://127.0.0.1:{port}", query)
                _row(f"GET /export/items.csv ({size / MB:,.0f} MB)", rows, seconds,
                     f"{memory.peak_main / MB:,.0f} MB (API process)")  # fmt: skip
            memory.stop()
        finally:
            server.terminate()
            server.wait(timeout=60)


def _row(name: str, rows: int, seconds: float, memory: str) -> None:
    print(f"| {name} | {rows:,} | {seconds:.1f} | {rows / max(seconds, 0.05):,.0f} | {memory} |")


def _env(database: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database, "LOG_LEVEL": "WARNING"}


if __name__ == "__main__":
    main()
