"""A bad setting ends in one line that names it, and exit code 2; no traceback, no secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = str(Path(sys.executable).with_name("redditpulse"))


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/ok.db", **env}
    return subprocess.run(
        [CLI, *args], env=environment, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("setting", "value", "says"),
    [
        ("LOG_LEVEL", "LOUD", "must be one of CRITICAL, ERROR, WARNING, INFO, DEBUG"),
        ("LOG_FORMAT", "yaml", "must be one of text, json"),
        ("COLLECTION_INTERVAL_MINUTES", "inf", "finite number"),
        ("COLLECTION_INTERVAL_MINUTES", "1e12", "less than or equal to 43200"),
        ("INITIAL_COLLECTION_DELAY_SECONDS", "1e300", "less than or equal to 86400"),
        ("PORT", "99999", "less than or equal to 65535"),
        ("DATABASE_URL", "foo://bar/baz", "unknown database kind 'foo'"),
        ("DATABASE_URL", "mysql://u:s3cretpw@h/x", "mysqldb driver is not installed"),
        ("SUBREDDITS", "python,bad name", "not a subreddit name: bad name"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(
    tmp_path: Path, setting: str, value: str, says: str
) -> None:
    result = run(tmp_path, "collect", "--once", **{setting: value})
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"redditpulse: bad setting {setting}") and says in lines[0]
    assert "s3cretpw" not in result.stderr


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_a_bad_port_option_is_one_line_too(tmp_path: Path, port: str) -> None:
    result = run(tmp_path, "api", "--port", port)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert "PORT (or --port)" in result.stderr


def test_a_database_file_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "ro").mkdir(mode=0o500)
    url = "sqlite:////proc/redditpulse.db"
    for command in (["collect", "--once"], ["api"]):
        result = run(tmp_path, *command, DATABASE_URL=url)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        last = result.stderr.splitlines()[-1]
        assert last.startswith(f"redditpulse: cannot use the database {url}: "), last


@pytest.mark.slow
def test_an_unreachable_database_server_is_retried_then_named_without_its_password(
    tmp_path: Path,
) -> None:
    url = "postgresql://watch:s3cretpw@127.0.0.1:1/watch"
    result = run(tmp_path, "collect", "--once", DATABASE_URL=url, DATABASE_WAIT_SECONDS="3")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "s3cretpw" not in result.stderr
    lines = result.stderr.splitlines()
    retries = [line for line in lines if "not reachable" in line and "next try in" in line]
    assert len(retries) >= 2, result.stderr  # after 1 s, then 2 s
    assert lines[-1].startswith("redditpulse: cannot use the database postgresql+psycopg://")
    assert "watch:***@127.0.0.1:1" in lines[-1]


def test_the_demo_does_not_log_the_database_password(tmp_path: Path) -> None:
    url = "postgresql://demo:s3cretpw@127.0.0.1:1/demo"
    result = run(tmp_path, "serve", "--demo", DATABASE_URL=url, DATABASE_WAIT_SECONDS="0")
    assert "DEMO MODE" in result.stderr and "demo:***@" in result.stderr
    assert "s3cretpw" not in result.stderr
