"""Read queries of the SQL store: what the API shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, overload

from sqlalchemy import (
    Engine,
    Select,
    Table,
    and_,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from adapters.sql.aggregates import LABELS, hour_of
from adapters.sql.engine import in_memory
from adapters.sql.pruning import counted_from
from adapters.sql.rows import cycle_of, item_of
from adapters.sql.sqlite_file import file_problem, writable_problem
from adapters.sql.tables import (
    collection_cycles,
    comments,
    posts,
    sentiment_hours,
    sentiments,
    subreddits,
)
from domain.collection import describe
from domain.model import (
    CollectionCycle,
    Comment,
    CommentKey,
    CycleStatus,
    Post,
    SentimentStats,
    StoreState,
    SubredditSummary,
)

HOUR = timedelta(hours=1)
KINDS = ("post", "comment")


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

    def comments_of(
        self, post_id: str, after: CommentKey | None = None, limit: int | None = None
    ) -> list[Comment]:
        """An index range: (post_id, created_utc) is indexed, ties broken by id."""
        query = (
            select(comments, *self._sentiment_columns())
            .outerjoin(sentiments, sentiments.c.fullname == literal("t1_") + comments.c.id)
            .where(comments.c.post_id == post_id)
            .order_by(comments.c.created_utc, comments.c.id)
            .limit(limit)
        )
        if after is not None:
            created = comments.c.created_utc
            query = query.where(
                or_(
                    created > after.created_utc,
                    and_(created == after.created_utc, comments.c.id > after.id),
                )
            )
        return [item_of(Comment, row) for row in self._all(query)]

    def sentiment_stats(self, subreddit: str | None, since: datetime) -> SentimentStats:
        """Whole hours from the aggregates; the part-hour at the window's start from items
        (from the nearest whole hour where retention pruned them: pruning.counted_from)."""
        with self._engine.connect() as conn:
            since = counted_from(conn, since)
        boundary = hour_of(since) if since == hour_of(since) else hour_of(since) + HOUR
        items = union_all(
            self._labelled(posts, "t3_", "post", subreddit, since, boundary),
            self._labelled(comments, "t1_", "comment", subreddit, since, boundary),
        ).subquery()
        part = select(
            *(func.count().filter(items.c.kind == kind) for kind in KINDS),
            *(func.count().filter(items.c.label == label) for label in LABELS),
            func.coalesce(func.sum(items.c.compound), 0.0),
        )
        hours = sentiment_hours.c
        scored = hours.positive + hours.neutral + hours.negative
        whole = select(
            *(
                func.coalesce(func.sum(scored).filter(hours.kind == k), 0)
                for k in ("post", "comment")
            ),
            *(func.coalesce(func.sum(hours[label]), 0) for label in LABELS),
            func.coalesce(func.sum(hours.compound_sum), 0.0),
        ).where(hours.hour >= boundary)
        if subreddit:
            whole = whole.where(hours.subreddit_key == subreddit.lower())
        n_posts, n_comments, pos, neu, neg, total = (
            a + b for a, b in zip(self._all(part)[0], self._all(whole)[0], strict=True)
        )
        count = int(n_posts + n_comments)
        mean = _rounded(total / count) if count else None
        return SentimentStats(
            count, int(n_posts), int(n_comments), int(pos), int(neu), int(neg), mean
        )

    def subreddit_summaries(self) -> list[SubredditSummary]:
        """One row per subreddit: its running totals, whatever the length of history."""
        c = subreddits.c
        query = select(
            c.name, c.posts, c.comments, c.compound_sum, c.scored, c.last_collected_at
        ).order_by(c.subreddit_key)
        return [
            SubredditSummary(
                name,
                int(n_posts),
                int(n_comments),
                _rounded(total / scored) if scored else None,
                aware(last),
            )
            for name, n_posts, n_comments, total, scored, last in self._all(query)
        ]

    def recent_cycles(self, limit: int) -> list[CollectionCycle]:
        query = (
            select(collection_cycles)
            .order_by(collection_cycles.c.started_at.desc(), collection_cycles.c.id.desc())
            .limit(limit)
        )
        return [cycle_of(row) for row in self._all(query)]

    def last_success_at(self) -> datetime | None:
        query = select(func.max(collection_cycles.c.finished_at)).where(
            collection_cycles.c.status.in_([CycleStatus.SUCCEEDED, CycleStatus.PARTIAL])
        )
        last = self._all(query)[0][0]
        return aware(last) if last is not None else None

    def state(self) -> StoreState:
        """Read a table (SELECT 1 alone reads no SQLite file), then check writing without
        writing: a write would wait behind the collector's."""
        try:
            with self._engine.connect() as conn:
                conn.execute(select(collection_cycles.c.id).limit(1)).all()
                read_only = self._engine.dialect.name == "postgresql" and (
                    conn.execute(text("SHOW transaction_read_only")).scalar() == "on"
                )
        except SQLAlchemyError as exc:
            cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig else exc
            return StoreState(False, False, f"the database cannot be read: {describe(cause)}")
        path = self._engine.url.database
        if self._engine.dialect.name != "sqlite" or in_memory(path):
            problem = "the database is read-only" if read_only else None
            return StoreState(True, not read_only, problem)
        assert path is not None
        moved = file_problem(self._engine, path)  # gone or replaced: say that first
        cannot_write = None if moved else writable_problem(path)
        return StoreState(True, cannot_write is None, moved or cannot_write)

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
        table: Table,
        prefix: str,
        kind: str,
        subreddit: str | None,
        since: datetime,
        before: datetime,
    ) -> Select[Any]:
        query = (
            select(literal(kind).label("kind"), sentiments.c.label, sentiments.c.compound)
            .select_from(table)
            .join(sentiments, sentiments.c.fullname == literal(prefix) + table.c.id)
            .where(table.c.created_utc >= since, table.c.created_utc < before)
        )
        if subreddit:
            query = query.where(table.c.subreddit_key == subreddit.lower())
        return query


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
