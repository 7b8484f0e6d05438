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
class CollectionPolicy:
    backfill_pages: int = 1  # pages of history a newly watched subreddit starts with
    overlap: timedelta = timedelta(minutes=2)  # re-read behind each cursor: late arrivals
    budget_reserve: int = 10  # requests left unspent in Reddit's window
    batch_size: int = 500  # items per transaction
    refresh: RefreshPolicy = field(default_factory=RefreshPolicy)


def request_groups(subreddits: list[str]) -> list[list[str]]:
    """Split subreddits into groups whose combined "a+b+c" name stays short."""
    groups: list[list[str]] = []
    length = 0
    for name in subreddits:
        if not groups or length + len(name) + 1 > MAX_GROUP_PATH_CHARS:
            groups.append([])
            length = 0
        groups[-1].append(name)
        length += len(name) + 1
    return groups
