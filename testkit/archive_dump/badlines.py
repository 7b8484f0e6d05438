"""Lines that are no valid item, and the cut-short last line of a broken download."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

import orjson

from testkit.archive_dump.layout import FilePlan
from testkit.archive_dump.quirks import Record

BadKind = Literal["not_json", "not_object", "missing_id", "missing_created_utc"]
BAD_KINDS: tuple[BadKind, ...] = ("not_json", "not_object", "missing_id", "missing_created_utc")
_NOT_JSON = (
    b"<html><body><h1>502 Bad Gateway</h1></body></html>",
    b"{'id': 'x9y8z7', 'body': 'a Python repr, not JSON'}",
    b"ERROR 429: Too Many Requests",
)
_NOT_OBJECT = (b"[1, 2, 3]", b'"a string, not an object"', b"null", b"42")
_DROPPED: dict[BadKind, tuple[str, ...]] = {
    "missing_id": ("id", "name"),
    "missing_created_utc": ("created_utc", "created"),
}


@dataclass(frozen=True, order=True)
class BadLinePlan:
    after: int  # goes after this many items of its file (1 or more)
    kind: BadKind


def plan_bad_lines(
    rng: random.Random, plans: list[FilePlan], count: int
) -> dict[int, list[BadLinePlan]]:
    """Spread `count` bad lines over the non-empty files (by index), the kinds taking turns."""
    filled = [index for index, plan in enumerate(plans) if plan.ranks]
    placed: dict[int, list[BadLinePlan]] = {}
    for number in range(count):
        index = rng.choice(filled)
        after = rng.randint(1, len(plans[index].ranks))
        placed.setdefault(index, []).append(BadLinePlan(after, BAD_KINDS[number % len(BAD_KINDS)]))
    for lines in placed.values():
        lines.sort()
    return placed


def bad_line(kind: BadKind, neighbour: Record, number: int) -> bytes:
    """A line of `kind`; broken objects are copies of `neighbour`, the item before them."""
    if kind == "not_json":
        return _NOT_JSON[number % len(_NOT_JSON)]
    if kind == "not_object":
        return _NOT_OBJECT[number % len(_NOT_OBJECT)]
    dropped = _DROPPED[kind]
    kept = {key: value for key, value in neighbour.items() if key not in dropped}
    return orjson.dumps(kept, option=orjson.OPT_SORT_KEYS)


def broken_line(record: Record) -> bytes:
    """The first three fifths of a record, as a download cut short leaves it: never valid JSON."""
    text = orjson.dumps(record, option=orjson.OPT_SORT_KEYS).decode()
    return text[: len(text) * 3 // 5].encode()
