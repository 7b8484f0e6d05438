"""SqlStore: the synchronous repository (wrap it with Offloaded for the async port)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import (
    Connection,
    Engine,
    func,
    literal,
    select,
    union_all,
    update,
)

from adapters.sql import tables
from adapters.sql.aggregates import BatchCount
from adapters.sql.faults import translating_faults
from adapters.sql.leases import SqlLeases
from adapters.sql.post_reads import record_reads
from adapters.sql.pruning import SqlPruning, unpruned
from adapters.sql.reads import SqlReads, aware
from adapters.sql.rows import (
    cycle_of,
    cycle_row,
    item_row,
)
from adapters.sql.top_posts import SqlTopPosts
from adapters.sql.topics import SqlTopics
from adapters.sql.trending import SqlTrending
from adapters.sql.trending_snapshots import SqlTrendingSnapshots
from adapters.sql.upsert import CHUNK, upsert
from domain.collection import utcnow
from domain.model import (
    CollectionCycle,
    Comment,
    Cursor,
    CycleStatus,
    Kind,
    Post,
    post_text,
)
from domain.policy import RefreshPolicy


def _both(posts: Sequence[Post], comments: Sequence[Comment]) -> list[Post | Comment]:
    # Annotated for mypy: a bare `(*posts, *comments)` is a tuple of `object`.
    return [*posts, *comments]


@translating_faults
class SqlStore(
    SqlReads, SqlTopics, SqlTopPosts, SqlPruning, SqlTrending, SqlTrendingSnapshots, SqlLeases
):
    def __init__(
        self,
        engine: Engine,
        refresh: RefreshPolicy | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._engine = engine
        self._refresh = refresh or RefreshPolicy()
        self._clock = clock

    # --- writes -------------------------------------------------------------------------

    def save_items(
        self,
        posts: Sequence[Post],
        comments: Sequence[Comment],
        cursors: Sequence[Cursor] = (),
    ) -> None:
        """One transaction: every row of the batch and its cursors land, or none does."""
        now = self._clock()
        with self._engine.begin() as conn:
            self._write_items(conn, posts, comments, now)
            upsert(
                conn,
                tables.cursors,
                [
                    {
                        "subreddit_key": c.subreddit,
                        "kind": c.kind.value,
                        "watermark": c.watermark,
                        "updated_at": now,
                    }
                    for c in cursors
                ],
                keep=("rescanned_at",),
                greatest=("watermark",),
            )

    def save_refreshed(
        self, asked: Sequence[str], posts: Sequence[Post], comments: Sequence[Comment]
    ) -> None:
        now = self._clock()
        returned = {i.fullname for i in _both(posts, comments)}
        gone = [name for name in asked if name not in returned]
        with self._engine.begin() as conn:
            self._write_items(conn, posts, comments, now)
            for table, prefix in ((tables.posts, "t3_"), (tables.comments, "t1_")):
                ids = [name[3:] for name in gone if name.startswith(prefix)]
                if ids:  # Reddit no longer knows them: stop asking
                    conn.execute(
                        update(table).where(table.c.id.in_(ids)).values(next_refresh_at=None)
                    )

    def _write_items(
        self, conn: Connection, posts: Sequence[Post], comments: Sequence[Comment], now: datetime
    ) -> None:
        count = BatchCount(conn, _both(posts, comments), collected_at=now)
        # The writers' turn is taken: what retention pruned stays pruned.
        posts, comments = unpruned(conn, posts), unpruned(conn, comments)
        both = _both(posts, comments)
        for table, items in ((tables.posts, posts), (tables.comments, comments)):
            rows = [item_row(i, now, self._next_refresh(i, now)) for i in items]
            upsert(conn, table, rows, keep=("first_collected_at",))
        record_reads(conn, ((post, now) for post in posts))
        count.finish(both, {i.fullname: i.sentiment for i in both if i.sentiment}, now)

    def _next_refresh(self, item: Post | Comment, now: datetime) -> datetime | None:
        # A deleted or removed item will not come back to life: stop re-reading it.
        return None if item.removed else self._refresh.next_refresh(item.created_utc, now)

    def save_cycle(self, cycle: CollectionCycle) -> None:
        row = cycle_row(cycle) | {"updated_at": self._clock()}
        with self._engine.begin() as conn:
            upsert(conn, tables.collection_cycles, [row], keep=("started_at",))

    def fail_unfinished_cycles(self, at: datetime, reason: str) -> int:
        """Close cycles left running, at the time each last recorded progress (`at` for
        one that never did), with the counts it had recorded."""
        cycles = tables.collection_cycles
        with self._engine.begin() as conn:
            rows = conn.execute(
                select(cycles).where(cycles.c.status == CycleStatus.RUNNING.value)
            ).all()
            for row in rows:
                cycle = cycle_of(row)
                cycle.abort(aware(row.updated_at) if row.updated_at else at, reason)
                upsert(conn, cycles, [cycle_row(cycle)], keep=("started_at", "updated_at"))
        return len(rows)

    # --- what the collector asks --------------------------------------------------------

    def cursors(self, kind: Kind) -> dict[str, datetime]:
        query = select(tables.cursors.c.subreddit_key, tables.cursors.c.watermark).where(
            tables.cursors.c.kind == kind.value
        )
        return {key: watermark for key, watermark in self._all(query)}

    def rescanned(self, kind: Kind) -> dict[str, datetime]:
        c = tables.cursors.c
        query = select(c.subreddit_key, c.rescanned_at).where(
            c.kind == kind.value, c.rescanned_at.is_not(None)
        )
        return {key: aware(at) for key, at in self._all(query)}

    def mark_rescanned(self, kind: Kind, subreddits: Sequence[str], at: datetime) -> None:
        c = tables.cursors.c
        with self._engine.begin() as conn:
            conn.execute(
                update(tables.cursors)
                .where(c.kind == kind.value, c.subreddit_key.in_([s.lower() for s in subreddits]))
                .values(rescanned_at=at)
            )

    def recent_activity(self, kind: Kind, since: datetime) -> dict[str, tuple[int, datetime]]:
        table = tables.posts if kind is Kind.POSTS else tables.comments
        query = (
            select(table.c.subreddit_key, func.count(), func.min(table.c.created_utc))
            .where(table.c.created_utc >= since)
            .group_by(table.c.subreddit_key)
        )
        return {key: (count, aware(oldest)) for key, count, oldest in self._all(query)}

    def stored_texts(self, fullnames: Sequence[str]) -> dict[str, str]:
        post_ids = [n[3:] for n in fullnames if n.startswith("t3_")]
        comment_ids = [n[3:] for n in fullnames if n.startswith("t1_")]
        texts: dict[str, str] = {}
        for start in range(0, len(post_ids), CHUNK):
            query = select(tables.posts.c.id, tables.posts.c.title, tables.posts.c.body).where(
                tables.posts.c.id.in_(post_ids[start : start + CHUNK])
            )
            texts.update((f"t3_{i}", post_text(t, b)) for i, t, b in self._all(query))
        for start in range(0, len(comment_ids), CHUNK):
            query = select(tables.comments.c.id, tables.comments.c.body).where(
                tables.comments.c.id.in_(comment_ids[start : start + CHUNK])
            )
            texts.update((f"t1_{i}", b) for i, b in self._all(query))
        return texts

    def missing_posts(self, post_ids: Sequence[str]) -> set[str]:
        known: set[str] = set()
        for start in range(0, len(post_ids), CHUNK):
            chunk = list(post_ids[start : start + CHUNK])
            known.update(
                row[0]
                for row in self._all(select(tables.posts.c.id).where(tables.posts.c.id.in_(chunk)))
            )
        return set(post_ids) - known

    def due_for_refresh(self, now: datetime, limit: int) -> list[str]:
        due = union_all(
            *(
                select((literal(prefix) + t.c.id).label("fullname"), t.c.next_refresh_at).where(
                    t.c.next_refresh_at <= now
                )
                for t, prefix in ((tables.posts, "t3_"), (tables.comments, "t1_"))
            )
        ).subquery()
        query = select(due.c.fullname).order_by(due.c.next_refresh_at).limit(limit)
        return [row[0] for row in self._all(query)]
