"""`redditpulse scheduler` serves its own /metrics and /healthz: a collector on a host
without an API process can be scraped; a port in use is a bad setting."""

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
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
    return port


def environment(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/scheduler.db",
        "COLLECTION_INTERVAL_MINUTES": "0.02",
        "INITIAL_COLLECTION_DELAY_SECONDS": "0.5",
        "HOST": HOST,
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # this process's own metrics
    return env


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    process = subprocess.Popen(
        [CLI, "scheduler", "--demo", "--metrics-port", str(port)],
        env=environment(tmp_path),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://{HOST}:{port}", process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


def test_the_scheduler_serves_its_collection_metrics_and_health(
    scheduler: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, process = scheduler
    deadline = time.monotonic() + 60
    text = None
    while text is None and time.monotonic() < deadline:
        assert process.poll() is None, f"the scheduler exited with {process.returncode}"
        text = after_a_cycle(base)
        time.sleep(0.2)
    assert text is not None, "no cycle ended within 60 s"

    assert (sample(text, "redditpulse_cycles_total", outcome="succeeded") or 0) >= 1
    assert (sample(text, "redditpulse_items_collected_total", kind="posts") or 0) > 0
    assert sample(text, "redditpulse_scoring_queue") is not None
    assert sample(text, "redditpulse_last_success_timestamp_seconds") is not None
    health = httpx.get(f"{base}/healthz", timeout=5)
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok" and body["collecting"] is True
    assert body["holder"].split(":")[1] == str(process.pid)  # host:pid:suffix

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base}/healthz", timeout=5)


def test_a_metrics_port_in_use_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [CLI, "scheduler", "--demo", "--metrics-port", str(port)],
            env=environment(tmp_path),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.splitlines()[-1]  # after the log lines of the start, if any
    assert last.startswith(f"redditpulse: bad setting METRICS_PORT (or --metrics-port)={port}")
    assert "in use" in last


@pytest.mark.parametrize("value", ["99999", "-1", "http"])
def test_a_bad_metrics_port_option_is_one_line(tmp_path: Path, value: str) -> None:
    result = subprocess.run(
        [CLI, "scheduler", "--metrics-port", value],
        env=environment(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert "METRICS_PORT (or --metrics-port)" in result.stderr
