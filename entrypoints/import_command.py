"""`redditpulse import PATH...`: load history from Arctic Shift / Pushshift dump files."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time

from sqlalchemy.exc import OperationalError

from adapters.archive.files import DUMP_SUFFIXES
from application.archive_import import ArchiveImport, ImportOptions
from domain.archive import ArchiveFile, ArchiveSelection, ImportTally
from domain.collection import describe
from domain.errors import ArchivePathMissing
from entrypoints.container import Container
from entrypoints.import_arguments import selection
from entrypoints.import_report import ProgressBar, ProgressLog, summary
from entrypoints.interrupts import stop_after_batch
from entrypoints.settings import Settings
from entrypoints.startup import prepare_database

log = logging.getLogger("redditpulse.import")


def import_history(container: Container, settings: Settings, args: argparse.Namespace) -> int:
    try:
        chosen = selection(args, settings.subreddits)
    except ValueError as exc:
        print(f"redditpulse import: {exc}", file=sys.stderr)
        return 2
    container.import_options.override(ImportOptions(scoring_jobs=args.workers))
    return asyncio.run(run_import(container, args.paths, chosen))


async def run_import(container: Container, paths: list[str], chosen: ArchiveSelection) -> int:
    container.init_resources()
    try:
        importer = container.archive_import()
        try:
            files = await importer.files(paths)
        except ArchivePathMissing as exc:
            print(f"redditpulse import: {exc}", file=sys.stderr)
            return 2
        if not files:
            print(f"redditpulse import: no {', '.join(DUMP_SUFFIXES)} files in: {', '.join(paths)}",
                  file=sys.stderr)  # fmt: skip
            return 1
        await prepare_database(container)
        return await _imported(importer, files, chosen)
    finally:
        container.shutdown_resources()


async def _imported(
    importer: ArchiveImport, files: list[ArchiveFile], chosen: ArchiveSelection
) -> int:
    stop = stop_after_batch(
        "the batches in flight", "stopped at once; run the same command again to finish"
    )
    tally = ImportTally.of(files)
    progress = ProgressBar(tally.bytes_total, sys.stderr) if sys.stderr.isatty() else ProgressLog()
    started = time.monotonic()
    failed = False
    try:
        await importer.run(files, chosen, tally, progress, stop)
    except (OSError, OperationalError) as exc:
        failed = True
        log.error("import stopped: %s", describe(exc))
    except Exception:
        failed = True
        log.exception("import stopped by an unexpected error")
    finally:
        progress.close()
    print(summary(tally, time.monotonic() - started))
    if failed or not tally.readable:
        return 1
    return 130 if tally.interrupted else 0
