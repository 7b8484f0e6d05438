"""`redditpulse export`: the stored items with their sentiments, as CSV or NDJSON."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from dataclasses import dataclass

from tqdm import tqdm

from application.analytics import UnknownTopic
from domain.errors import StoreUnavailable
from domain.model import Post
from entrypoints.container import Container
from entrypoints.export_file import Destination
from entrypoints.export_rows import csv_header, csv_rows, kinds_named, ndjson_rows
from entrypoints.startup import prepare_database


@dataclass
class Exported:
    posts: int = 0
    comments: int = 0
    seconds: float = 0.0

    @property
    def items(self) -> int:
        return self.posts + self.comments


def export_items(container: Container, args: argparse.Namespace) -> int:
    """Exit 0 when every item was written, 1 when the database or the output failed, 2
    when the output cannot be opened, 130 on Ctrl-C; the file (not stdout) is left only
    when complete."""
    try:
        destination = Destination(args.output)
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc.strerror or exc}", 2)
    exported = Exported()
    try:
        asyncio.run(_export(container, args, destination, exported))
        destination.finish()
    except KeyboardInterrupt:
        destination.discard()
        return _fail(f"interrupted after {exported.items:,} items{_left(destination)}", 130)
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except UnknownTopic as exc:
        destination.discard()
        return _fail(f"argument --topic: {exc}", 2)
    except (StoreUnavailable, OSError) as exc:
        destination.discard()
        return _fail(f"{exc}{_left(destination)}", 1)
    except BaseException:  # e.g. a database that cannot be reached: main says it
        destination.discard()
        raise
    print(
        f"exported {exported.items:,} items ({exported.posts:,} posts, {exported.comments:,} "
        f"comments) to {destination.name} in {exported.seconds:.1f} s "
        f"({exported.items / max(exported.seconds, 1e-9):,.0f}/s)",
        file=sys.stderr,
    )
    return 0


async def _export(
    container: Container, args: argparse.Namespace, destination: Destination, done: Exported
) -> None:
    container.init_resources()
    try:
        await prepare_database(container)
        export = container.item_export()
        if args.topic is not None and not await _topic_exists(container, args.topic):
            raise UnknownTopic(args.topic)
        selection = export.selection(args.subreddit, kinds_named(args.kind), args.hours, args.topic)
        started = time.monotonic()
        total = await export.count(selection)
        # On a terminal only, and not the one the rows go to.
        quiet = not sys.stderr.isatty() or destination.is_terminal
        with tqdm(total=total, unit=" items", file=sys.stderr, disable=quiet) as bar:
            out = destination.out
            if args.format == "csv":
                out.write(csv_header())
            rows = csv_rows if args.format == "csv" else ndjson_rows
            async for page in export.pages(selection):
                out.write(rows(page))
                posts = sum(isinstance(item, Post) for item in page)
                done.posts += posts
                done.comments += len(page) - posts
                bar.update(len(page))
        done.seconds = time.monotonic() - started
    finally:
        container.shutdown_resources()


async def _topic_exists(container: Container, key: str) -> bool:
    return any(topic.key == key for topic in await container.store().topics())


def _left(destination: Destination) -> str:
    return f"; {destination.name} not written" if destination.whole_or_nothing else ""


def _fail(message: str, code: int) -> int:
    print(f"redditpulse export: {message}", file=sys.stderr)
    return code
