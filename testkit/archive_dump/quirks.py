"""Per-item draws of the quirks of real dump files, and the copies and keys they add."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from testkit.archive_dump.spec import QuirkRates

TextState = Literal["kept", "deleted_author", "deleted_text", "removed_text"]
Record = dict[str, object]

DELETED = "[deleted]"
REMOVED = "[removed]"
# Keys no importer knows: real ones that are rare, and one that does not exist yet.
EXTRA_KEYS: Record = {
    "author_cakeday": True,
    "media_metadata": {"q7z1x2": {"e": "Image", "m": "image/jpeg", "status": "valid"}},
    "unknown_future_field": {"version": 2, "flags": ["beta"]},
}
EXTRA_KEY_MARK = "unknown_future_field"  # present exactly on the items with extra keys
SECOND_RETRIEVAL = 36 * 3600  # Arctic Shift fetches everything again 36 hours later


@dataclass(frozen=True, slots=True)
class Quirks:
    text: TextState
    string_created_utc: bool
    edited: bool
    extra_keys: bool
    duplicate: bool


def draw_quirks(rng: random.Random, rates: QuirkRates) -> Quirks:
    draw = rng.random()
    text: TextState = "kept"
    if draw < rates.deleted_author:
        text = "deleted_author"
    elif draw < rates.deleted_author + rates.deleted_text:
        text = "deleted_text"
    elif draw < rates.deleted_author + rates.deleted_text + rates.removed_text:
        text = "removed_text"
    return Quirks(
        text=text,
        string_created_utc=rng.random() < rates.string_created_utc,
        edited=rng.random() < rates.edited,
        extra_keys=rng.random() < rates.extra_keys,
        duplicate=rng.random() < rates.duplicate,
    )


def fresher_copy(rng: random.Random, record: Record) -> Record:
    """The same item retrieved later: a later retrieved_on and another score."""
    copy = dict(record)
    score = record["score"]
    assert isinstance(score, int) and isinstance(record["retrieved_on"], int)
    copy["score"] = copy["ups"] = score + rng.choice((-3, -2, -1, 1, 2, 5, 12, 40))
    copy["retrieved_on"] = retrieved = record["retrieved_on"] + rng.randrange(3600, 30 * 86400)
    if isinstance(meta := record.get("_meta"), dict):
        copy["_meta"] = meta | {"retrieved_2nd_on": retrieved + SECOND_RETRIEVAL}
    return copy
