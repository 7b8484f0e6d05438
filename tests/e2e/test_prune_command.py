"""`redditpulse prune [--dry-run]` on a database file, as a user runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.sql.engine import make_engine
from adapters.sql.schema import create_schema
from adapters.sql.store import SqlStore
from domain.model import Sentiment
from tests.fakes import make_comment, make_post
from tests.integration.recount import aggregated, totals

CLI = str(Path(sys.executable).with_name("redditpulse"))
NOW = datetime.now(UTC)
GOOD = Sentiment(0.6, 0.5, 0.5, 0.0)
DAY = timedelta(days=1)
BEFORE = r"items created before \d{4}-\d\d-\d\d \d\d:00 UTC: "


def prune(url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DATABASE_URL": url, **env}
    return subprocess.run(
        [CLI, "prune", *args], env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def database(tmp_path: Path) -> str:
    """A post and two comments 40 days old, the same 10 days old, all scored."""
    url = f"sqlite:///{tmp_path / 'pulse.db'}"
    engine = make_engine(url)
    create_schema(engine)
    for age in (40, 10):
        post = make_post(created_utc=NOW - age * DAY, sentiment=GOOD)
        replies = [make_comment(post, created_utc=post.created_utc, sentiment=GOOD) for _ in "ab"]
        SqlStore(engine).save_items([post], replies)
    engine.dispose()
    return url


def test_a_dry_run_counts_and_a_prune_deletes_keeping_the_counts(database: str) -> None:
    engine = make_engine(database)
    counts = (aggregated(engine), totals(engine))
    seen = prune(database, "--dry-run", RETENTION_DAYS="30")
    assert seen.returncode == 0, seen.stderr
    listed = "1 post, 2 comments, 3 sentiments, 0 topic mentions, 1 post read"
    assert re.fullmatch(f"dry run, nothing deleted; would delete {BEFORE}{listed}\n", seen.stdout)
    assert len(SqlStore(engine).recent_posts(None, NOW - 50 * DAY, 10)) == 2

    done = prune(database, RETENTION_DAYS="30")
    assert done.returncode == 0, done.stderr
    deleted = r"deleted in \d+\.\d s \(the hourly counts are kept\): "
    assert re.fullmatch(f"{deleted}{BEFORE}{listed}\n", done.stdout), done.stdout
    [left] = SqlStore(engine).recent_posts(None, NOW - 50 * DAY, 10)
    assert left.created_utc == NOW - 10 * DAY
    assert (aggregated(engine), totals(engine)) == counts

    again = prune(database, RETENTION_DAYS="30")
    assert "0 posts, 0 comments" in again.stdout
    engine.dispose()


def test_without_retention_days_prune_says_what_to_set(database: str) -> None:
    done = prune(database, RETENTION_DAYS="0")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "redditpulse prune: RETENTION_DAYS is 0, which keeps items for ever: "
        "set it to the number of days to keep"
    ]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("-1", "greater than or equal to 0"),
        ("inf", "finite number"),
        ("1e9", "less than or equal to 36525"),
        ("a month", "valid number"),
    ],
)
def test_a_bad_retention_days_is_one_line_naming_it(database: str, value: str, says: str) -> None:
    done = prune(database, RETENTION_DAYS=value)
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith(f"redditpulse: bad setting RETENTION_DAYS={value!r}") and says in line
