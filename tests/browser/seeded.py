"""A dashboard to look at: 30 days of archive history for three subreddits, imported,
then `redditpulse serve --demo` on top, which collects its first cycle and no more."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.e2e.test_serve import CLI, finished_cycle, free_port, wait_for

SUBREDDITS = "python,programming,technology"
REPO = Path(__file__).parents[2]


def environment(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/dashboard.db",
        "SUBREDDITS": SUBREDDITS,
        "COLLECTION_INTERVAL_MINUTES": "60",  # one cycle in a test run: the numbers hold still
        "INITIAL_COLLECTION_DELAY_SECONDS": "0.5",
        "BACKFILL_PAGES": "3",
        "ADMIN_TOKEN": "",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(REPO),
    }


def seed(folder: Path) -> None:
    dumps = folder / "dumps"
    env = environment(folder)
    subprocess.run(
        [sys.executable, "-m", "testkit.archive_dump", str(dumps), "--posts", "2000",
         "--comments", "20000", "--subreddits", SUBREDDITS, "--days", "30", "--seed", "10"],
        check=True, capture_output=True, env=env, cwd=folder,
    )  # fmt: skip
    subprocess.run(
        [CLI, "import", str(dumps)], check=True, capture_output=True, env=env, cwd=folder
    )


def matched(base: str) -> bool | None:
    topics = httpx.get(f"{base}/api/v1/topics").json()["items"]
    return True if all(t["matching"] == "done" for t in topics) else None


@contextmanager
def dashboard(folder: Path) -> Iterator[str]:
    """The base URL of a seeded `serve --demo` whose first cycle has finished."""
    seed(folder)
    port = free_port()
    process = subprocess.Popen(
        [CLI, "serve", "--demo", "--port", str(port)],
        env=environment(folder), cwd=folder,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: finished_cycle(base), timeout=60)
        wait_for(lambda: matched(base), timeout=60)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
