"""The arguments of `redditpulse export` (parsed without loading the application)."""

from __future__ import annotations

import argparse

from domain.export import MAX_HOURS
from domain.subreddits import subreddit_name
from domain.topics import InvalidTopic, Topic


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=["csv", "ndjson"], default="csv", help="csv (default) or ndjson"
    )
    parser.add_argument(
        "--output", default="-", metavar="FILE", help="where to write (default: -, stdout)"
    )
    parser.add_argument("--subreddit", type=subreddit, metavar="NAME", help="one subreddit only")
    parser.add_argument(
        "--hours",
        type=hours,
        metavar="N",
        help=f"only items created in the last N hours (1..{MAX_HOURS})",
    )
    parser.add_argument("--kind", choices=["post", "comment"], help="one kind only")
    parser.add_argument(
        "--topic", type=topic, metavar="NAME", help="only items mentioning this tracked topic"
    )


def subreddit(text: str) -> str | None:
    try:
        return subreddit_name(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def topic(text: str) -> str:
    """The topic's key (its case-folded name)."""
    try:
        return Topic.of(text, ()).key
    except InvalidTopic as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def hours(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_HOURS:
        raise argparse.ArgumentTypeError(f"not a whole number from 1 to {MAX_HOURS}: {text!r}")
    return value
