"""How every process of redditpulse logs: one format, the level from the settings.

`LOG_FORMAT=text` (the default) is for people; `json` is one JSON object per line on
stderr for every logger (ours, uvicorn's, APScheduler's, Alembic's), for log collectors,
with the request id on API lines and the cycle id on collection lines.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

from application.cycle_context import current_cycle_id
from entrypoints.api.request_id import current_request_id
from entrypoints.settings import Settings

CONTEXT_FIELDS = ("request_id", "cycle_id")


def configure_logging(settings: Settings) -> None:
    if settings.log_format == "json":
        logging.basicConfig(level=settings.log_level.upper(), handlers=[json_handler(sys.stderr)])
        logging.captureWarnings(True)  # warnings too, or they break the one-object-per-line
    else:
        logging.basicConfig(
            level=settings.log_level.upper(),
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    # Alembic narrates every step at INFO; the schema module says what matters.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # APScheduler announces every run of every job at INFO (topic matching runs every few
    # seconds); the jobs log what they did themselves.
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)


def uvicorn_log_config(settings: Settings) -> dict[str, Any] | None:
    """Uvicorn's own handlers and format for text; none for json, so that its error and
    access loggers propagate to the root's JSON handler."""
    if settings.log_format == "json":
        return None
    from uvicorn.config import LOGGING_CONFIG

    return LOGGING_CONFIG


def json_handler(stream: IO[str]) -> logging.Handler:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    # On the handler, not a logger: records of every logger pass through it.
    handler.addFilter(LogContext())
    return handler


class LogContext(logging.Filter):
    """Stamps a record with the request and the cycle it was logged for, if any."""

    def filter(self, record: logging.LogRecord) -> bool:
        if (request_id := current_request_id.get()) is not None:
            record.request_id = request_id
        if (cycle_id := current_cycle_id.get()) is not None:
            record.cycle_id = cycle_id
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line, the traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in CONTEXT_FIELDS:
            if (value := getattr(record, field, None)) is not None:
                line[field] = value
        if record.exc_info:
            line["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exc_info"] = record.exc_text
        if record.stack_info:
            line["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)
