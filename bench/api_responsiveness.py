"""Is the API as fast during a collection cycle as when idle?

Starts the real app under uvicorn on 127.0.0.1 with a Reddit fake that blocks like PRAW
(time.sleep per call, then many varied posts and comments, scored by real VADER and saved to
a real SQLite file), and times GET /api/v1/health and /api/v1/posts/recent from another
thread: first idle, then while a triggered cycle runs.

    python -m bench.api_responsiveness [--items 3000] [--block 0.5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta

import httpx
import uvicorn

from domain.model import Comment, Post
from entrypoints.api.app import create_app
from entrypoints.container import Container
from entrypoints.settings import Settings

TOKEN = "bench-token"
WORDS = ("great", "terrible", "fine", "awful", "wonderful", "ok", "broken", "love it")


class SlowReddit:
    """Synchronous like PRAW: each call blocks `block` seconds, then returns `items` things."""

    def __init__(self, items: int, block: float) -> None:
        self._items, self._block, self._round = items, block, 0

    def new_posts(self, subreddit: str, limit: int) -> list[Post]:
        time.sleep(self._block)
        self._round += 1
        now = datetime.now(UTC)
        return [
            Post(
                id=f"{self._round}x{i}",
                subreddit=subreddit,
                title=f"Post {i}: this is {WORDS[i % 8]} and {WORDS[(i * 3) % 8]}",
                body="Some longer body text that VADER has to read through. " * 3,
                author=f"u{i}",
                score=i,
                num_comments=0,
                created_utc=now - timedelta(seconds=i),
                url="https://example.invalid",
                permalink=f"/r/{subreddit}/comments/{i}/",
            )
            for i in range(self._items)
        ]

    def new_comments(self, subreddit: str, limit: int) -> list[Comment]:
        time.sleep(self._block)
        return []


def timed_gets(client: httpx.Client, paths: list[str], until: threading.Event | None, n: int):
    latencies: dict[str, list[float]] = {p: [] for p in paths}
    count = 0
    while (until is None and count < n) or (until is not None and not until.is_set()):
        for path in paths:
            t0 = time.perf_counter()
            client.get(path).raise_for_status()
            latencies[path].append((time.perf_counter() - t0) * 1000)
        count += 1
    return latencies


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
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        container = Container()
        container.settings.override(
            Settings(
                _env_file=None,
                database_url=f"sqlite:///{tmp}/bench.db",
                admin_token=TOKEN,
                subreddits=["one", "two", "three"],
                reddit_client_id="x",
                reddit_client_secret="y",
            )
        )
        container.sync_reddit.override(SlowReddit(args.items, args.block))
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(container), host="127.0.0.1", port=args.port, log_level="warning"
            )
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        paths = ["/api/v1/health", "/api/v1/posts/recent?limit=50"]
        with httpx.Client(base_url=f"http://127.0.0.1:{args.port}") as client:
            timed_gets(client, paths, None, 20)  # warm up
            idle = timed_gets(client, paths, None, 200)
            done = threading.Event()
            client.post("/api/v1/admin/collect", headers={"Authorization": f"Bearer {TOKEN}"})
            t0 = time.perf_counter()

            def watch() -> None:
                with httpx.Client(base_url=f"http://127.0.0.1:{args.port}") as watcher:
                    while watcher.get("/api/v1/health").json()["running_cycle_id"]:
                        time.sleep(0.2)
                done.set()

            threading.Thread(target=watch, daemon=True).start()
            busy = timed_gets(client, paths, done, 0)
            cycle_s = time.perf_counter() - t0
        server.should_exit = True
        thread.join(timeout=10)

    print(
        f"cycle: 3 subreddits x {args.items} posts, Reddit calls block {args.block} s; "
        f"cycle took {cycle_s:.1f} s"
    )
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
