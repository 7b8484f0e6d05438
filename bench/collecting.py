"""The collecting window of `bench.load --collect`: a streaming Reddit and cycles back to back.

The Reddit stand-in runs in a process of its own at the collector's priority (on a real
deployment Reddit is another machine), fed a live stream. A driver thread asks `serve`
for a cycle as soon as the last one ended, through the admin API, as an operator would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx

from adapters.worker_process import NICENESS  # the stand-in runs at the collector's priority

CLIENT = "bench-client:bench-secret"
ADMIN_TOKEN = "bench-admin-token"


def collector_env(standin_url: str, subreddits: list[str]) -> dict[str, str]:
    """Settings for `serve`: collect from the stand-in only when asked."""
    client_id, secret = CLIENT.split(":")
    return {
        "REDDIT_CLIENT_ID": client_id,
        "REDDIT_CLIENT_SECRET": secret,
        "REDDIT_OAUTH_URL": standin_url,
        "REDDIT_URL": standin_url,
        "REDDIT_TIMEOUT_SECONDS": "30",
        "SUBREDDITS": ",".join(subreddits),
        "ADMIN_TOKEN": ADMIN_TOKEN,
        "COLLECTION_INTERVAL_MINUTES": "1440",  # no scheduled cycle: the driver asks
        "INITIAL_COLLECTION_DELAY_SECONDS": "86400",
    }


def start_standin(port: int, subreddits: list[str], comments_per_s: float) -> subprocess.Popen[str]:
    command = [
        sys.executable, "-m", "testkit.reddit_standin", "--port", str(port),
        "--credentials", CLIENT, "--budget", "1000000", "--subreddits", ",".join(subreddits),
        "--stream", str(comments_per_s), "--stream-posts", str(comments_per_s / 10),
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.nice(NICENESS),  # the child runs no thread yet
    )
    assert process.stdout is not None
    for _ in range(2):  # "Reddit stand-in at ...", "streaming ..."
        if not process.stdout.readline():
            raise SystemExit("the Reddit stand-in did not start")
    return process


def stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class Collected:
    cycles: int = 0
    posts: int = 0
    comments: int = 0
    gaps: int = 0
    failures: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        rate = (self.posts + self.comments) / self.seconds if self.seconds else 0
        return (
            f"{self.cycles} cycles in {self.seconds:.0f} s collected {self.posts:,} posts and "
            f"{self.comments:,} comments ({rate:,.0f} items/s); {self.gaps} gaps, "
            f"{self.failures} failed subreddits"
        )


class CycleDriver:
    """Keeps one cycle running at all times between start() and stop()."""

    def __init__(self, base: str) -> None:
        self._client = httpx.Client(
            base_url=base, timeout=60, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
        )
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cycle-driver", daemon=True)
        self._cycle_ids: list[str] = []
        self._started = 0.0

    def start(self) -> CycleDriver:
        self._started = time.monotonic()
        self._thread.start()
        return self

    def stop(self) -> Collected:
        """Ask for no more cycles, wait for the running one to end, sum what all did."""
        self._stop.set()
        self._thread.join()
        while self._running() is not None:
            time.sleep(0.25)
        seconds = time.monotonic() - self._started
        listed = self._client.get("/api/v1/collections", params={"limit": 200}).json()
        mine = [c for c in listed["items"] if c["id"] in set(self._cycle_ids)]
        self._client.close()
        return Collected(
            cycles=len(mine),
            posts=sum(c["posts_collected"] for c in mine),
            comments=sum(c["comments_collected"] for c in mine),
            gaps=sum(len(c["gaps"]) for c in mine),
            failures=sum(len(c["errors"]) for c in mine),
            seconds=seconds,
        )

    def _running(self) -> Any:
        return self._client.get("/api/v1/health").json()["running_cycle_id"]

    def _run(self) -> None:
        while not self._stop.is_set():
            cycle_id = self._client.post("/api/v1/admin/collect").json()["cycle_id"]
            if cycle_id not in self._cycle_ids:
                self._cycle_ids.append(cycle_id)
            while not self._stop.is_set() and self._running() == cycle_id:
                self._stop.wait(0.25)
