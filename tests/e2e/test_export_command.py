"""`redditpulse export` as a user runs it, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.sql.engine import make_engine
from adapters.sql.schema import create_schema
from adapters.sql.store import SqlStore
from domain.export import ItemKey
from domain.model import Comment, Post, Sentiment
from tests.fakes import make_comment, make_post

CLI = str(Path(sys.executable).with_name("redditpulse"))
NOW = datetime.now(UTC).replace(microsecond=0)
BODY = 'line one, "quoted"\r\nline two — ünïcödé 🐍'


def export(database: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database, "LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [CLI, "export", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def store(database: str, posts: list[Post], comments: list[Comment]) -> None:
    engine = make_engine(database)
    create_schema(engine)
    SqlStore(engine).save_items(posts, comments)
    engine.dispose()


@pytest.fixture
def stored(empty_database_url: str) -> list[Post | Comment]:
    """Two subreddits over three days, some scored; in creation order."""
    posts = [
        make_post(sub, created_utc=NOW - timedelta(hours=h), body=BODY)
        for sub, h in (("Python", 1), ("Python", 30), ("rust", 50))
    ]
    comments = [
        make_comment(
            p,
            f"reply {n}",
            created_utc=p.created_utc + timedelta(minutes=n),
            sentiment=Sentiment(-0.4, 0.0, 0.6, 0.4) if n % 2 else None,
        )
        for p in posts
        for n in range(1, 5)
    ]
    store(empty_database_url, posts, comments)
    return sorted([*posts, *comments], key=ItemKey.of)


def test_csv_to_a_file_holds_every_item_and_a_one_line_summary(
    empty_database_url: str, stored: list[Post | Comment], tmp_path: Path
) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "items.csv"
    done = export(empty_database_url, "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode(), newline="")))
    assert [r["fullname"] for r in rows] == [i.fullname for i in stored]
    assert [r["body"] for r in rows if r["kind"] == "post"] == [BODY] * 3
    assert {r["label"] for r in rows if r["kind"] == "comment"} == {"negative", ""}
    assert done.stderr.startswith(f"exported 15 items (3 posts, 12 comments) to {target} in "), (
        done.stderr
    )
    assert done.stderr.count("\n") == 1
    assert list(target.parent.iterdir()) == [target], "no .partial left behind"


def test_ndjson_to_stdout_with_filters(
    empty_database_url: str, stored: list[Post | Comment]
) -> None:
    done = export(
        empty_database_url, "--format", "ndjson", "--subreddit", "r/python", "--hours", "24"
    )
    assert done.returncode == 0, done.stderr
    objects = [json.loads(line) for line in done.stdout.splitlines()]
    expected = [
        i for i in stored if i.subreddit == "Python" and i.created_utc >= NOW - timedelta(hours=24)
    ]
    assert [o["fullname"] for o in objects] == [i.fullname for i in expected]
    assert objects[0]["body"] == BODY and objects[0]["num_comments"] == 0
    assert "exported 5 items (1 posts, 4 comments) to stdout" in done.stderr


def test_one_kind_alone(empty_database_url: str, stored: list[Post | Comment]) -> None:
    done = export(empty_database_url, "--kind", "comment")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout, newline="")))
    assert [r["fullname"] for r in rows] == [i.fullname for i in stored if isinstance(i, Comment)]


def test_an_empty_database_gives_the_header_alone(tmp_path: Path) -> None:
    done = export(f"sqlite:///{tmp_path / 'empty.db'}")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [done.stdout.splitlines()[0]]
    assert done.stdout.startswith("kind,id,fullname,")
    assert "exported 0 items" in done.stderr


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--hours", "0"], "--hours"),
        (["--hours", "87601"], "--hours"),
        (["--format", "xml"], "--format"),
        (["--kind", "thread"], "--kind"),
        (["--subreddit", "a b"], "a b"),
        (["--bogus"], "--bogus"),
    ],
)
def test_a_bad_argument_is_one_line_naming_it_with_exit_2(
    tmp_path: Path, args: list[str], named: str
) -> None:
    done = export(f"sqlite:///{tmp_path / 'pulse.db'}", *args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("redditpulse") and named in done.stderr
    assert done.stdout == ""


def test_an_output_that_cannot_be_written_is_one_line_with_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "items.csv"
    done = export(f"sqlite:///{tmp_path / 'pulse.db'}", "--output", str(target))
    assert done.returncode == 2
    assert done.stderr == f"redditpulse export: cannot write {target}: No such file or directory\n"


def test_an_unreachable_database_is_one_line_and_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "items.csv"
    database = "postgresql+psycopg://someone:s3cretpw@127.0.0.1:9/nothing"
    env = {**os.environ, "DATABASE_URL": database, "DATABASE_WAIT_SECONDS": "0"}
    done = subprocess.run(
        [CLI, "export", "--output", str(target)], env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert (
        done.stderr.startswith("redditpulse: cannot use the database")
        and done.stderr.count("\n") == 1
    )
    assert "s3cretpw" not in done.stderr
    assert list(tmp_path.iterdir()) == []
