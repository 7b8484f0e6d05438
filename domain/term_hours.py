"""Hourly term counts: per UTC hour, subreddit and term, the items that used the term, a
sketch of their authors, their summed sentiment and a post to show.

Only items created within HORIZON of the time they are first stored are counted: trending
compares the last hours with the week before them, so older history would never be read.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.model import Comment, Post, Sentiment
from domain.terms import terms_of

SKETCH_BITS = 64
# The longest window (168 h), the 7-day baseline before it, and a day to spare.
HORIZON = timedelta(days=15)
# The term every item has: its row counts all items of the hour (trending's corpus size).
ALL_ITEMS = ""

Slot = tuple[datetime, str]  # UTC hour, lower-cased subreddit
Key = tuple[datetime, str, str]  # UTC hour, lower-cased subreddit, term


@dataclass(slots=True)
class TermHour:
    mentions: int  # items that used the term
    author_bits: int  # bit (crc32(author) mod 64) of each of their authors, unsigned
    compound_sum: float  # their sentiment, summed (items not scored add nothing)
    sample_post_id: str | None  # a post where the term was used (a comment's post)

    def add(self, other: TermHour) -> None:
        self.mentions += other.mentions
        self.author_bits |= other.author_bits
        self.compound_sum += other.compound_sum
        self.sample_post_id = self.sample_post_id or other.sample_post_id

    @property
    def authors(self) -> float:
        return distinct_authors(self.author_bits, self.mentions)


def author_bit(item: Post | Comment) -> int:
    """The item's author's bit in a sketch. Deleted accounts cannot be told apart, so each
    such item counts as an author of its own (most are different people)."""
    who = item.author if item.author is not None else item.fullname
    return 1 << (zlib.crc32(who.encode()) % SKETCH_BITS)


def distinct_authors(bits: int, most: float) -> float:
    """How many distinct authors set these bits: linear counting (Whang, Vander-Zanden and
    Taylor 1990), n = -m ln(V) with m = 64 bits and V the share of bits still zero; never
    more than `most` (e.g. the mentions), which also bounds a full sketch."""
    return min(float(most), _ESTIMATES[bits.bit_count()])


# The estimate for each number of bits set (computed once: it is needed for every row).
_ESTIMATES = [-SKETCH_BITS * math.log(1 - k / SKETCH_BITS) for k in range(SKETCH_BITS)]
_ESTIMATES.append(math.inf)


def counted_since(now: datetime) -> datetime:
    """The oldest creation time still counted, or kept, at `now`."""
    return now.replace(minute=0, second=0, microsecond=0) - HORIZON


def tally(
    items: Iterable[Post | Comment], scores: Mapping[str, Sentiment], since: datetime
) -> dict[Slot, dict[str, TermHour]]:
    """The term counts of these items by hour and subreddit (each item counted once;
    those created before `since` are left out)."""
    slots: dict[Slot, dict[str, TermHour]] = {}
    for item in items:
        created = item.created_utc
        if created < since:
            continue
        slot = (created.replace(minute=0, second=0, microsecond=0), item.subreddit.lower())
        counts = slots.get(slot)
        if counts is None:
            counts = slots[slot] = {}
        bit = author_bit(item)
        score = scores.get(item.fullname)
        compound = score.compound if score is not None else 0.0
        post_id = item.id if isinstance(item, Post) else item.post_id
        for term in terms_of(item.text) | _ALL:
            found = counts.get(term)
            if found is None:
                counts[term] = TermHour(1, bit, compound, post_id)
            else:
                found.mentions += 1
                found.author_bits |= bit
                found.compound_sum += compound
    return slots


_ALL = {ALL_ITEMS}
