"""The things redditpulse collects and the record of each collection cycle."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05


class Label(enum.StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


@dataclass(frozen=True, slots=True)
class Sentiment:
    compound: float
    positive: float
    neutral: float
    negative: float

    @property
    def label(self) -> Label:
        if self.compound >= POSITIVE_THRESHOLD:
            return Label.POSITIVE
        if self.compound <= NEGATIVE_THRESHOLD:
            return Label.NEGATIVE
        return Label.NEUTRAL


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    subreddit: str
    title: str
    body: str
    author: str | None
    score: int
    num_comments: int
    created_utc: datetime
    url: str
    permalink: str
    edited_utc: datetime | None = None
    sentiment: Sentiment | None = None

    @property
    def fullname(self) -> str:
        return f"t3_{self.id}"

    @property
    def text(self) -> str:
        """What sentiment is scored on: the title, then the body if there is one."""
        return f"{self.title}\n\n{self.body}" if self.body else self.title


@dataclass(frozen=True, slots=True)
class Comment:
    id: str
    post_id: str
    parent_id: str
    subreddit: str
    body: str
    author: str | None
    score: int
    created_utc: datetime
    edited_utc: datetime | None = None
    sentiment: Sentiment | None = None

    @property
    def fullname(self) -> str:
        return f"t1_{self.id}"

    @property
    def text(self) -> str:
        return self.body


class CycleStatus(enum.StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    PARTIAL = "partial"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SubredditFailure:
    subreddit: str
    error: str


@dataclass(slots=True)
class CollectionCycle:
    """One pass over the watched subreddits: running, then succeeded, partial or failed."""

    id: str
    trigger: str
    started_at: datetime
    status: CycleStatus = CycleStatus.RUNNING
    finished_at: datetime | None = None
    subreddits: list[str] = field(default_factory=list)
    posts_collected: int = 0
    comments_collected: int = 0
    failures: list[SubredditFailure] = field(default_factory=list)

    def record_success(self, posts: int, comments: int) -> None:
        self.posts_collected += posts
        self.comments_collected += comments

    def record_failure(self, subreddit: str, error: str) -> None:
        self.failures.append(SubredditFailure(subreddit, error))

    def finish(self, at: datetime) -> None:
        self.finished_at = at
        failed = {f.subreddit for f in self.failures}
        if not failed:
            self.status = CycleStatus.SUCCEEDED
        elif failed >= set(self.subreddits):
            self.status = CycleStatus.FAILED
        else:
            self.status = CycleStatus.PARTIAL

    def abort(self, at: datetime, error: str) -> None:
        """End a cycle that could not go on at all (e.g. the process stopped under it)."""
        self.failures.append(SubredditFailure("*", error))
        self.finished_at = at
        self.status = CycleStatus.FAILED

    @property
    def duration_s(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


@dataclass(frozen=True, slots=True)
class SentimentStats:
    items: int
    posts: int
    comments: int
    positive: int
    neutral: int
    negative: int
    mean_compound: float | None


@dataclass(frozen=True, slots=True)
class SubredditSummary:
    name: str
    posts: int
    comments: int
    mean_compound: float | None
    last_collected_at: datetime | None
