"""With PROMETHEUS_MULTIPROC_DIR set, a scrape in one process reports every process's metrics.

Real processes: prometheus-client picks its file-backed values when it is imported, so
the mode cannot be switched on inside the test session.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.metrics_text import sample

pytestmark = pytest.mark.slow

ONE_CYCLE = """
from datetime import datetime, timedelta, UTC
from prometheus_client import CollectorRegistry
from adapters.metrics.collection import PrometheusCollectionMetrics
from domain.model import CollectionCycle

start = datetime.fromtimestamp({started}, UTC)
cycle = CollectionCycle(id="c", trigger="test", started_at=start, subreddits=["a"])
cycle.record_success(posts={posts}, comments=0)
cycle.budget_remaining = {budget}
cycle.finish(start + timedelta(seconds=5))
PrometheusCollectionMetrics(CollectorRegistry()).cycle_ended(cycle)
"""

SCRAPE = """
import sys
from adapters.metrics.exposition import MetricsRegistry
sys.stdout.write(MetricsRegistry().exposition().decode())
"""


def run(code: str, directory: Path) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_scrape_adds_up_the_metrics_every_process_wrote(tmp_path: Path) -> None:
    run(ONE_CYCLE.format(started=1_000_000, posts=3, budget=700), tmp_path)
    run(ONE_CYCLE.format(started=2_000_000, posts=4, budget=650), tmp_path)

    text = run(SCRAPE, tmp_path)

    assert sample(text, "redditpulse_cycles_total", outcome="succeeded") == 2
    assert sample(text, "redditpulse_items_collected_total", kind="posts") == 7
    assert sample(text, "redditpulse_cycle_duration_seconds_sum") == 10
    assert sample(text, "redditpulse_reddit_budget_remaining") == 650
