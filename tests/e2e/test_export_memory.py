"""`redditpulse export` holds as much memory for 10N rows as for N: it reads in pages.

Each export runs in a process of its own, measured by tracemalloc from after a first,
empty export (so imports and the schema check are not counted) to its end.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.sql.engine import make_engine
from adapters.sql.schema import create_schema
from adapters.sql.store import SqlStore
from tests.fakes import T0, make_comment, make_post

SMALL = 2_000  # items of r/small (a tenth of them posts); r/large has ten times as many
TEXT = "words of a typical comment, long enough to weigh what a real one does. " * 4

MEASURE = """
import sys, tracemalloc
import application.export
from entrypoints.cli import main
application.export.PAGE_SIZE = int(sys.argv[1])
assert main(["export", "--subreddit", "nothing_here", "--output", "/dev/null"]) == 0
tracemalloc.start()
assert main(["export", *sys.argv[2:], "--output", "/dev/null"]) == 0
print(tracemalloc.get_traced_memory()[1])
"""


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('memory') / 'pulse.db'}"
    engine = make_engine(url)
    create_schema(engine)
    store = SqlStore(engine)
    for subreddit, items in (("small", SMALL), ("large", 10 * SMALL)):
        for start in range(0, items, 1000):  # a post and nine comments, 1000 at a time
            posts = [
                make_post(subreddit, body=TEXT, created_utc=T0 + timedelta(minutes=n))
                for n in range(start, start + 1000, 10)
            ]
            comments = [
                make_comment(p, TEXT, created_utc=p.created_utc + timedelta(seconds=s))
                for p in posts
                for s in range(1, 10)
            ]
            store.save_items(posts, comments)
    engine.dispose()
    return url


def peak_bytes(database: str, subreddit: str, page_size: int) -> int:
    env = {**os.environ, "DATABASE_URL": database, "LOG_LEVEL": "WARNING"}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(page_size), "--subreddit", subreddit],
        env=env, cwd=Path(__file__).parents[2], capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"exported {SMALL * (10 if subreddit == 'large' else 1):,} items" in done.stderr
    return int(done.stdout)


@pytest.mark.slow
def test_ten_times_the_rows_take_no_more_memory(database: str) -> None:
    # Pages of 100: r/small's 200 posts fill them too, so both reach the steady state.
    small, large = (peak_bytes(database, s, page_size=100) for s in ("small", "large"))
    assert large < 1.5 * small, (small, large)


@pytest.mark.slow
def test_control_read_in_one_page_the_peak_grows_with_the_rows(database: str) -> None:
    """The measure can fail: the same exports, each read as one page."""
    small, large = (peak_bytes(database, s, page_size=10**9) for s in ("small", "large"))
    assert large > 5 * small, (small, large)
