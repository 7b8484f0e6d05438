"""The fastest growing posts (domain.engagement), ranked in SQL.

A post's row holds its latest read (score, comment count, `last_collected_at`), the newest
entry of its history in post_reads: the ranking reads posts alone, over the creation-time
index and with a LIMIT, and only the posts returned have their history read.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, extract, func, literal, select

from adapters.sql.rows import item_of
from adapters.sql.tables import post_reads, posts, sentiments
from domain.engagement import COMMENT_WEIGHT, HOUR, MIN_AGE, Growth, PostGrowth, PostRead
from domain.model import Post

SCORES = [sentiments.c[name] for name in ("compound", "positive", "neutral", "negative")]


class SqlTopPosts:
    """ReadModelPort.top_posts, mixed into SqlStore."""

    _engine: Engine

    def top_posts(self, subreddit: str | None, since: datetime, limit: int) -> list[PostGrowth]:
        rate = _engagement_per_hour(self._engine.dialect.name).label("rate")
        ranked = select(posts.c.id, rate).where(posts.c.created_utc >= since)
        if subreddit:
            ranked = ranked.where(posts.c.subreddit_key == subreddit.lower())
        top = ranked.order_by(rate.desc(), posts.c.id).limit(limit).subquery()
        query = (
            select(posts, *SCORES)
            .join(top, top.c.id == posts.c.id)
            .outerjoin(sentiments, sentiments.c.fullname == literal("t3_") + posts.c.id)
            .order_by(top.c.rate.desc(), posts.c.id)
        )
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
            history = _reads_of(conn, [row.id for row in rows])
        return [_growth_of(row, history[row.id]) for row in rows]


def _engagement_per_hour(dialect: str) -> ColumnElement[Any]:
    """Growth.engagement_per_hour at the latest read, as SQL."""
    c = posts.c
    if dialect == "postgresql":
        age = extract("epoch", c.last_collected_at - c.created_utc) / HOUR.total_seconds()
        hours = func.greatest(age, MIN_AGE / HOUR)
    else:  # SQLite keeps times as ISO text; julianday() reads it in days
        age = (func.julianday(c.last_collected_at) - func.julianday(c.created_utc)) * 24.0
        hours = func.max(age, MIN_AGE / HOUR)
    return (c.score + COMMENT_WEIGHT * c.num_comments) / hours


def _reads_of(conn: Connection, post_ids: list[str]) -> dict[str, list[PostRead]]:
    found: dict[str, list[PostRead]] = defaultdict(list)
    if not post_ids:
        return found
    r = post_reads.c
    query = select(r.post_id, r.read_at, r.score, r.num_comments).where(r.post_id.in_(post_ids))
    for post_id, read_at, score, num_comments in conn.execute(query.order_by(r.post_id, r.read_at)):
        found[post_id].append(PostRead(read_at, score, num_comments))
    return found


def _growth_of(row: Any, reads: list[PostRead]) -> PostGrowth:
    post = item_of(Post, row)
    latest = PostRead(row.last_collected_at, post.score, post.num_comments)
    return PostGrowth(post, Growth.since_creation(post.created_utc, latest), reads)
