"""Retention in SQL: items created before a cut-off are deleted a batch per transaction,
with the rows that point at them; the hourly counts and running totals stay.

Pruning takes the writers' turn, so no batch of items is written between choosing what
to delete and deleting it. The first batch that deletes anything also records how far
pruning has gone (`retention.pruned_before`): writers drop items created before it, which
would otherwise be counted a second time in hours that already count them (a comment on
a pruned post brings that post back; an archive holds old items; a rescan walks back).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Table,
    delete,
    func,
    literal,
    select,
    union_all,
)

from adapters.sql.aggregates import hour_of, take_write_turn
from adapters.sql.tables import comments, post_reads, posts, retention, sentiments, topic_mentions
from adapters.sql.upsert import CHUNK, upsert
from domain.model import Comment, Post
from domain.retention import PruneCounts

Item = TypeVar("Item", Post, Comment)
ROW_ID = 1  # the retention table's one row
HALF_HOUR = timedelta(minutes=30)


class SqlPruning:
    """PrunePort, mixed into SqlStore."""

    _engine: Engine
    _clock: Callable[[], datetime]

    def prune_before(self, cutoff: datetime, batch: int) -> PruneCounts:
        with self._engine.begin() as conn:
            take_write_turn(conn)
            comment_ids = _oldest(conn, comments, cutoff, batch)
            post_ids = _oldest(conn, posts, cutoff, batch - len(comment_ids))
            if not comment_ids and not post_ids:
                return PruneCounts()
            _record_pruned(conn, cutoff, self._clock())
            return _deleted(conn, post_ids, comment_ids)

    def prunable_before(self, cutoff: datetime) -> PruneCounts:
        old_posts = select(posts.c.id).where(posts.c.created_utc < cutoff)
        names = union_all(
            select(literal("t3_") + posts.c.id).where(posts.c.created_utc < cutoff),
            select(literal("t1_") + comments.c.id).where(comments.c.created_utc < cutoff),
        )
        counts = (
            _count(posts, posts.c.created_utc < cutoff),
            _count(comments, comments.c.created_utc < cutoff),
            _count(sentiments, sentiments.c.fullname.in_(names)),
            _count(topic_mentions, topic_mentions.c.fullname.in_(names)),
            _count(post_reads, post_reads.c.post_id.in_(old_posts)),
        )
        with self._engine.connect() as conn:
            return PruneCounts(*(int(conn.execute(query).scalar_one()) for query in counts))


def pruned_before(conn: Connection) -> datetime | None:
    """How far retention has pruned: no item created before this is stored."""
    found: datetime | None = conn.execute(select(retention.c.pruned_before)).scalar()
    return found


def unpruned(conn: Connection, items: Sequence[Item]) -> list[Item]:
    """The items a writer may store. Call it in the writer's turn, so a prune cannot move
    the boundary between this read and the write."""
    boundary = pruned_before(conn)
    return [i for i in items if boundary is None or i.created_utc >= boundary]


def counted_from(conn: Connection, since: datetime) -> datetime:
    """Where a count over [since, now) starts. An hour retention pruned is only known as a
    whole, so a window starting inside one starts at the nearest hour instead: off by
    less than half an hour's items, where counting the remaining items would miss all of
    the pruned part-hour's."""
    boundary = pruned_before(conn)
    if boundary is None or since >= boundary:
        return since
    return hour_of(since + HALF_HOUR)


def _oldest(conn: Connection, table: Table, cutoff: datetime, limit: int) -> list[str]:
    if limit <= 0:
        return []
    query = (
        select(table.c.id)
        .where(table.c.created_utc < cutoff)
        .order_by(table.c.created_utc)
        .limit(limit)
    )
    return list(conn.execute(query).scalars())


def _record_pruned(conn: Connection, cutoff: datetime, now: datetime) -> None:
    row = {"id": ROW_ID, "pruned_before": cutoff, "pruned_at": now}
    upsert(conn, retention, [row], greatest=("pruned_before",))


def _deleted(conn: Connection, post_ids: list[str], comment_ids: list[str]) -> PruneCounts:
    names = [f"t3_{i}" for i in post_ids] + [f"t1_{i}" for i in comment_ids]
    return PruneCounts(
        posts=_delete(conn, posts.c.id, post_ids),
        comments=_delete(conn, comments.c.id, comment_ids),
        sentiments=_delete(conn, sentiments.c.fullname, names),
        topic_mentions=_delete(conn, topic_mentions.c.fullname, names),
        post_reads=_delete(conn, post_reads.c.post_id, post_ids),
    )


def _delete(conn: Connection, key: Column[Any], values: list[str]) -> int:
    deleted = 0
    for start in range(0, len(values), CHUNK):
        result = conn.execute(delete(key.table).where(key.in_(values[start : start + CHUNK])))
        deleted += result.rowcount
    return deleted


def _count(table: Table, condition: Any) -> Any:
    return select(func.count()).select_from(table).where(condition)
