"""Response bodies of /posts/top: a post, how fast it grows, and the reads that say so."""

from __future__ import annotations

from datetime import datetime

from entrypoints.api.schemas import Out, PostOut


class PostReadOut(Out):
    read_at: datetime
    score: int
    num_comments: int


class GrowthOut(Out):
    score_per_hour: float
    comments_per_hour: float
    engagement_per_hour: float  # score_per_hour + 2 x comments_per_hour: what ranks
    age_hours: float  # at the read (at least 1)
    read_at: datetime  # the latest read


class TopPostOut(PostOut):
    growth: GrowthOut
    reads: list[PostReadOut]  # each recorded read, oldest first


class TopPostList(Out):
    items: list[TopPostOut]
