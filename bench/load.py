"""The API under locust: p50 and p95 per endpoint, for any database and any checkout.

Starts `redditpulse api` (no collection) on the database, in a process of its own, runs
locust headless with users started gradually, resets the statistics once all have
started, and prints one table. `--checkout` runs another checkout's code (to compare
versions side by side on the same data).

`--collect N` measures idle, collecting, idle: it starts `redditpulse serve` instead, runs
locust three times, and during the second window a Reddit stand-in streams N comments
(and N/10 posts) a second into the database's subreddits while cycles run back to back
(bench/collecting.py). Collection writes into the database: give it a copy.

    DATABASE_URL=sqlite:///bench/.cache/load.db redditpulse import DUMP --all-subreddits
    python -m bench.load --db sqlite:///bench/.cache/load.db [--users 50] [--seconds 30]
        [--mix PlanUser] [--checkout /path/to/other/checkout] [--collect 600]
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


def start_app(
    database: str,
    checkout: str | None,
    port: int,
    command: str = "api",
    settings: dict[str, str] | None = None,
) -> tuple[subprocess.Popen[str], float]:
    env = {**os.environ, "DATABASE_URL": database, "LOG_LEVEL": "WARNING", **(settings or {})}
    argv = [sys.executable, "-m", "entrypoints.cli", command, "--port", str(port)]
    started = time.monotonic()
    process = subprocess.Popen(argv, env=env, cwd=checkout, text=True)
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
    """locust's summary rows, with p50 and p95 recomputed from every response time to a
    tenth of a millisecond (its own report gives whole milliseconds)."""
    with tempfile.TemporaryDirectory() as folder:
        ramp = int(users / rate) + 1
        env = {**os.environ, "REDDITPULSE_LOCUST_TIMES": f"{folder}/times.tsv"}
        subprocess.run(
            [str(Path(sys.executable).with_name("locust")), "-f", str(LOCUSTFILE), "--headless",
             "-u", str(users), "-r", str(rate), "-t", f"{ramp + seconds}s", "--reset-stats",
             "--host", host, "--csv", f"{folder}/run", "--only-summary", "--exit-code-on-error",
             "0", *mix],
            check=True, capture_output=True, text=True, env=env,
        )  # fmt: skip
        with open(f"{folder}/run_stats.csv") as f:
            rows = list(csv.DictReader(f))
        times: dict[str, list[float]] = {}
        with open(f"{folder}/times.tsv") as f:
            for line in f:
                name, ms = line.rstrip("\n").split("\t")
                times.setdefault(name, []).append(float(ms))
        times["Aggregated"] = [ms for name in list(times) for ms in times[name]]
        for row in rows:
            if taken := sorted(times.get(row["Name"], [])):
                row["50%"] = f"{percentile(taken, 0.50):.1f}"
                row["95%"] = f"{percentile(taken, 0.95):.1f}"
        return rows


def percentile(ordered: list[float], share: float) -> float:
    """The nearest-rank percentile, as locust computes it."""
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def print_alone(alone: dict[str, float]) -> None:
    print("| request alone | median ms of 5 |")
    print("|---|--:|")
    for path, ms in alone.items():
        print(f"| `{path}` | {ms:,.1f} |")


def print_run(rows: list[dict[str, str]]) -> None:
    print("| request | requests | failures | p50 ms | p95 ms | max ms |")
    print("|---|--:|--:|--:|--:|--:|")
    for row in rows:
        print(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{row['50%']} | {row['95%']} | {float(row['Max Response Time']):.0f} |"
        )


def print_windows(windows: dict[str, list[dict[str, str]]]) -> None:
    """One row per request: p95 (p50) in each window, and collecting against idle."""
    by_name = {label: {row["Name"]: row for row in rows} for label, rows in windows.items()}
    labels = list(windows)
    print(f"| request | {' | '.join(labels)} | collecting p95 / mean idle p95 |")
    print(f"|---|{'--:|' * len(labels)}--:|")
    for name in by_name[labels[0]]:
        cells = [by_name[label].get(name) for label in labels]
        shown = [f"{c['95%']} ({c['50%']})" if c else "-" for c in cells]
        idle = [float(c["95%"]) for label, c in zip(labels, cells, strict=True)
                if c and label.startswith("idle")]  # fmt: skip
        busy = by_name.get("collecting", {}).get(name)
        ratio = f"{float(busy['95%']) / statistics.mean(idle):.2f}x" if busy and idle else "-"
        print(f"| {name} | {' | '.join(shown)} | {ratio} |")
    failures = {
        label: sum(int(r["Failure Count"]) for r in rows) for label, rows in windows.items()
    }
    print(f"failed requests: {failures}")


def database_subreddits(database: str) -> list[str]:
    """The names the database holds items of, by plain SQL: any schema revision has them."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text("SELECT name FROM subreddits ORDER BY name")).scalars())
    finally:
        engine.dispose()


