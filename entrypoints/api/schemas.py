"""Response bodies of the API, read straight from the domain objects' attributes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class SentimentOut(Out):
    compound: float
    label: str
    positive: float
    neutral: float
    negative: float


class PostOut(Out):
    id: str
    subreddit: str
    title: str
    body: str
    author: str | None
    score: int
    num_comments: int
    created_utc: datetime
    edited_utc: datetime | None
    url: str
    permalink: str
    removed: str | None  # "deleted" or "removed" on Reddit since collected; text kept
    sentiment: SentimentOut | None


class CommentOut(Out):
    id: str
    post_id: str
    parent_id: str
    subreddit: str
    body: str
    author: str | None
    score: int
    created_utc: datetime
    edited_utc: datetime | None
    removed: str | None
    sentiment: SentimentOut | None


class PostDetailOut(PostOut):
    comments: list[CommentOut]  # one page, oldest first
    next_comments: str | None  # pass as comments_after for the next page; null on the last


class PostList(Out):
    items: list[PostOut]


class CountsOut(Out):
    items: int
    posts: int
    comments: int
    positive: int
    neutral: int
    negative: int
    mean_compound: float | None  # over the scored items; null when there are none


class StatsOut(CountsOut):
    subreddit: str | None
    hours: int


class SubredditOut(Out):
    name: str
    posts: int
    comments: int
    mean_compound: float | None
    last_collected_at: datetime | None


class SubredditList(Out):
    items: list[SubredditOut]


class FailureOut(Out):
    subreddit: str
    error: str


class GapOut(Out):
    kind: str
    subreddits: list[str]
    start: datetime
    end: datetime


class CycleOut(Out):
    id: str
    trigger: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    duration_s: float | None
    subreddits: list[str]
    posts_collected: int
    comments_collected: int
    errors: list[FailureOut] = Field(validation_alias="failures")
    gaps: list[GapOut]
    requests_made: int
    budget_remaining: int | None
    items_refreshed: int


class CycleList(Out):
    items: list[CycleOut]


class TriggerOut(Out):
    cycle_id: str
    status: str


class ErrorOut(Out):
    detail: str


class Problem(Out):
    parameter: str
    message: str


class InvalidRequestOut(Out):
    """422: `detail` says it all in one line; `errors` has one entry per problem."""

    detail: str
    errors: list[Problem]


class DatabaseHealth(Out):
    ok: bool  # readable
    writable: bool


class SchedulerHealth(Out):
    running: bool  # a process holds the collector lease and keeps the schedule
    next_run_at: datetime | None  # that process's next scheduled cycle


class CollectorHealth(Out):
    """The collector lease, as every process sharing the database sees it."""

    holder: str | None  # "host:pid:suffix" of the process that collects; None: nobody
    here: bool  # the answering process is that one
    lease_expires_at: datetime | None  # renewed every third of COLLECTOR_LEASE_SECONDS
    requested_cycle_id: str | None  # asked for (admin) and not started yet


class RedditHealth(Out):
    configured: bool
    mode: str  # "reddit", "simulated" or "not configured"
    missing_settings: list[str]
    requests_last_cycle: int | None
    budget_remaining: int | None  # Reddit's rate-limit budget after the last cycle


class HealthOut(Out):
    status: str  # "ok", or "degraded" with its reasons
    reasons: list[str]
    database: DatabaseHealth
    scheduler: SchedulerHealth
    collector: CollectorHealth
    reddit: RedditHealth
    last_cycle: CycleOut | None
    running_cycle_id: str | None
    uptime_s: float
