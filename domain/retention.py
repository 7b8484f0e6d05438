"""Retention: how long item texts are kept. The hourly counts that stats and series read
are kept for ever; only the items (their texts, scores and the rows that point at them)
go."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """Items are kept `days` after their creation; 0 keeps them for ever."""

    days: float = 0.0

    @property
    def enabled(self) -> bool:
        return self.days > 0

    def cutoff(self, now: datetime) -> datetime | None:
        """Items created before this go (None: nothing goes).

        Always the start of a UTC hour, so an hour is either wholly pruned or wholly
        kept: a count over part of a kept hour can still come from its items.
        """
        if not self.enabled:
            return None
        return (now - timedelta(days=self.days)).replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True, slots=True)
class PruneCounts:
    """Rows deleted (or, for a dry run, that would be): items and what pointed at them."""

    posts: int = 0
    comments: int = 0
    sentiments: int = 0
    topic_mentions: int = 0
    post_reads: int = 0

    @property
    def items(self) -> int:
        return self.posts + self.comments

    def __add__(self, other: PruneCounts) -> PruneCounts:
        return PruneCounts(
            *(getattr(self, f.name) + getattr(other, f.name) for f in fields(PruneCounts))
        )
