"""Response bodies of the API, built from domain objects."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from domain.model import (
    CollectionCycle,
    Comment,
    Post,
    Sentiment,
    SentimentStats,
    SubredditSummary,
)


class SentimentOut(BaseModel):
    compound: float
    label: str
    positive: float
    neutral: float
    negative: float

    @classmethod
    def of(cls, sentiment: Sentiment | None) -> SentimentOut | None:
        if sentiment is None:
            return None
        return cls(
            compound=sentiment.compound,
            label=sentiment.label.value,
            positive=sentiment.positive,
            neutral=sentiment.neutral,
            negative=sentiment.negative,
        )


class PostOut(BaseModel):
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

    @classmethod
    def of(cls, post: Post) -> PostOut:
        return cls(
            id=post.id,
            subreddit=post.subreddit,
            title=post.title,
            body=post.body,
            author=post.author,
            score=post.score,
            num_comments=post.num_comments,
            created_utc=post.created_utc,
            edited_utc=post.edited_utc,
            url=post.url,
            permalink=post.permalink,
            sentiment=SentimentOut.of(post.sentiment),
        )


class CommentOut(BaseModel):
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

    @classmethod
    def of(cls, comment: Comment) -> CommentOut:
        return cls(
            id=comment.id,
            post_id=comment.post_id,
            parent_id=comment.parent_id,
            subreddit=comment.subreddit,
            body=comment.body,
            author=comment.author,
            score=comment.score,
            created_utc=comment.created_utc,
            edited_utc=comment.edited_utc,
            sentiment=SentimentOut.of(comment.sentiment),
        )


class PostDetailOut(PostOut):
    comments: list[CommentOut]


class PostList(BaseModel):
    items: list[PostOut]


class StatsOut(BaseModel):
    subreddit: str | None
    hours: int
    items: int
    posts: int
    comments: int
    positive: int
    neutral: int
    negative: int
    mean_compound: float | None

    @classmethod
    def of(cls, subreddit: str | None, hours: int, stats: SentimentStats) -> StatsOut:
        return cls(
            subreddit=subreddit,
            hours=hours,
            items=stats.items,
            posts=stats.posts,
            comments=stats.comments,
            positive=stats.positive,
            neutral=stats.neutral,
            negative=stats.negative,
            mean_compound=stats.mean_compound,
        )


class SubredditOut(BaseModel):
    name: str
    posts: int
    comments: int
    mean_compound: float | None
    last_collected_at: datetime | None

    @classmethod
    def of(cls, summary: SubredditSummary) -> SubredditOut:
        return cls(
            name=summary.name,
            posts=summary.posts,
            comments=summary.comments,
            mean_compound=summary.mean_compound,
            last_collected_at=summary.last_collected_at,
        )


class SubredditList(BaseModel):
    items: list[SubredditOut]


class FailureOut(BaseModel):
    subreddit: str
    error: str


class CycleOut(BaseModel):
    id: str
    trigger: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    duration_s: float | None
    subreddits: list[str]
    posts_collected: int
    comments_collected: int
    errors: list[FailureOut]

    @classmethod
    def of(cls, cycle: CollectionCycle) -> CycleOut:
        return cls(
            id=cycle.id,
            trigger=cycle.trigger,
            status=cycle.status.value,
            started_at=cycle.started_at,
            finished_at=cycle.finished_at,
            duration_s=cycle.duration_s,
            subreddits=cycle.subreddits,
            posts_collected=cycle.posts_collected,
            comments_collected=cycle.comments_collected,
            errors=[FailureOut(subreddit=f.subreddit, error=f.error) for f in cycle.failures],
        )


class CycleList(BaseModel):
    items: list[CycleOut]


class TriggerOut(BaseModel):
    cycle_id: str
    status: str


class ErrorOut(BaseModel):
    detail: str


class DatabaseHealth(BaseModel):
    ok: bool


class SchedulerHealth(BaseModel):
    running: bool
    next_run_at: datetime | None


class RedditHealth(BaseModel):
    configured: bool
    mode: str  # "reddit", "simulated" or "not configured"
    missing_settings: list[str]


class HealthOut(BaseModel):
    status: str
    database: DatabaseHealth
    scheduler: SchedulerHealth
    reddit: RedditHealth
    last_cycle: CycleOut | None
    running_cycle_id: str | None
    uptime_s: float
