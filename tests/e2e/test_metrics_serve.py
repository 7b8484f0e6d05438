"""`serve`'s /metrics: cycles run in the collector process, and the API process counts them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.metrics_text import after_a_cycle, sample

pytestmark = pytest.mark.slow

CLI = str(Path(sys.executable).with_name("redditpulse"))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/metrics.db",
        "INITIAL_COLLECTION_DELAY_SECONDS": "0.5",
        "SUBREDDITS": "python,rust",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    process = subprocess.Popen(
        [CLI, "serve", "--demo", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def test_a_cycle_in_the_collector_process_shows_in_the_api_process_metrics(served: str) -> None:
    deadline = time.monotonic() + 60
    text = None
    while text is None and time.monotonic() < deadline:
        text = after_a_cycle(served)
        time.sleep(0.2)
    assert text is not None, "no cycle ended within 60 s"

    assert sample(text, "redditpulse_cycles_total", outcome="succeeded") == 1
    assert (sample(text, "redditpulse_items_collected_total", kind="posts") or 0) > 0
    assert (sample(text, "redditpulse_reddit_requests_total") or 0) > 0
    assert sample(text, "redditpulse_last_success_timestamp_seconds") is not None
    assert httpx.get(f"{served}/api/v1/health", timeout=5).status_code == 200
    after = httpx.get(f"{served}/metrics", timeout=5).text
    requests = "redditpulse_http_requests_total"
    assert sample(after, requests, method="GET", route="/api/v1/health", status="200") == 1
