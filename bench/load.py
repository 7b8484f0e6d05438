"""The API under locust: p50 and p95 per endpoint, for any database and any checkout.

Starts `redditpulse api` (no collection) on the database, in a process of its own, runs
locust headless with users started gradually, resets the statistics once all have
started, and prints one table. `--checkout` runs another checkout's code (to compare
versions side by side on the same data).

    DATABASE_URL=sqlite:///bench/.cache/load.db redditpulse import DUMP --all-subreddits
    python -m bench.load --db sqlite:///bench/.cache/load.db [--users 50] [--seconds 30]
        [--mix PlanUser] [--checkout /path/to/other/checkout]
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
SINGLE = [
    "/api/v1/health",
    "/api/v1/sentiment/stats?hours=24",
    "/api/v1/sentiment/stats?hours=720",
    "/api/v1/posts/recent?limit=50",
    "/api/v1/subreddits",
]


def single_requests(host: str, repeat: int = 5) -> dict[str, float]:
    """Median milliseconds of each request alone, one after another."""
    times: dict[str, float] = {}
    with httpx.Client(base_url=host, timeout=120) as client:
        for path in SINGLE:
            taken = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(path)
                taken.append((time.perf_counter() - started) * 1000)
            times[path] = statistics.median(taken)
    return times


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_api(
    database: str, checkout: str | None, port: int
) -> tuple[subprocess.Popen[str], float]:
    env = {**os.environ, "DATABASE_URL": database, "LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "entrypoints.cli", "api", "--port", str(port)]
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, cwd=checkout, text=True)
    while time.monotonic() - started < 300:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=30)
            return process, time.monotonic() - started
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the API did not answer within 300 s")


def run_locust(
    host: str, users: int, rate: float, seconds: int, mix: list[str]
) -> list[dict[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        ramp = int(users / rate) + 1
        subprocess.run(
            [str(Path(sys.executable).with_name("locust")), "-f", str(LOCUSTFILE), "--headless",
             "-u", str(users), "-r", str(rate), "-t", f"{ramp + seconds}s", "--reset-stats",
             "--host", host, "--csv", f"{folder}/run", "--only-summary", "--exit-code-on-error",
             "0", *mix],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        with open(f"{folder}/run_stats.csv") as f:
            return list(csv.DictReader(f))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of a filled database")
    parser.add_argument("--checkout", help="run the API from this folder's code")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=30, help="measured, after all started")
    parser.add_argument("--mix", nargs="+", default=["PlanUser"], help="locust user classes")
    args = parser.parse_args()
    port = free_port()
    api, startup = start_api(args.db, args.checkout, port)
    try:
        day = httpx.get(f"http://127.0.0.1:{port}/api/v1/sentiment/stats", timeout=120).json()
        alone = single_requests(f"http://127.0.0.1:{port}")
        rows = run_locust(f"http://127.0.0.1:{port}", args.users, args.spawn_rate, args.seconds,
                          args.mix)  # fmt: skip
    finally:
        api.send_signal(signal.SIGINT)
        api.wait(timeout=60)
    print(f"startup to first answer: {startup:.2f} s; {day['items']:,} items in the last 24 h")
    print("| request alone | median ms of 5 |")
    print("|---|--:|")
    for path, ms in alone.items():
        print(f"| `{path}` | {ms:,.1f} |")
    print(f"\nlocust, {' + '.join(args.mix)}, {args.users} users, {args.seconds} s measured:")
    print("| request | requests | failures | p50 ms | p95 ms | max ms |")
    print("|---|--:|--:|--:|--:|--:|")
    for row in rows:
        print(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{row['50%']} | {row['95%']} | {float(row['Max Response Time']):.0f} |"
        )


if __name__ == "__main__":
    main()
