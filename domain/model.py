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

    def __reduce__(self) -> tuple[type[Sentiment], tuple[float, float, float, float]]:
        # Scores cross process boundaries by the million; the default dataclass pickling
        # of a frozen slotted class costs several times this.
        return (Sentiment, (self.compound, self.positive, self.neutral, self.negative))

    @property
    def label(self) -> Label:
        if self.compound >= POSITIVE_THRESHOLD:
            return Label.POSITIVE
        if self.compound <= NEGATIVE_THRESHOLD:
            return Label.NEGATIVE
        return Label.NEUTRAL


def post_text(title: str, body: str) -> str:
    """What a post's sentiment is scored on: the title, then the body if there is one."""
    return f"{title}\n\n{body}" if body else title


def needs_scoring(item: Post | Comment, stored_text: str | None) -> bool:
    """A new item is scored; a stored one again only if its text changed and is not gone."""
    return stored_text is None or (item.removed is None and stored_text != item.text)


class Removal(enum.StrEnum):
    """Why Reddit no longer shows an item's text; the text already stored is kept."""

    DELETED = "deleted"  # by its author
    REMOVED = "removed"  # by moderators or Reddit


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
    removed: Removal | None = None

    @property
    def fullname(self) -> str:
        return f"t3_{self.id}"

    @property
    def text(self) -> str:
        return post_text(self.title, self.body)


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
    removed: Removal | None = None

    @property
    def fullname(self) -> str:
        return f"t1_{self.id}"

    @property
    def text(self) -> str:
        return self.body


@dataclass(frozen=True, slots=True)
class CommentKey:
    """Where a page of a post's comments resumes: after this one (by creation, then id)."""

    created_utc: datetime
    id: str


class CycleStatus(enum.StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    PARTIAL = "partial"
    FAILED = "failed"


class Kind(enum.StrEnum):
    """The two listings watched per subreddit."""

    POSTS = "posts"
    COMMENTS = "comments"


@dataclass(frozen=True, slots=True)
class Budget:
    """Reddit's rate-limit state after a response (None before the first one)."""

    remaining: int | None = None
    used: int | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One listing request's answer: items newest first, and where the next page starts."""

    posts: list[Post]
    comments: list[Comment]
    after: str | None
    budget: Budget


@dataclass(frozen=True, slots=True)
class Cursor:
    """Everything this listing showed up to `watermark` (a creation time) is stored."""

    subreddit: str  # lower-cased
    kind: Kind
    watermark: datetime


@dataclass(frozen=True, slots=True)
class Gap:
    """A stretch of a listing that could not be reached: items in it were not collected."""

    kind: Kind
    subreddits: list[str]
    start: datetime  # the cursor that was not reached
    end: datetime  # the oldest item the listing still gave


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
    gaps: list[Gap] = field(default_factory=list)
    requests_made: int = 0
    budget_remaining: int | None = None
    items_refreshed: int = 0

    def record_success(self, posts: int, comments: int) -> None:
        self.posts_collected += posts
        self.comments_collected += comments

    def record_failure(self, subreddit: str, error: str) -> None:
        self.failures.append(SubredditFailure(subreddit, error))

    def record_request(self, budget: Budget) -> None:
        self.requests_made += 1
        if budget.remaining is not None:
            self.budget_remaining = budget.remaining

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
class StoreState:
    """What health knows of the database: can it be read, written, and is it the one the
    service opened (`problem` says what is wrong in one line, else None)."""

    readable: bool
    writable: bool
    problem: str | None = None


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
