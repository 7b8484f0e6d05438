"""`redditpulse api --workers N`: N API processes on one port, under uvicorn's supervisor
(a worker that dies is replaced). Each worker builds its own app from the same command
line, passed down in the environment; none of them ever runs a cycle.

Their metrics are every worker's at once: without PROMETHEUS_MULTIPROC_DIR, a directory of
their own is made for the run (and removed after), so that any worker's /metrics answers
for all (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from typing import TYPE_CHECKING

from adapters.metrics.exposition import MULTIPROCESS_DIR

if TYPE_CHECKING:
    from fastapi import FastAPI

    from entrypoints.settings import Settings

COMMAND_LINE = "REDDITPULSE_API_WORKER_ARGS"  # the options the workers rebuild settings from


def run_workers(
    settings: Settings, workers: int, demo: bool, host: str | None, port: str | None
) -> int:
    import uvicorn

    from entrypoints.logs import uvicorn_log_config

    os.environ[COMMAND_LINE] = json.dumps({"demo": demo, "host": host, "port": port})
    own_dir = None
    if not os.environ.get(MULTIPROCESS_DIR):
        own_dir = tempfile.mkdtemp(prefix="redditpulse-metrics-")
        os.environ[MULTIPROCESS_DIR] = own_dir
    try:
        uvicorn.run(
            f"{__name__}:worker_app",
            factory=True,
            workers=workers,
            host=settings.host,
            port=settings.port,
            log_level=settings.log_level.lower(),
            log_config=uvicorn_log_config(settings),
        )
    finally:
        if own_dir is not None:
            shutil.rmtree(own_dir, ignore_errors=True)
    return 0


def worker_app() -> FastAPI:
    """In each worker: the API app, built from the command line the parent was given."""
    from entrypoints.api.app import create_app
    from entrypoints.cli import load_settings
    from entrypoints.container import Container
    from entrypoints.logs import configure_logging

    given = json.loads(os.environ[COMMAND_LINE])
    settings = load_settings(given["demo"], host=given["host"], port=given["port"])
    configure_logging(settings)
    container = Container()
    container.settings.override(settings)
    return create_app(container)
