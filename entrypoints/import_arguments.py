"""The arguments of `redditpulse import` (parsed without loading the application)."""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime

from domain.archive import ArchiveSelection
from domain.subreddits import normalise_subreddits


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="dump files or folders")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--subreddit",
        action="append",
        metavar="NAME",
        help="import this subreddit (repeatable; default: the watched SUBREDDITS)",
    )
    which.add_argument("--all-subreddits", action="store_true", help="import every subreddit")
    parser.add_argument("--since", type=moment, help="only items created at or after (UTC)")
    parser.add_argument("--until", type=moment, help="only items created before (UTC)")
    parser.add_argument(
        "--workers",
        type=positive,
        default=os.cpu_count() or 1,
        help="sentiment scoring processes (default: one per CPU)",
    )


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of at least 1: {text!r}")
    return value


def moment(text: str) -> datetime:
    """A date or date-time in ISO 8601; UTC unless it names a time zone."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date or time: {text!r} (e.g. 2024-01-31 or 2024-01-31T12:00)"
        ) from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def selection(args: argparse.Namespace, watched: list[str]) -> ArchiveSelection:
    if args.all_subreddits:
        names = None
    else:
        chosen = normalise_subreddits(args.subreddit) if args.subreddit else watched
        names = frozenset(name.lower() for name in chosen)
    return ArchiveSelection(names, since=args.since, until=args.until)
