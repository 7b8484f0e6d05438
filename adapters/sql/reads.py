"""Read queries of the SQL store: what the API shows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, overload

from sqlalchemy import Engine, Select, Table, and_, func, literal, select, text, union_all
from sqlalchemy.exc import SQLAlchemyError

from adapters.sql.rows import cycle_of, item_of
from adapters.sql.tables import collection_cycles, comments, posts, sentiments
from domain.model import CollectionCycle, Comment, Post, SentimentStats, SubredditSummary


class SqlReads:
    _engine: Engine

    # --- reads --------------------------------------------------------------------------

    def recent_posts(self, subreddit: str | None, since: datetime, limit: int) -> list[Post]:
        query = (
            self._posts_with_sentiment()
            .where(posts.c.created_utc >= since)
            .order_by(posts.c.created_utc.desc(), posts.c.id.desc())
            .limit(limit)
        )
        if subreddit:
            query = query.where(posts.c.subreddit_key == subreddit.lower())
        return [item_of(Post, row) for row in self._all(query)]

    def get_post(self, post_id: str) -> Post | None:
        rows = self._all(self._posts_with_sentiment().where(posts.c.id == post_id))
        return item_of(Post, rows[0]) if rows else None

    def comments_of(self, post_id: str) -> list[Comment]:
        query = (
            select(comments, *self._sentiment_columns())
            .outerjoin(sentiments, sentiments.c.fullname == literal("t1_") + comments.c.id)
            .where(comments.c.post_id == post_id)
            .order_by(comments.c.created_utc, comments.c.id)
        )
        return [item_of(Comment, row) for row in self._all(query)]

    def sentiment_stats(self, subreddit: str | None, since: datetime) -> SentimentStats:
        items = union_all(
            self._labelled(posts, "t3_", "post", subreddit, since),
            self._labelled(comments, "t1_", "comment", subreddit, since),
        ).subquery()
        query = select(
            func.count(),
            func.count().filter(items.c.kind == "post"),
            func.count().filter(items.c.kind == "comment"),
            func.count().filter(items.c.label == "positive"),
            func.count().filter(items.c.label == "neutral"),
            func.count().filter(items.c.label == "negative"),
            func.avg(items.c.compound),
        )
        total, n_posts, n_comments, pos, neu, neg, mean = self._all(query)[0]
        return SentimentStats(total, n_posts, n_comments, pos, neu, neg, _rounded(mean))

    def subreddit_summaries(self) -> list[SubredditSummary]:
        per_item = union_all(
            self._summary_rows(posts, "t3_", "post"),
            self._summary_rows(comments, "t1_", "comment"),
        ).subquery()
        query = (
            select(
                func.max(per_item.c.subreddit),
                func.count().filter(per_item.c.kind == "post"),
                func.count().filter(per_item.c.kind == "comment"),
                func.avg(per_item.c.compound),
                func.max(per_item.c.last_collected_at),
            )
            .group_by(per_item.c.subreddit_key)
            .order_by(per_item.c.subreddit_key)
        )
        return [
            SubredditSummary(name, n_posts, n_comments, _rounded(mean), aware(last))
            for name, n_posts, n_comments, mean, last in self._all(query)
        ]

    def recent_cycles(self, limit: int) -> list[CollectionCycle]:
        query = (
            select(collection_cycles)
            .order_by(collection_cycles.c.started_at.desc(), collection_cycles.c.id.desc())
            .limit(limit)
        )
        return [cycle_of(row) for row in self._all(query)]

    def ping(self) -> bool:
        try:
            with self._engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    # --- query pieces -------------------------------------------------------------------

    def _all(self, query: Any) -> list[Any]:
        with self._engine.connect() as conn:
            return list(conn.execute(query).all())

    @staticmethod
    def _sentiment_columns() -> list[Any]:
        return [
            sentiments.c.compound,
            sentiments.c.positive,
            sentiments.c.neutral,
            sentiments.c.negative,
        ]

    def _posts_with_sentiment(self) -> Select[Any]:
        return select(posts, *self._sentiment_columns()).outerjoin(
            sentiments, sentiments.c.fullname == literal("t3_") + posts.c.id
        )

    @staticmethod
    def _labelled(
        table: Table, prefix: str, kind: str, subreddit: str | None, since: datetime
    ) -> Select[Any]:
        query = (
            select(literal(kind).label("kind"), sentiments.c.label, sentiments.c.compound)
            .select_from(table)
            .join(sentiments, sentiments.c.fullname == literal(prefix) + table.c.id)
            .where(table.c.created_utc >= since)
        )
        if subreddit:
            query = query.where(table.c.subreddit_key == subreddit.lower())
        return query

    @staticmethod
    def _summary_rows(table: Table, prefix: str, kind: str) -> Select[Any]:
        return (
            select(
                literal(kind).label("kind"),
                table.c.subreddit,
                table.c.subreddit_key,
                table.c.last_collected_at,
                sentiments.c.compound,
            )
            .select_from(table)
            .outerjoin(
                sentiments,
                and_(sentiments.c.fullname == literal(prefix) + table.c.id),
            )
        )


def _rounded(mean: float | None) -> float | None:
    return None if mean is None else round(float(mean), 4)


@overload
def aware(value: datetime | str) -> datetime: ...
@overload
def aware(value: None) -> None: ...
def aware(value: datetime | str | None) -> datetime | None:
    """Aggregates bypass the column type on SQLite, so max() can come back naive or as text."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
