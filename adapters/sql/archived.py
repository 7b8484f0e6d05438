"""SqlArchiveStore: what the importer reads and writes (wrap it with Offloaded)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, Table, select

from adapters.sql.aggregates import BatchCount
from adapters.sql.post_reads import record_reads
from adapters.sql.pruning import pruned_before
from adapters.sql.rows import item_row
from adapters.sql.tables import comments, posts
from adapters.sql.upsert import CHUNK, upsert
from domain.archive import ArchivedItem, SavedCounts, StoredCopy
from domain.collection import utcnow
from domain.model import Comment, Post, post_text
from domain.policy import RefreshPolicy


class SqlArchiveStore:
    def __init__(
        self,
        engine: Engine,
        refresh: RefreshPolicy | None = None,
        clock: Callable[[], datetime] = utcnow,
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
        latest = max((a.retrieved_utc for a in items), default=now)
        with self._engine.begin() as conn:
            # From here no other writer runs until this commits: what is read stays true.
            count = BatchCount(conn, [a.item for a in items], collected_at=latest)
            if (boundary := pruned_before(conn)) is not None:  # what retention pruned stays
                items = [a for a in items if a.item.created_utc >= boundary]
            reads = [(a.item, a.retrieved_utc) for a in items if isinstance(a.item, Post)]
            record_reads(conn, reads)  # each copy is a read of its post, at its retrieval
            won: list[ArchivedItem] = []
            for kind, table in ((Post, posts), (Comment, comments)):
                batch = [a for a in items if isinstance(a.item, kind)]
                fresher = [a for a in batch if _fresher(a, count.stored.get(a.item.fullname))]
                upsert(
                    conn,
                    table,
                    [self._row(a, now) for a in fresher],
                    keep=("first_collected_at",),
                    only_if=_older_copy_in(table),
                )
                won += fresher
            scores = {a.item.fullname: a.sentiment for a in won if a.sentiment is not None}
            count.finish([a.item for a in won], scores, now)
        return _counts(won, count.stored)

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


def _counts(written: list[ArchivedItem], stored_before: Mapping[str, datetime]) -> SavedCounts:
    def number(kind: type[Post | Comment], new: bool) -> int:
        return sum(
            isinstance(a.item, kind) and (a.item.fullname not in stored_before) == new
            for a in written
        )

    return SavedCounts(
        posts_new=number(Post, True),
        posts_updated=number(Post, False),
        comments_new=number(Comment, True),
        comments_updated=number(Comment, False),
    )
