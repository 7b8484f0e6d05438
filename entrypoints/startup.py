"""What every process does before it works: reach the database, bring its schema up,
close cycles left running."""

from __future__ import annotations

import asyncio
import logging
import time

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from adapters.sql.schema import create_schema
from application.collection import INTERRUPTED
from domain.collection import describe, utcnow
from entrypoints.container import Container
from entrypoints.database_url import shown
from entrypoints.topics_file import read_topics

log = logging.getLogger(__name__)

FIRST_RETRY_S = 1.0
LONGEST_RETRY_S = 30.0


class DatabaseUnavailable(Exception):
    """The database cannot be used; the message is one line, fit for a user. Exit code 2
    when waiting cannot help (a file that cannot be opened: a setting to fix), else 1."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


async def prepare_database(container: Container) -> None:
    """Reach the database, bring its schema up and apply TOPICS_FILE.

    Cycles left running are not touched here: only the process that takes the collector
    lease may close them (entrypoints.collector_role). A database server that does not
    answer is waited for, up to DATABASE_WAIT_SECONDS, with back-off; a local file that
    cannot be opened is not (waiting will not help).
    """
    settings = container.settings()
    engine = container.engine()
    deadline = time.monotonic() + settings.database_wait_seconds
    delay = FIRST_RETRY_S
    while True:
        try:
            await asyncio.to_thread(create_schema, engine)
            break
        except SQLAlchemyError as exc:
            where = shown(settings.database_url)
            remote = engine.dialect.name != "sqlite" and isinstance(exc, DBAPIError)
            cause = describe(exc.orig if isinstance(exc, DBAPIError) and exc.orig else exc)
            remaining = deadline - time.monotonic()
            if not remote or remaining <= 0:
                raise DatabaseUnavailable(
                    f"cannot use the database {where}: {cause}", 1 if remote else 2
                ) from None
            wait = min(delay, remaining)
            log.warning("database %s not reachable (%s): next try in %.0f s", where, cause, wait)
            await asyncio.sleep(wait)
            delay = min(delay * 2, LONGEST_RETRY_S)
    if settings.topics_file is not None:
        for topic in read_topics(settings.topics_file):
            await container.store().put_topic(topic)


async def close_orphaned_cycles(container: Container) -> None:
    """Mark cycles still 'running' as interrupted: only the process that has just taken
    the collector lease may (whoever ran them before is gone)."""
    closed = await container.store().fail_unfinished_cycles(utcnow(), INTERRUPTED)
    if closed:
        log.warning("%d cycle(s) left running by a stopped process marked failed", closed)