def measure_collecting(host: str, args: argparse.Namespace, standin_port: int,
                       subreddits: list[str]) -> None:  # fmt: skip
    from bench.collecting import CycleDriver, start_standin, stop

    windows: dict[str, list[dict[str, str]]] = {}
    windows["idle"] = run_locust(host, args.users, args.spawn_rate, args.seconds, args.mix)
    standin = start_standin(standin_port, subreddits, args.collect)
    try:
        driver = CycleDriver(host).start()
        time.sleep(args.warmup)  # the first cycle reads back further than the next ones
        windows["collecting"] = run_locust(host, args.users, args.spawn_rate, args.seconds,
                                           args.mix)  # fmt: skip
        collected = driver.stop()
    finally:
        stop(standin)
    windows["idle again"] = run_locust(host, args.users, args.spawn_rate, args.seconds, args.mix)
    print(f"\nlocust, {' + '.join(args.mix)}, {args.users} users, {args.seconds} s measured in "
          "each window; p95 ms (p50):")  # fmt: skip
    print_windows(windows)
    print(f"collecting window, {args.collect:g} comments/s streamed: {collected}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of a filled database")
    parser.add_argument("--checkout", help="run the API from this folder's code")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=30, help="measured, after all started")
    parser.add_argument("--mix", nargs="+", default=["PlanUser"], help="locust user classes")
    parser.add_argument(
        "--collect",
        type=float,
        metavar="N",
        help="comments/s streamed while collecting: measure idle, collecting, idle (writes)",
    )
    parser.add_argument("--warmup", type=float, default=10, help="s of collection before locust")
    args = parser.parse_args()
    port = free_port()
    settings: dict[str, str] = {}
    if args.collect:
        from bench.collecting import collector_env

        standin_port, subreddits = free_port(), database_subreddits(args.db)
        settings = collector_env(f"http://127.0.0.1:{standin_port}", subreddits)
    command = "serve" if args.collect else "api"
    app, startup = start_app(args.db, args.checkout, port, command, settings)
    host = f"http://127.0.0.1:{port}"
    try:
        day = httpx.get(f"{host}/api/v1/sentiment/stats", timeout=120).json()
        alone = single_requests(host)
        print(f"startup to first answer: {startup:.2f} s; {day['items']:,} items in the last 24 h")
        print(f"{args.db.split(':')[0]}; load average at start: {load_average()}")
        print_alone(alone)
        if args.collect:
            measure_collecting(host, args, standin_port, subreddits)
        else:
            rows = run_locust(host, args.users, args.spawn_rate, args.seconds, args.mix)
            print(f"\nlocust, {' + '.join(args.mix)}, {args.users} users, {args.seconds} s "
                  "measured:")  # fmt: skip
            print_run(rows)
        print(f"load average at the end: {load_average()}")
    finally:
        app.send_signal(signal.SIGINT)
        app.wait(timeout=60)


def load_average() -> str:
    """The machine is shared: what else ran shows here (1, 5 and 15 minutes)."""
    return ", ".join(f"{n:.2f}" for n in os.getloadavg())


if __name__ == "__main__":
    main()
