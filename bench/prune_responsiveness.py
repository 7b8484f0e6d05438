"""Is the API as fast while retention prunes as when idle?

Serves the app under uvicorn in a process of its own, on a database you give (pruning
deletes from it: give it a copy), with RETENTION_DAYS set. Times requests one after the
other from this process: idle, while a prune runs in the server process (as `serve`'s daily
job runs it: a batch per call on the store's threads, pauses between), then idle again.

    cp bench/.cache/load-1m.db /tmp/prune.db
    python -m bench.prune_responsiveness --db sqlite:////tmp/prune.db --days 21
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import time

import httpx
import uvicorn
from fastapi import FastAPI

from entrypoints.api.app import create_app
from entrypoints.container import Container
from entrypoints.settings import Settings

PATHS = [
    "/api/v1/health",
    "/api/v1/sentiment/stats?hours=24",
    "/api/v1/posts/recent?limit=50",
    "/api/v1/posts/top?hours=24",
]


def run_server(url: str, days: float, port: int) -> None:
    container = Container()
    container.settings.override(Settings(_env_file=None, database_url=url, retention_days=days))
    app = create_app(container)
    _add_prune_trigger(app, container)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def _add_prune_trigger(app: FastAPI, container: Container) -> None:
    """Bench-only routes: start the prune in the server's loop, and ask whether it ended."""
    running: list[asyncio.Task[object]] = []

    async def start() -> dict[str, bool]:
        running.append(asyncio.create_task(container.retention().prune()))
        return {"started": True}

    async def state() -> dict[str, object]:
        task = running[-1]
        return {"done": task.done(), "result": str(task.result()) if task.done() else None}

    app.add_api_route("/bench/prune", start, methods=["POST"])
    app.add_api_route("/bench/prune", state, methods=["GET"])


def timed(
    client: httpx.Client, seconds: float | None, until_pruned: bool
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {p: [] for p in PATHS}
    end = time.monotonic() + (seconds or 0)
    while (until_pruned and not client.get("/bench/prune").json()["done"]) or (
        not until_pruned and time.monotonic() < end
    ):
        for path in PATHS:
            started = time.perf_counter()
            client.get(path).raise_for_status()
            times[path].append((time.perf_counter() - started) * 1000)
    return times


def row(phase: str, path: str, ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"| {phase} | {path} | {len(ms)} | {statistics.median(ms):.1f} | {p95:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", required=True, help="a COPY of a database: pruning deletes")
    parser.add_argument("--days", type=float, required=True, help="RETENTION_DAYS")
    parser.add_argument("--seconds", type=float, default=15, help="each idle window")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    server = multiprocessing.get_context("spawn").Process(
        target=run_server, args=(args.db, args.days, args.port), daemon=True
    )
    server.start()
    with httpx.Client(base_url=f"http://127.0.0.1:{args.port}", timeout=60) as client:
        for _ in range(600):
            try:
                client.get("/api/v1/health").raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        timed(client, 2, until_pruned=False)  # warm up
        before = timed(client, args.seconds, until_pruned=False)
        client.post("/bench/prune").raise_for_status()
        started = time.perf_counter()
        during = timed(client, None, until_pruned=True)
        took = time.perf_counter() - started
        result = client.get("/bench/prune").json()["result"]
        after = timed(client, args.seconds, until_pruned=False)
    server.terminate()
    server.join(timeout=10)
    print(f"prune took {took:.1f} s: {result}")
    print("| phase | path | requests | median ms | p95 ms |")
    print("|---|---|---|---|---|")
    for path in PATHS:
        for phase, times in (("idle", before), ("pruning", during), ("idle after", after)):
            print(row(phase, path, times[path]))


if __name__ == "__main__":
    main()
