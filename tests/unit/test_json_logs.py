"""LOG_FORMAT=json: one JSON object per line, stamped with the request and the cycle."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from application.collection import run_recorded
from application.cycle_context import current_cycle_id, cycle_running
from domain.model import CollectionCycle
from entrypoints.api.request_id import current_request_id
from entrypoints.logs import json_handler, uvicorn_log_config
from entrypoints.settings import Settings
from tests.fakes import T0, FakeRepository

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def logged() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A logger of its own whose records go, as JSON, to a string (and nowhere else)."""
    stream = io.StringIO()
    logger = logging.getLogger("tests.json_logs")
    handler = json_handler(stream)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)
    logger.propagate = True


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_record_is_one_object_with_time_level_logger_and_message(
    logged: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = logged
    before = datetime.now(UTC).replace(microsecond=0)
    logger.warning("cycle %s: %d gaps", "c1", 2)

    [line] = lines(stream)
    assert set(line) == {"time", "level", "logger", "message"}
    assert (line["level"], line["logger"]) == ("WARNING", "tests.json_logs")
    assert line["message"] == "cycle c1: 2 gaps"
    assert line["time"].endswith("Z")
    assert datetime.fromisoformat(line["time"]) >= before


def test_a_traceback_stays_on_the_record_s_one_line(
    logged: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = logged
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        logger.exception("scoring failed")

    assert len(stream.getvalue().splitlines()) == 1
    [line] = lines(stream)
    assert line["message"] == "scoring failed"
    assert line["exc_info"].startswith("Traceback (most recent call last):\n")
    assert "ZeroDivisionError: division by zero" in line["exc_info"]


def test_lines_carry_the_request_and_the_cycle_they_were_logged_for(
    logged: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = logged
    logger.info("outside")
    token = current_request_id.set("abc-123")
    try:
        logger.info("in a request")
        with cycle_running("cycle-1"):
            logger.info("in a request and a cycle")
    finally:
        current_request_id.reset(token)
    logger.info("outside again")

    outside, request, both, again = lines(stream)
    assert "request_id" not in outside and "cycle_id" not in outside
    assert request["request_id"] == "abc-123" and "cycle_id" not in request
    assert (both["request_id"], both["cycle_id"]) == ("abc-123", "cycle-1")
    assert "request_id" not in again and "cycle_id" not in again


class LoggingService:
    """A cycle service that logs, as the domain's does, and remembers the cycle id it saw."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.seen: str | None = None

    async def run(self, cycle: CollectionCycle) -> CollectionCycle:
        self.seen = current_cycle_id.get()
        logging.getLogger("tests.json_logs").info("collecting")
        if self.fail:
            raise RuntimeError("boom")
        return cycle


async def test_a_recorded_cycle_s_lines_carry_its_id_and_only_while_it_runs(
    logged: tuple[logging.Logger, io.StringIO],
) -> None:
    _, stream = logged
    service = LoggingService()
    cycle = CollectionCycle(id="c-42", trigger="manual", started_at=T0, subreddits=["a"])

    await run_recorded(service, FakeRepository(), cycle, clock=lambda: T0)

    assert service.seen == "c-42"
    assert [line["cycle_id"] for line in lines(stream)] == ["c-42"]
    assert current_cycle_id.get() is None


async def test_a_failing_cycle_still_ends_its_id() -> None:
    cycle = CollectionCycle(id="c-43", trigger="manual", started_at=T0, subreddits=["a"])
    with pytest.raises(RuntimeError):
        await run_recorded(LoggingService(fail=True), FakeRepository(), cycle, clock=lambda: T0)
    assert current_cycle_id.get() is None


def test_every_logger_of_a_json_process_writes_json_lines() -> None:
    # A process of its own: configure_logging sets up the root logger once per process.
    script = """
import logging, warnings
from entrypoints.logs import configure_logging
from entrypoints.settings import Settings
configure_logging(Settings(_env_file=None, log_format="json", log_level="INFO"))
logging.getLogger("redditpulse").info("ours")
logging.getLogger("uvicorn.error").info("uvicorn's")
access = ("1.2.3.4:5", "GET", "/", "1.1", 200)
logging.getLogger("uvicorn.access").info('%s - "%s %s HTTP/%s" %d', *access)
logging.getLogger("apscheduler.scheduler").info("apscheduler's")
logging.getLogger("alembic.runtime.migration").warning("alembic's")
warnings.warn("a warning")
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "default"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(r["logger"], r["message"]) for r in records[:5]] == [
        ("redditpulse", "ours"),
        ("uvicorn.error", "uvicorn's"),
        ("uvicorn.access", '1.2.3.4:5 - "GET / HTTP/1.1" 200'),
        ("apscheduler.scheduler", "apscheduler's"),
        ("alembic.runtime.migration", "alembic's"),
    ]
    assert records[5]["logger"] == "py.warnings" and "a warning" in records[5]["message"]
    assert len(records) == 6


def test_uvicorn_keeps_its_own_format_for_text_and_logs_through_the_root_for_json() -> None:
    text = uvicorn_log_config(Settings(_env_file=None))
    assert text is not None and "uvicorn.access" in text["loggers"]
    assert uvicorn_log_config(Settings(_env_file=None, log_format="json")) is None


@pytest.mark.parametrize(("given", "read"), [("json", "json"), ("JSON", "json"), ("Text", "text")])
def test_log_format_in_any_case(monkeypatch: pytest.MonkeyPatch, given: str, read: str) -> None:
    monkeypatch.setenv("LOG_FORMAT", given)
    assert Settings(_env_file=None).log_format == read


def test_log_format_defaults_to_text_and_refuses_others(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    assert Settings(_env_file=None).log_format == "text"
    monkeypatch.setenv("LOG_FORMAT", "yaml")
    with pytest.raises(ValidationError, match="must be one of text, json"):
        Settings(_env_file=None)
