"""Exporting stored items: which ones, and in what order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.model import Comment, Kind, Post

MAX_HOURS = 87_600  # the furthest back an export is asked to reach by hours: ten years


@dataclass(frozen=True, slots=True)
class ItemSelection:
    """The stored items created in [since, until) of these kinds, of one subreddit or all,
    mentioning one tracked topic (by its key) or not."""

    subreddit: str | None = None  # any case: compared lower-cased
    since: datetime | None = None  # None: from the oldest
    until: datetime | None = None  # None: to the newest
    kinds: tuple[Kind, ...] = (Kind.POSTS, Kind.COMMENTS)
    topic_key: str | None = None


@dataclass(frozen=True, order=True, slots=True)
class ItemKey:
    """An item's place in an export: by creation time, then fullname (a comment before a
    post created in the same instant, as 't1_' < 't3_')."""

    created_utc: datetime
    fullname: str

    @staticmethod
    def of(item: Post | Comment) -> ItemKey:
        return ItemKey(item.created_utc, item.fullname)
