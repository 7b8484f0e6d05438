"""SqlArchiveStore: what the importer reads and writes (wrap it with Offloaded)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select

from adapters.sql.rows import item_row, sentiment_row
from adapters.sql.tables import comments, posts, sentiments
from adapters.sql.upsert import CHUNK, upsert, upsert_fresher
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
            for kind, table, prefix in ((Post, posts, "t3_"), (Comment, comments, "t1_")):
                batch = [a for a in items if isinstance(a.item, kind)]
                rows = [self._row(a, now) for a in batch]
                written = upsert_fresher(
                    conn, table, rows, stamp="last_collected_at", keep=("first_collected_at",)
                )
                new = sum(row[1] == now for row in written)  # an update keeps the first time
                counts[f"{prefix}new"], counts[f"{prefix}updated"] = new, len(written) - new
                won = {f"{prefix}{row[0]}" for row in written}
                scored += [a for a in batch if a.sentiment and a.item.fullname in won]
            upsert(
                conn,
                sentiments,
                [sentiment_row(a.item.fullname, a.sentiment, now) for a in scored if a.sentiment],
            )
        return SavedCounts(
            posts_new=counts["t3_new"],
            posts_updated=counts["t3_updated"],
            comments_new=counts["t1_new"],
            comments_updated=counts["t1_updated"],
        )

    def _row(self, archived: ArchivedItem, now: datetime) -> dict[str, Any]:
        item, read_at = archived.item, archived.retrieved_utc
        next_refresh = (
            None if item.removed else self._refresh.next_refresh(item.created_utc, read_at)
        )
        row = item_row(item, now, next_refresh)
        row["last_collected_at"] = read_at  # the copy's age decides which copy wins
        return row
