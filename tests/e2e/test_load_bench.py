"""The idle-collecting-idle load runner, run short: it measures what it says it measures."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from testkit.archive_dump import DumpSpec, generate

ROOT = Path(__file__).parents[2]
CLI = str(Path(sys.executable).with_name("redditpulse"))


@pytest.mark.slow
def test_load_runner_measures_idle_collecting_idle_against_a_live_stream(tmp_path: Path) -> None:
    generate(tmp_path / "dump", DumpSpec(subreddits=3, posts=200, comments=2000, days=2))
    database = f"sqlite:///{tmp_path}/load.db"
    subprocess.run(
        [CLI, "import", str(tmp_path / "dump"), "--all-subreddits"],
        env={**os.environ, "DATABASE_URL": database},
        check=True,
        capture_output=True,
    )

    run = subprocess.run(
        [sys.executable, "-m", "bench.load", "--db", database, "--collect", "200",
         "--users", "5", "--spawn-rate", "5", "--seconds", "3", "--warmup", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout
    assert "| request | idle | collecting | idle again | collecting p95 / mean idle p95 |" in out
    # The busiest request, and all together, have figures in every window (a short run
    # may give a rare request none in one of them).
    for name in ("health", "Aggregated"):
        cell = r"[\d.]+ \([\d.]+\)"
        assert re.search(rf"^\| {name} \| {cell} \| {cell} \| {cell} \| [\d.]+x \|$", out, re.M)
    assert "failed requests: {'idle': 0, 'collecting': 0, 'idle again': 0}" in out
    collected = re.search(r"(\d+) cycles in \d+ s collected ([\d,]+) posts and ([\d,]+) comm", out)
    assert collected, out
    cycles, posts, comments = (int(g.replace(",", "")) for g in collected.groups())
    # 5 s or more of a 200/s stream, and cycles one after another.
    assert cycles >= 2 and comments >= 500 and posts >= 50, out
