"""`serve` collects in a process of its own: real PRAW against the Reddit stand-in."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from adapters.sql.engine import make_engine
from adapters.sql.store import SqlStore
from application.collection import INTERRUPTED
from domain.errors import StoreUnavailable
from domain.model import CollectionCycle, CycleStatus
from testkit.reddit_standin import RedditStandIn
from tests.e2e.test_serve import Serve, finished_cycle, serve, wait_for

__all__ = ["serve"]  # the fixture

CLIENT_ID, SECRET = "collector-client", "collector-secret"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CLI = str(Path(sys.executable).with_name("redditpulse"))


@pytest.fixture
def standin() -> Iterator[RedditStandIn]:
    with RedditStandIn(credentials=(CLIENT_ID, SECRET)) as running:
        yield running


def reddit_env(standin: RedditStandIn) -> dict[str, str]:
    return {
        "REDDIT_CLIENT_ID": CLIENT_ID,
        "REDDIT_CLIENT_SECRET": SECRET,
        "REDDIT_OAUTH_URL": standin.url,
        "REDDIT_URL": standin.url,
        "REDDIT_TIMEOUT_SECONDS": "30",
        "SUBREDDITS": "python,rust",
        "BACKFILL_PAGES": "10",  # the first cycle reads back 1,000 items of each kind
    }


def fill(standin: RedditStandIn, posts: int, comments: int) -> None:
    now = time.time() - 3600
    moods = ["love it", "this is awful", "fine I guess", "great work", "terrible idea"]
    for i in range(posts):
        standin.add_post(
            subreddit=("python", "rust")[i % 2],
            title=f"Post {i}: {moods[i % 5]}",
            created_utc=now + i,
        )
    names = [thing["data"]["name"] for thing in standin.store.of_kind("t3")]
    for i in range(comments):
        standin.add_comment(
            link_id=names[i % len(names)],
            body=f"Comment {i}, and I think {moods[(i * 7) % 5]} " * 3,
            created_utc=now + posts + i,
        )


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def collector_of(pid: int) -> int:
    spawned = [
        child
        for child in children(pid)
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]
    assert len(spawned) == 1, spawned
    return spawned[0]


def stat(pid: int) -> list[str]:
    # Fields after the command name, which is in parentheses and may hold spaces.
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()


def cpu_seconds(pid: int) -> float:
    fields = stat(pid)
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def niceness(pid: int) -> int:
    return int(stat(pid)[16])


def test_serve_runs_every_cycle_in_a_low_priority_collector_process(
    serve: Serve, standin: RedditStandIn
) -> None:
    fill(standin, posts=200, comments=900)
    base, process = serve(**reddit_env(standin), INITIAL_COLLECTION_DELAY_SECONDS="2")
    wait_for(lambda: httpx.get(f"{base}/api/v1/health").json())
    api_cpu_before = cpu_seconds(process.pid)

    cycle = wait_for(lambda: finished_cycle(base), every=0.5)
    assert cycle["status"] == "succeeded", cycle
    assert (cycle["posts_collected"], cycle["comments_collected"]) == (200, 900)

    collector = collector_of(process.pid)
    assert niceness(collector) == niceness(process.pid) + 10
    # Fetching, parsing, scoring and writing 1,100 items cost the collector; the API
    # process only waited for it.
    api_cpu = cpu_seconds(process.pid) - api_cpu_before
    assert cpu_seconds(collector) > 3 * api_cpu, (cpu_seconds(collector), api_cpu)

    # The API reads what the collector wrote.
    summaries = httpx.get(f"{base}/api/v1/subreddits").json()["items"]
    assert sum(s["posts"] + s["comments"] for s in summaries) == 1100


def test_sigint_mid_cycle_stops_the_collector_and_records_what_it_collected(
    serve: Serve, standin: RedditStandIn, tmp_path: Path
) -> None:
    fill(standin, posts=40, comments=10)
    standin.set_delay(60, path_prefix="/r/python/comments")  # stuck in the second step
    base, process = serve(**reddit_env(standin), INITIAL_COLLECTION_DELAY_SECONDS="0.5")
    wait_for(lambda: httpx.get(f"{base}/api/v1/posts/recent").json()["items"] or None)
    collector = collector_of(process.pid)
    running = httpx.get(f"{base}/api/v1/health").json()["running_cycle_id"]
    assert running

    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert time.monotonic() - started < 10, "waited for the Reddit request in flight"
    assert "Traceback" not in output, output
    assert not Path(f"/proc/{collector}").exists()

    cycles = SqlStore(make_engine(f"sqlite:///{tmp_path}/serve.db")).recent_cycles(5)
    cycle = next(c for c in cycles if c.id == running)
    assert cycle.status.value == "failed"
    assert [f.error for f in cycle.failures] == [INTERRUPTED]
    assert cycle.posts_collected == 40, "the collector's own record, with its progress"


def succeeded_after(base: str, moment: str) -> dict[str, Any] | None:
    cycles = httpx.get(f"{base}/api/v1/collections").json()["items"]
    done = [c for c in cycles if c["started_at"] > moment and c["status"] == "succeeded"]
    return done[0] if done else None


def test_a_killed_collector_is_replaced_and_collection_goes_on(
    serve: Serve, standin: RedditStandIn
) -> None:
    fill(standin, posts=20, comments=20)
    base, process = serve(**reddit_env(standin), COLLECTION_INTERVAL_MINUTES="0.03")
    wait_for(lambda: finished_cycle(base))
    os.kill(collector_of(process.pid), signal.SIGKILL)
    killed_at = httpx.get(f"{base}/api/v1/health").json()["last_cycle"]["started_at"]

    cycle = wait_for(lambda: succeeded_after(base, killed_at))
    assert cycle["status"] == "succeeded"
    failed = [c for c in httpx.get(f"{base}/api/v1/collections").json()["items"]
              if c["status"] != "succeeded"]  # fmt: skip
    assert failed == []


def test_health_says_a_dead_collector_is_down_until_it_is_replaced(serve: Serve) -> None:
    base, process = serve("--demo", ADMIN_TOKEN="helper-token", COLLECTION_INTERVAL_MINUTES="60")
    first = wait_for(lambda: finished_cycle(base))
    wait_for(lambda: topics_matched(base))  # the collector has nothing more to do
    os.kill(collector_of(process.pid), signal.SIGKILL)

    down = wait_for(lambda: health_if(base, "degraded"))
    assert down["reasons"] == ["the collector process is down: it restarts on next use"]
    asked = httpx.post(
        f"{base}/api/v1/admin/collect", headers={"Authorization": "Bearer helper-token"}
    )
    assert asked.status_code == 202
    wait_for(lambda: succeeded_after(base, first["started_at"]))
    healed = httpx.get(f"{base}/api/v1/health").json()
    assert healed["status"] == "ok" and healed["reasons"] == []


def topics_matched(base: str) -> bool | None:
    topics = httpx.get(f"{base}/api/v1/topics").json()["items"]
    return all(topic["matching"] == "done" for topic in topics) or None


def health_if(base: str, status: str) -> dict[str, Any] | None:
    health: dict[str, Any] = httpx.get(f"{base}/api/v1/health").json()
    return health if health["status"] == status else None


def test_the_collector_exits_when_serve_is_killed(serve: Serve) -> None:
    base, process = serve("--demo")
    wait_for(lambda: finished_cycle(base))
    helpers = children(process.pid)
    assert collector_of(process.pid) in helpers

    process.kill()
    process.wait()
    wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in helpers) or None)


def test_a_cycle_killed_mid_way_is_closed_with_what_it_stored_and_when(
    standin: RedditStandIn, tmp_path: Path
) -> None:
    fill(standin, posts=40, comments=10)
    standin.set_delay(1.5, path_prefix="/r/")  # a slow Reddit: the cycle takes a while
    env = {
        **os.environ,
        **reddit_env(standin),
        "DATABASE_URL": f"sqlite:///{tmp_path}/killed.db",
        "INITIAL_COLLECTION_DELAY_SECONDS": "0",
        "METRICS_PORT": "0",  # another test's scheduler may have the default port
        "COLLECTOR_LEASE_SECONDS": "3",
    }
    scheduler = subprocess.Popen(
        [CLI, "scheduler"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    store = SqlStore(make_engine(f"sqlite:///{tmp_path}/killed.db"))

    def progress() -> CollectionCycle | None:
        try:
            cycles = store.recent_cycles(1)
        except StoreUnavailable:  # not created yet
            return None
        return cycles[0] if cycles and cycles[0].posts_collected else None

    try:
        wait_for(progress)
    finally:
        scheduler.kill()  # no chance to record anything more
        scheduler.wait()
    killed_at = datetime.now(UTC)
    [left] = store.recent_cycles(1)
    assert left.status is CycleStatus.RUNNING

    subprocess.run([CLI, "db", "upgrade"], env=env, check=True, capture_output=True)
    assert store.recent_cycles(1)[0].status is CycleStatus.RUNNING  # only collectors close it
    # The dead scheduler's lease has not expired yet: nobody may collect before it does.
    refused = subprocess.run(
        [CLI, "collect", "--once"], env=env, capture_output=True, text=True, timeout=120
    )
    assert refused.returncode == 1, refused.stderr
    assert f":{scheduler.pid}:" in refused.stderr and "is collecting" in refused.stderr
    assert store.recent_cycles(1)[0].status is CycleStatus.RUNNING

    time.sleep(3.5)  # the lease expires
    subprocess.run([CLI, "collect", "--once"], env=env, capture_output=True, timeout=120)

    closed = next(c for c in store.recent_cycles(5) if c.id == left.id)
    assert closed.status is CycleStatus.FAILED
    assert [f.error for f in closed.failures] == [INTERRUPTED]
    assert closed.posts_collected == left.posts_collected > 0
    assert closed.finished_at is not None and closed.finished_at <= killed_at


def test_ctrl_c_on_the_scheduler_mid_cycle_is_quiet_and_records_the_cycle(
    standin: RedditStandIn, tmp_path: Path
) -> None:
    fill(standin, posts=40, comments=10)
    standin.set_delay(60, path_prefix="/r/python/comments")  # stuck in the second step
    env = {
        **os.environ,
        **reddit_env(standin),
        "DATABASE_URL": f"sqlite:///{tmp_path}/quiet.db",
        "INITIAL_COLLECTION_DELAY_SECONDS": "0",
        "METRICS_PORT": "0",  # another test's scheduler may have the default port
        # In-process, the request in flight is waited for, up to its timeout, at exit.
        "REDDIT_TIMEOUT_SECONDS": "3",  # PRAW tries 3 times: up to 9 s
    }
    scheduler = subprocess.Popen(
        [CLI, "scheduler"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    store = SqlStore(make_engine(f"sqlite:///{tmp_path}/quiet.db"))

    def stuck() -> CollectionCycle | None:
        try:
            cycles = store.recent_cycles(1)
        except StoreUnavailable:
            return None
        return cycles[0] if cycles and cycles[0].posts_collected else None

    try:
        running = wait_for(stuck)
        time.sleep(1)  # the posts step is over: the cycle waits for r/python's comments
        started = time.monotonic()
        scheduler.send_signal(signal.SIGINT)
        output, _ = scheduler.communicate(timeout=30)
    finally:
        if scheduler.poll() is None:  # a failed test leaves no collector behind
            scheduler.kill()
            scheduler.wait()
    assert scheduler.returncode == 0, output
    assert time.monotonic() - started < 20
    assert "Traceback" not in output and "BrokenProcessPool" not in output, output
    [cycle] = [c for c in store.recent_cycles(5) if c.id == running.id]
    assert cycle.status is CycleStatus.FAILED
    assert [f.error for f in cycle.failures] == [INTERRUPTED]  # nothing spurious
    assert cycle.posts_collected == 40
