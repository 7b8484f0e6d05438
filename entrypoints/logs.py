"""How every process of redditpulse logs: one format, the level from the settings."""

from __future__ import annotations

import logging

from entrypoints.settings import Settings


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Alembic narrates every step at INFO; the schema module says what matters.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # APScheduler announces every run of every job at INFO (topic matching runs every few
    # seconds); the jobs log what they did themselves.
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
