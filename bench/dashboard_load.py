"""How long each dashboard view takes to become usable, in headless Chromium.

Starts `redditpulse api` on the database, opens each view a few times, and takes from
the page its time from navigation start to its first data drawn (charts included), and
the slowest of the API calls it made (Resource Timing). Prints one table. The post page
is the fastest growing post's of the last 7 days.

    cp bench/.cache/load-1m.db /tmp/load-1m.db
    DATABASE_URL=sqlite:////tmp/load-1m.db redditpulse db upgrade
    python -m bench.dashboard_load --db sqlite:////tmp/load-1m.db [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait

from testkit.chromium import DESKTOP, chromium, traffic

CLI = str(Path(sys.executable).with_name("redditpulse"))
VIEWS = [
    "/",
    "/?window=7d",
    "/?window=30d",
    "/?window=1y",
    "/topics?window=7d",
    "/topics?window=30d",
    "/trending?window=24h",
    "/posts",
    "/posts?order=top",
    "/collection",
]
SLOWEST_API_CALL = """return Math.round(Math.max(0, ...performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/api/v1/')).map((e) => e.duration)))"""


def start_api(db: str, port: int, subreddits: str | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": db, "LOG_LEVEL": "WARNING"}
    if subreddits:
        env["SUBREDDITS"] = subreddits
    process = subprocess.Popen([CLI, "api", "--port", str(port)], env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5)
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the API did not start in 120 s")


def usable(driver: webdriver.Chrome, url: str) -> tuple[int, int, str]:
    """(ms to usable, ms of the slowest API call, state) of one fresh load of `url`."""
    driver.get(url)
    WebDriverWait(driver, 120).until(
        lambda d: d.execute_script("return document.getElementById('main').dataset.readyMs")
    )
    ready = int(driver.execute_script("return document.getElementById('main').dataset.readyMs"))
    state = str(driver.execute_script("return document.getElementById('main').dataset.state"))
    return ready, int(driver.execute_script(SLOWEST_API_CALL)), state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a SQLAlchemy URL")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--subreddits", help="SUBREDDITS for the API (its watched list)")
    args = parser.parse_args()
    process = start_api(args.db, args.port, args.subreddits)
    base = f"http://127.0.0.1:{args.port}"
    try:
        top = httpx.get(f"{base}/api/v1/posts/top", params={"hours": 168, "limit": 1}).json()
        views = VIEWS + [f"/posts/{post['id']}" for post in top["items"]]
        with chromium(DESKTOP) as driver:
            print("| view | usable, median ms | max ms | slowest API call, median ms | state |")
            print("|---|---|---|---|---|")
            for view in views:
                usable(driver, base + view)  # warm: the database's pages, the scripts
                runs = [usable(driver, base + view) for _ in range(args.repeat)]
                failed = traffic(driver).failed
                ready = [r[0] for r in runs]
                states = {r[2] for r in runs} | ({"request failed"} if failed else set())
                print(
                    f"| `{view}` | {statistics.median(ready):.0f} | {max(ready)} | "
                    f"{statistics.median(r[1] for r in runs):.0f} | {', '.join(sorted(states))} |"
                )
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
