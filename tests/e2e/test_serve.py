"""`redditpulse serve` as a process: starts at once, serves, collects on schedule, stops cleanly."""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol, TypeVar

import httpx
import pytest

CLI = str(Path(sys.executable).with_name("redditpulse"))
T = TypeVar("T")


class Serve(Protocol):
    """The `serve` fixture: starts `redditpulse serve` with these arguments and settings."""

    def __call__(self, *args: str, **env: str) -> tuple[str, subprocess.Popen[str]]: ...


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_for(predicate: Callable[[], T | None], timeout: float = 30.0, every: float = 0.1) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if (result := predicate()) is not None:
                return result
        except httpx.TransportError:
            pass
        time.sleep(every)
    raise AssertionError("condition not met in time")


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    started: list[subprocess.Popen[str]] = []

    def start(*args: str, **env: str) -> tuple[str, subprocess.Popen[str]]:
        port = free_port()
        environment = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path}/serve.db",
            "INITIAL_COLLECTION_DELAY_SECONDS": "0.5",
            "REDDIT_CLIENT_ID": "",
            "REDDIT_CLIENT_SECRET": "",
            "ADMIN_TOKEN": "",
            **env,
        }
        process = subprocess.Popen(
            [CLI, "serve", "--port", str(port), *args],
            env=environment,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        return f"http://127.0.0.1:{port}", process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=20)


def finished_cycle(base: str) -> dict[str, Any] | None:
    """The last cycle once it has ended, else None (a cycle is listed while it runs)."""
    cycle: dict[str, Any] | None = httpx.get(f"{base}/api/v1/health").json()["last_cycle"]
    return cycle if cycle and cycle["status"] != "running" else None


def listed(base: str, cycle_id: str) -> dict[str, Any] | None:
    """The cycle of that id once it has ended, as `base` lists it."""
    cycles = httpx.get(f"{base}/api/v1/collections").json()["items"]
    found = [c for c in cycles if c["id"] == cycle_id and c["status"] != "running"]
    return found[0] if found else None


def test_serve_without_credentials_still_serves_and_records_failed_cycles(serve: Serve) -> None:
    base, _ = serve()
    health = wait_for(lambda: httpx.get(f"{base}/api/v1/health").json())
    assert health["status"] == "degraded"
    assert health["reddit"]["configured"] is False
    assert health["scheduler"]["running"] is True

    cycle = wait_for(lambda: finished_cycle(base))
    assert cycle["status"] == "failed"
    assert "REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET" in cycle["errors"][0]["error"]
    assert httpx.get(f"{base}/api/v1/posts/recent").json() == {"items": []}


def test_serve_demo_collects_simulated_items(serve: Serve, tmp_path: Path) -> None:
    base, _ = serve("--demo")

    cycle = wait_for(lambda: finished_cycle(base))
    assert cycle["status"] == "succeeded" and cycle["posts_collected"] > 0
    health = httpx.get(f"{base}/api/v1/health").json()
    assert health["reddit"]["mode"] == "simulated"
    posts = httpx.get(f"{base}/api/v1/posts/recent", params={"limit": 500}).json()["items"]
    assert posts and all("simulated.invalid" in p["url"] for p in posts)
    labels = {p["sentiment"]["label"] for p in posts}
    assert labels == {"positive", "neutral", "negative"}
    assert not (tmp_path / "redditpulse-demo.db").exists(), "DATABASE_URL given: must be used"


def test_two_serve_on_one_database_collect_in_one_and_take_requests_in_both(
    serve: Serve,
) -> None:
    settings = {"ADMIN_TOKEN": "two-serves", "COLLECTOR_LEASE_SECONDS": "3"}
    admin = {"Authorization": "Bearer two-serves"}
    first, first_process = serve("--demo", **settings)
    first_holder = wait_for(lambda: httpx.get(f"{first}/api/v1/health").json()["collector"])
    second, _ = serve("--demo", **settings)
    standing_by = wait_for(lambda: httpx.get(f"{second}/api/v1/health").json()["collector"])
    assert first_holder["here"] is True
    assert standing_by["here"] is False and standing_by["holder"] == first_holder["holder"]

    # A request to the standby is run by the collector, under the id the standby gave.
    wait_for(lambda: finished_cycle(first))  # the first scheduled cycle has ended
    wait_for(lambda: httpx.get(f"{first}/api/v1/health").json()["running_cycle_id"] is None or None)
    asked = httpx.post(f"{second}/api/v1/admin/collect", headers=admin)
    assert asked.status_code == 202, asked.text
    cycle_id = asked.json()["cycle_id"]
    ran = wait_for(lambda: listed(second, cycle_id))
    assert (ran["trigger"], ran["status"]) == ("manual", "succeeded")

    # The collector stops: the standby takes over within a lease.
    first_process.send_signal(signal.SIGINT)
    first_process.wait(timeout=30)
    taken = wait_for(
        lambda: httpx.get(f"{second}/api/v1/health").json()["collector"]["here"] or None
    )
    assert taken is True


def test_serve_stops_cleanly_on_sigint(serve: Serve) -> None:
    base, process = serve()
    wait_for(lambda: httpx.get(f"{base}/api/v1/health").json())
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=20)
    assert process.returncode == 0
    assert "Application shutdown complete" in output
    assert "Traceback" not in output


@pytest.mark.slow
def test_an_import_runs_beside_serve_on_the_same_database(serve: Serve, tmp_path: Path) -> None:
    from testkit.archive_dump import DumpSpec, generate

    manifest = generate(tmp_path / "dump", DumpSpec(subreddits=3, posts=1000, comments=40_000))
    base, _ = serve("--demo", COLLECTION_INTERVAL_MINUTES="0.05")
    wait_for(lambda: finished_cycle(base))
    importing = subprocess.Popen(
        [CLI, "import", str(tmp_path / "dump"), "--all-subreddits"],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/serve.db"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    answers = []
    while importing.poll() is None:
        answers.append(httpx.get(f"{base}/api/v1/health", timeout=10).status_code)
        time.sleep(0.2)
    _, err = importing.communicate()
    assert importing.returncode == 0, err
    assert answers and set(answers) == {200}

    summaries = httpx.get(f"{base}/api/v1/subreddits").json()["items"]
    counted = {s["name"]: (s["posts"], s["comments"]) for s in summaries}
    for name, counts in manifest.subreddits.items():
        assert counted[name.lower()] == (counts.posts.items, counts.comments.items)
    cycles = httpx.get(f"{base}/api/v1/collections").json()["items"]
    assert cycles and all(c["status"] in ("succeeded", "running") for c in cycles), cycles


@pytest.mark.slow
def test_locust_runs_both_user_mixes_against_serve_without_a_failure(
    serve: Serve, tmp_path: Path
) -> None:
    base, _ = serve("--demo")
    wait_for(lambda: finished_cycle(base))
    locustfile = Path(__file__).parents[2] / "bench" / "locustfile.py"
    run = subprocess.run(
        [str(Path(sys.executable).with_name("locust")), "-f", str(locustfile), "--headless",
         "-u", "10", "-r", "10", "-t", "10s", "--host", base, "--csv", str(tmp_path / "run"),
         "--only-summary", "PlanUser", "HeavyUser"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    with (tmp_path / "run_stats.csv").open() as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    for name in ("health", "stats 24h", "recent 50", "subreddits"):
        assert int(rows[name]["Request Count"]) > 0, name
    heavy = ("stats 30d", "stats 7d, one subreddit", "recent 30d, one subreddit", "post page")
    assert any(name in rows for name in heavy), sorted(rows)
    assert int(rows["Aggregated"]["Failure Count"]) == 0
