"""Response and request bodies of the time series and topic endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from domain.topics import MAX_ALIASES, MAX_NAME
from entrypoints.api.schemas import CountsOut, Out, SentimentOut


class PointOut(CountsOut):
    start: datetime  # the bucket's first instant, UTC


class SeriesOut(Out):
    subreddit: str | None
    topic: str | None
    bucket: str
    hours: int
    items: list[PointOut]  # oldest first, every bucket of the window, empty ones with zeros


class TopicOut(CountsOut):
    name: str
    aliases: list[str]
    mentions: int  # items mentioning it in the window (posts + comments)
    low_sample: bool  # fewer than 10 mentions: too few to read as a trend
    matching: str  # "done", or "running" while stored history is matched against it
    progress: float  # the share of stored history matched so far


class TopicList(Out):
    hours: int
    items: list[TopicOut]


class MentionOut(Out):
    kind: str  # post / comment
    id: str
    post_id: str
    subreddit: str
    title: str | None  # posts only
    body: str
    author: str | None
    score: int
    created_utc: datetime
    permalink: str  # on Reddit
    sentiment: SentimentOut | None


class TopicDetailOut(TopicOut):
    hours: int
    recent: list[MentionOut]  # the latest mentions, newest first


class TopicIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aliases: list[Annotated[str, StringConstraints(max_length=MAX_NAME, pattern=r"\S")]] = Field(
        default_factory=list,
        max_length=MAX_ALIASES,
        description="other ways of writing it, matched as whole words, ignoring case",
    )
