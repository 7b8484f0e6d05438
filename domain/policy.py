"""How collection spends Reddit requests: cursors, backfill, refresh, budget."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

PAGE_SIZE = 100  # Reddit's most items per listing or /api/info request
LISTING_DEPTH = 1000  # how far back Reddit lets a listing page, in items
MAX_GROUP_PATH_CHARS = 1000  # keeps "/r/a+b+c/comments" URLs well under any proxy's limit


@dataclass(frozen=True, slots=True)
class RefreshPolicy:
    """Young items are re-read while their score and comment count still move.

    An item is refreshed no sooner than `min_interval` after it was last read, and then
    only once its age has grown `backoff` times since that read (ages ~1 h, 2 h, 4 h, ...),
    until it is older than `max_age`: a handful of reads per item instead of one per cycle.
    """

    max_age: timedelta = timedelta(hours=48)
    min_interval: timedelta = timedelta(hours=1)
    backoff: float = 2.0
    max_requests_per_cycle: int = 60

    def next_refresh(self, created: datetime, read_at: datetime) -> datetime | None:
        age = max(read_at - created, timedelta(0))
        due = read_at + max(self.min_interval, age * (self.backoff - 1))
        return due if due - created <= self.max_age else None


@dataclass(frozen=True, slots=True)
class RescanPolicy:
    """Reddit lists some items late (held by the spam filter, approved hours later) at
    their creation time, behind the cursors. Every `every`, a listing is walked back
    `back` (at most `pages` pages) for them: one group of subreddits per kind per cycle,
    so a cycle spends at most 2 x `pages` requests on it."""

    every: timedelta = timedelta(hours=3)
    back: timedelta = timedelta(hours=36)
    pages: int = LISTING_DEPTH // PAGE_SIZE


@dataclass(frozen=True, slots=True)
class CollectionPolicy:
    backfill_pages: int = 1  # pages of history a newly watched subreddit starts with
    overlap: timedelta = timedelta(minutes=2)  # re-read behind each cursor: late arrivals
    budget_reserve: int = 10  # requests left unspent in Reddit's window
    batch_size: int = 500  # items per transaction
    refresh: RefreshPolicy = field(default_factory=RefreshPolicy)
    rescan: RescanPolicy = field(default_factory=lambda: RescanPolicy())


# A group whose listing would pass this many new items per cycle risks a gap: split it.
GROUP_ITEMS = LISTING_DEPTH * 6 // 10
VOLUME_WINDOW = timedelta(hours=6)  # how far back a subreddit's pace is measured
MIN_PACE_SPAN = timedelta(minutes=1)  # guessing high costs a request, low a gap


def request_groups(subreddits: list[str], expected: dict[str, float]) -> list[list[str]]:
    """Split subreddits into groups read with one "a+b+c" listing each.

    A group's name stays short, and the items its subreddits are expected to have added
    since their cursors stay well within how far back a listing reaches. The busiest
    subreddits go first, so quiet ones share groups.
    """
    groups: list[list[str]] = []
    length, items = 0, 0.0
    for name in sorted(subreddits, key=lambda s: -expected.get(s.lower(), 0.0)):
        more = expected.get(name.lower(), 0.0)
        full = length + len(name) + 1 > MAX_GROUP_PATH_CHARS or items + more > GROUP_ITEMS
        if not groups or full:
            groups.append([])
            length, items = 0, 0.0
        groups[-1].append(name)
        length += len(name) + 1
        items += more
    return groups
