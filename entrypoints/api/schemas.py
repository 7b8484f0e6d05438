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
    sentiment: SentimentOut | None


class PostDetailOut(PostOut):
    comments: list[CommentOut]


class PostList(Out):
    items: list[PostOut]


class StatsOut(Out):
    subreddit: str | None
    hours: int
    items: int
    posts: int
    comments: int
    positive: int
    neutral: int
    negative: int
    mean_compound: float | None


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


class CycleList(Out):
    items: list[CycleOut]


class TriggerOut(Out):
    cycle_id: str
    status: str


class ErrorOut(Out):
    detail: str


class DatabaseHealth(Out):
    ok: bool


class SchedulerHealth(Out):
    running: bool
    next_run_at: datetime | None


class RedditHealth(Out):
    configured: bool
    mode: str  # "reddit", "simulated" or "not configured"
    missing_settings: list[str]


class HealthOut(Out):
    status: str
    database: DatabaseHealth
    scheduler: SchedulerHealth
    reddit: RedditHealth
    last_cycle: CycleOut | None
    running_cycle_id: str | None
    uptime_s: float
