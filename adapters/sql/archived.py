"""SqlArchiveStore: what the importer reads and writes (wrap it with Offloaded)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Table, select

from adapters.sql.rows import item_row, sentiment_row
from adapters.sql.tables import comments, posts, sentiments
from adapters.sql.upsert import CHUNK, upsert
from domain.archive import ArchivedItem, SavedCounts, StoredCopy
from domain.model import Comment, Post, post_text
from domain.policy import RefreshPolicy


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SqlArchiveStore:
    def __init__(
        self,
        engine: Engine,
        refresh: RefreshPolicy | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._engine = engine
        self._refresh = refresh or RefreshPolicy()
        self._clock = clock

    def stored_copies(self, fullnames: Sequence[str]) -> dict[str, StoredCopy]:
        found: dict[str, StoredCopy] = {}
        post_ids = [n[3:] for n in fullnames if n.startswith("t3_")]
        comment_ids = [n[3:] for n in fullnames if n.startswith("t1_")]
        with self._engine.connect() as conn:
            for start in range(0, len(post_ids), CHUNK):
                post_query = select(
                    posts.c.id, posts.c.last_collected_at, posts.c.title, posts.c.body
                ).where(posts.c.id.in_(post_ids[start : start + CHUNK]))
                for id_, at, title, body in conn.execute(post_query):
                    found[f"t3_{id_}"] = StoredCopy(at, post_text(title, body))
            for start in range(0, len(comment_ids), CHUNK):
                query = select(comments.c.id, comments.c.last_collected_at, comments.c.body)
                query = query.where(comments.c.id.in_(comment_ids[start : start + CHUNK]))
                for id_, at, body in conn.execute(query):
                    found[f"t1_{id_}"] = StoredCopy(at, body)
        return found

    def save_archived(self, items: Sequence[ArchivedItem]) -> SavedCounts:
        """One transaction. A copy is written only over an older one (by retrieval time)."""
        now = self._clock()
        counts: dict[str, int] = {}
        with self._engine.begin() as conn:
            scored: list[ArchivedItem] = []
            for kind, table in ((Post, posts), (Comment, comments)):
                batch = [a for a in items if isinstance(a.item, kind)]
                stored = self._collected_at(conn, table, [a.item.id for a in batch])
                won = [a for a in batch if _fresher(a, stored.get(a.item.id))]
                # The condition again in SQL: the live collector may write in between.
                upsert(
                    conn,
                    table,
                    [self._row(a, now) for a in won],
                    keep=("first_collected_at",),
                    only_if=_older_copy_in(table),
                )
                new = sum(a.item.id not in stored for a in won)
                counts[f"{kind.__name__}_new"] = new
                counts[f"{kind.__name__}_updated"] = len(won) - new
                scored += [a for a in won if a.sentiment is not None]
            upsert(
                conn,
                sentiments,
                [sentiment_row(a.item.fullname, a.sentiment, now) for a in scored if a.sentiment],
                # Never over a score the live collector wrote since this batch began.
                only_if=lambda _: sentiments.c.scored_at < now,
            )
        return SavedCounts(
            posts_new=counts["Post_new"],
            posts_updated=counts["Post_updated"],
            comments_new=counts["Comment_new"],
            comments_updated=counts["Comment_updated"],
        )

    @staticmethod
    def _collected_at(conn: Connection, table: Table, ids: list[str]) -> dict[str, datetime]:
        found: dict[str, datetime] = {}
        for start in range(0, len(ids), CHUNK):
            query = select(table.c.id, table.c.last_collected_at).where(
                table.c.id.in_(ids[start : start + CHUNK])
            )
            found.update((id_, at) for id_, at in conn.execute(query))
        return found

    def _row(self, archived: ArchivedItem, now: datetime) -> dict[str, Any]:
        item, read_at = archived.item, archived.retrieved_utc
        next_refresh = (
            None if item.removed else self._refresh.next_refresh(item.created_utc, read_at)
        )
        row = item_row(item, now, next_refresh)
        row["last_collected_at"] = read_at  # the copy's age decides which copy wins
        return row


def _fresher(archived: ArchivedItem, stored_at: datetime | None) -> bool:
    return stored_at is None or stored_at < archived.retrieved_utc


def _older_copy_in(table: Table) -> Callable[[Any], ColumnElement[bool]]:
    """The stored row is replaced only by a copy read from Reddit after it."""
    return lambda new: table.c.last_collected_at < new.last_collected_at
