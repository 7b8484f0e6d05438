"""What every process does before it works: create the schema, close cycles left running."""

from __future__ import annotations

import asyncio
import logging

from adapters.sql.schema import create_schema
from application.collection import INTERRUPTED
from domain.collection import utcnow
from entrypoints.container import Container

log = logging.getLogger(__name__)


async def prepare_database(container: Container, collector: bool) -> None:
    """`collector`: this process runs cycles, so a cycle still 'running' is an orphan.

    An API-only process must not touch them: the collector may be another process.
    """
    await asyncio.to_thread(create_schema, container.engine())
    if not collector:
        return
    closed = await container.store().fail_unfinished_cycles(utcnow(), INTERRUPTED)
    if closed:
        log.warning("%d cycle(s) left running by a stopped process marked failed", closed)
