"""Engagement: how fast a post grows, which /posts/top ranks by.

A post's growth is its score and comment count at its latest read, per hour of its age
at that read. One number ranks: `score + COMMENT_WEIGHT x comments` per hour.

- Per hour since creation, not the slope between the last two reads: reads come at
  uneven intervals (minutes apart when a listing is walked again, hours apart on the
  refresh schedule) and Reddit blurs scores by a few points, so a slope over minutes is
  mostly noise; the average since creation is steady and needs no history to rank by.
- A comment weighs two votes: it takes more than a click, and discussion posts gather
  comments faster than score.
- An age under MIN_AGE counts as MIN_AGE: five votes in five minutes are not a post
  growing at 60 an hour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.model import Post

COMMENT_WEIGHT = 2
MIN_AGE = timedelta(hours=1)
HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class PostRead:
    """A post's score and comment count as read from Reddit at `read_at`."""

    read_at: datetime
    score: int
    num_comments: int


@dataclass(frozen=True, slots=True)
class Growth:
    score_per_hour: float
    comments_per_hour: float
    age_hours: float  # at the read, at least MIN_AGE
    read_at: datetime

    @classmethod
    def since_creation(cls, created_utc: datetime, read: PostRead) -> Growth:
        hours = max(read.read_at - created_utc, MIN_AGE) / HOUR
        return cls(read.score / hours, read.num_comments / hours, hours, read.read_at)

    @property
    def engagement_per_hour(self) -> float:
        """What ranks posts."""
        return self.score_per_hour + COMMENT_WEIGHT * self.comments_per_hour


@dataclass(frozen=True, slots=True)
class PostGrowth:
    post: Post
    growth: Growth  # at the latest read
    reads: list[PostRead] = field(default_factory=list)  # the recorded history, oldest first
