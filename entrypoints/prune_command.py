"""`redditpulse prune [--dry-run]`: delete the items RETENTION_DAYS no longer keeps."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Callable

from application.retention import Retention, described
from domain.errors import StoreUnavailable
from domain.retention import PruneCounts
from entrypoints.container import Container
from entrypoints.interrupts import stop_after_batch
from entrypoints.settings import Settings
from entrypoints.startup import prepare_database

log = logging.getLogger("redditpulse.prune")

PROGRESS_EVERY_S = 10.0


def prune(container: Container, settings: Settings, dry_run: bool) -> int:
    if not settings.retention_days:
        print(
            "redditpulse prune: RETENTION_DAYS is 0, which keeps items for ever: "
            "set it to the number of days to keep",
            file=sys.stderr,
        )
        return 2
    return asyncio.run(_prune(container, dry_run))


async def _prune(container: Container, dry_run: bool) -> int:
    container.init_resources()
    try:
        await prepare_database(container)
        retention = container.retention()
        return await (_preview(retention) if dry_run else _delete(retention))
    except StoreUnavailable as exc:
        print(f"redditpulse prune: {exc}", file=sys.stderr)
        return 1
    finally:
        container.shutdown_resources()


async def _preview(retention: Retention) -> int:
    preview = await retention.preview()
    assert preview is not None  # retention is on
    print(f"dry run, nothing deleted; would delete {described(preview)}")
    return 0


async def _delete(retention: Retention) -> int:
    started = time.monotonic()
    pruned = await retention.prune(stop_after_batch("the batch in flight"), _progress_log())
    assert pruned is not None  # retention is on
    took = time.monotonic() - started
    if not pruned.finished:
        print(f"interrupted after {took:.1f} s, having deleted {described(pruned)}")
        print("  run it again to finish: each batch was a transaction, what is left is whole")
        return 130
    print(f"deleted in {took:.1f} s (the hourly counts are kept): {described(pruned)}")
    return 0


def _progress_log() -> Callable[[PruneCounts], None]:
    """A log line every PROGRESS_EVERY_S: a first prune of years of history takes a while."""
    last = time.monotonic()

    def progress(total: PruneCounts) -> None:
        nonlocal last
        if time.monotonic() - last >= PROGRESS_EVERY_S:
            last = time.monotonic()
            log.info("prune: %s items deleted so far", f"{total.items:,}")

    return progress
