"""Is the API as fast during a collection cycle as when idle?

Starts the real app under uvicorn on 127.0.0.1, in a process of its own, with a Reddit
fake that blocks like PRAW (time.sleep per call) and returns many varied posts, which real
VADER scores and a real database stores (a new SQLite file, or `--db`: an empty database
of any kind, e.g. `python -m bench.postgres create NAME`). Times GET /api/v1/health and
/recent from this process: idle (after one cycle has filled the database), then while a
second cycle runs.

    python -m bench.api_responsiveness [--items 3000] [--block 0.5] [--db URL]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import httpx
import uvicorn

from domain.model import Budget, Kind, Page, Post
from entrypoints.api.app import create_app
from entrypoints.container import Container
from entrypoints.settings import Settings

TOKEN = "bench-token"
WORDS = ("great", "terrible", "fine", "awful", "wonderful", "ok", "broken", "love it")


class SlowReddit:
    """Synchronous like PRAW: each call blocks `block` seconds; a posts listing holds `items`
    new posts per subreddit named (in one page: this is load, not paging)."""

    def __init__(self, items: int, block: float) -> None:
        self._items, self._block, self._round = items, block, 0

    def listing(self, kind: Kind, subreddits: Sequence[str], after: str | None, limit: int) -> Page:
        time.sleep(self._block)
        if kind is Kind.COMMENTS or after is not None:
            return Page(posts=[], comments=[], after=None, budget=Budget())
        self._round += 1
        now = datetime.now(UTC)
        posts = [
            Post(
                id=f"{self._round}x{sub}x{i}",
                subreddit=sub,
                title=f"Post {i}: this is {WORDS[i % 8]} and {WORDS[(i * 3) % 8]}",
                body="Some longer body text that VADER has to read through. " * 3,
                author=f"u{i}",
                score=i,
                num_comments=0,
                created_utc=now - timedelta(seconds=i),
                url="https://example.invalid",
                permalink=f"/r/{sub}/comments/{i}/",
            )
            for sub in subreddits
            for i in range(self._items)
        ]
        return Page(posts=posts, comments=[], after=None, budget=Budget())

    def info(self, fullnames: Sequence[str]) -> Page:
        time.sleep(self._block)
        return Page(posts=[], comments=[], after=None, budget=Budget())


def run_server(database: str, items: int, block: float, port: int) -> None:
    container = Container()
    container.settings.override(
        Settings(
            _env_file=None,
            database_url=database,
            admin_token=TOKEN,
            subreddits=["one", "two", "three"],
            reddit_client_id="x",
            reddit_client_secret="y",
            # No scheduled cycle: the bench asks for each one.
            initial_collection_delay_seconds=86400,
            collection_interval_minutes=1440,
        )
    )
    container.sync_reddit.override(SlowReddit(items, block))
    # With the scheduler: only the collector lease's holder runs cycles. The cycle runs in
    # this process (`serve` sends it to a collector process, which this override misses).
    app = create_app(container, with_scheduler=True)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def wait_until_up(port: int) -> None:
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/health").raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise SystemExit("server did not start")


def timed_gets(
    client: httpx.Client, paths: list[str], until: threading.Event | None, n: int
) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {p: [] for p in paths}
    count = 0
    while (until is None and count < n) or (until is not None and not until.is_set()):
        for path in paths:
            t0 = time.perf_counter()
            client.get(path).raise_for_status()
            latencies[path].append((time.perf_counter() - t0) * 1000)
        count += 1
    return latencies


def trigger(client: httpx.Client) -> str:
    """Ask for a cycle, its id. Just after startup the lease may not be taken yet (503)."""
    for _ in range(100):
        answer = client.post("/api/v1/admin/collect", headers={"Authorization": f"Bearer {TOKEN}"})
        if answer.status_code != 503:
            break
        time.sleep(0.1)
    if answer.status_code != 202:
        raise SystemExit(f"POST /admin/collect: {answer.status_code} {answer.text}")
    return str(answer.json()["cycle_id"])


def wait_done(client: httpx.Client, cycle_id: str, done: threading.Event) -> None:
    with httpx.Client(base_url=client.base_url) as watcher:
        while not finished(watcher, cycle_id):
            time.sleep(0.2)
    done.set()


def finished(client: httpx.Client, cycle_id: str) -> bool:
    listed = client.get("/api/v1/collections", params={"limit": 5}).json()["items"]
    return any(c["id"] == cycle_id and c["finished_at"] for c in listed)


Latencies = dict[str, list[float]]


def measure(port: int, paths: list[str]) -> tuple[Latencies, Latencies, float]:
    """Idle latencies after a first cycle, latencies during a second, its seconds."""
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        # A first cycle fills the database, so idle and busy read the same amount of data.
        first = trigger(client)
        wait_done(client, first, threading.Event())
        timed_gets(client, paths, None, 20)  # warm up
        idle = timed_gets(client, paths, None, 200)
        done = threading.Event()
        second = trigger(client)
        t0 = time.perf_counter()
        threading.Thread(target=wait_done, args=(client, second, done), daemon=True).start()
        busy = timed_gets(client, paths, done, 0)
        cycle_s = time.perf_counter() - t0
        check_cycles(client, [first, second])
        return idle, busy, cycle_s


def check_cycles(client: httpx.Client, ids: list[str]) -> None:
    """A cycle that failed wrote nothing: its timings would measure an idle server."""
    listed = client.get("/api/v1/collections", params={"limit": 5}).json()["items"]
    for cycle in (c for c in listed if c["id"] in ids):
        if cycle["errors"] or not cycle["posts_collected"]:
            raise SystemExit(f"cycle {cycle['id']} stored nothing: {cycle['errors']}")
    if len([c for c in listed if c["id"] in ids]) != len(ids):
        raise SystemExit(f"cycles {ids} are not all listed: {listed}")


def row(label: str, path: str, ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return (
        f"| {label} | {path} | {len(ms)} | {statistics.median(ms):.1f} | {p95:.1f} | {ms[-1]:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=3000, help="posts per subreddit per cycle")
    parser.add_argument("--block", type=float, default=0.5, help="seconds each Reddit call blocks")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--db", help="URL of an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    paths = ["/api/v1/health", "/api/v1/posts/recent?limit=50"]

    with tempfile.TemporaryDirectory() as tmp:
        # The server runs in its own process so the timing client never competes for its GIL.
        # Not a daemon: its app starts the scoring process pool, and daemons have no children.
        server = multiprocessing.get_context("spawn").Process(
            target=run_server,
            args=(args.db or f"sqlite:///{tmp}/bench.db", args.items, args.block, args.port),
        )
        server.start()
        load_at_start = os.getloadavg()
        try:
            wait_until_up(args.port)
            idle, busy, cycle_s = measure(args.port, paths)
        finally:
            server.terminate()
            server.join(timeout=30)

    print(
        f"{(args.db or 'sqlite').split(':')[0]}: 3 subreddits x {args.items} posts, Reddit "
        f"calls block {args.block} s; cycle took {cycle_s:.1f} s"
    )
    loads = [", ".join(f"{n:.2f}" for n in three) for three in (load_at_start, os.getloadavg())]
    print(f"load average (1, 5, 15 min) at start {loads[0]}, at the end {loads[1]}")
    print("| phase | path | requests | median ms | p95 ms | max ms |")
    print("|---|---|---|---|---|---|")
    for path in paths:
        print(row("idle", path, idle[path]))
        print(row("during cycle", path, busy[path]))
    for path in paths:
        ratio = statistics.median(busy[path]) / statistics.median(idle[path])
        print(f"median during/idle {path}: {ratio:.1f}x")


if __name__ == "__main__":
    main()
