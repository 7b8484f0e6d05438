"""Hourly aggregates, moved in the same transaction as the items and scores they count.

Writers take turns (one lock per database), so what a batch finds stored before it
writes cannot change until it commits: which items are new, and the scores they had.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, false, select, update

from adapters.sql import term_counts, topic_counts
from adapters.sql.rows import sentiment_row
from adapters.sql.tables import comments, posts, sentiment_hours, sentiments, subreddits
from adapters.sql.upsert import CHUNK, upsert, upsert_adding
from domain.model import Comment, Label, Post, Sentiment

LABELS = [label.value for label in Label]
WRITE_LOCK = 7_265_002  # PostgreSQL advisory lock key: one writing transaction at a time


class BatchCount:
    """Begun before a batch's items are written, finished after: scores and aggregates."""

    def __init__(
        self, conn: Connection, items: Sequence[Post | Comment], collected_at: datetime
    ) -> None:
        self._conn = conn
        _take_turn(conn, items, collected_at)
        # When each item already stored was read from Reddit, by fullname.
        self.stored = _stored(conn, items)

    def finish(
        self, items: Sequence[Post | Comment], scores: Mapping[str, Sentiment], now: datetime
    ) -> None:
        """Store the scores (by fullname) of the items written, and count both."""
        rescored = [i.fullname for i in items if i.fullname in scores and i.fullname in self.stored]
        old = _old_scores(self._conn, rescored)
        upsert(self._conn, sentiments, [sentiment_row(n, s, now) for n, s in scores.items()])
        deltas: dict[tuple[str, str, datetime], dict[str, Any]] = defaultdict(_zero)
        for item in items:
            delta = deltas[_key(item)]
            delta["item_count"] += item.fullname not in self.stored
            if (score := scores.get(item.fullname)) is not None:
                if (before := old.get(item.fullname)) is not None:
                    delta[before[0]] -= 1
                    delta["compound_sum"] -= before[1]
                delta[score.label.value] += 1
                delta["compound_sum"] += score.compound
        rows = [
            {"subreddit_key": sub, "kind": kind, "hour": hour, **delta}
            for (sub, kind, hour), delta in deltas.items()
            if any(delta.values())
        ]
        upsert_adding(self._conn, sentiment_hours, rows)
        _add_totals(self._conn, rows)
        topic_counts.count_batch(self._conn, items, scores, self.stored, old)
        new = [i for i in items if i.fullname not in self.stored]
        term_counts.count_terms(self._conn, new, scores, now)


TOTALS = ("posts", "comments", "scored", "compound_sum")  # subreddits' running totals


def hour_of(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def take_write_turn(conn: Connection) -> None:
    """Wait for other writers: on PostgreSQL an advisory lock, on SQLite a first write."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
    else:
        conn.execute(update(subreddits).where(false()).values(name=subreddits.c.name))


def _take_turn(conn: Connection, items: Sequence[Post | Comment], collected_at: datetime) -> None:
    """Wait for other writers, then note the batch's subreddits.

    On SQLite a transaction's first write takes the database's write lock, and this is it.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
    names: dict[str, str] = {}
    for item in items:
        key = item.subreddit.lower()
        names[key] = max(names.get(key, item.subreddit), item.subreddit)
    rows = [
        {"subreddit_key": key, "name": name, "last_collected_at": collected_at}
        for key, name in names.items()
    ]
    upsert(conn, subreddits, rows, keep=TOTALS, greatest=("name", "last_collected_at"))


def _zero() -> dict[str, Any]:
    return {"item_count": 0, **dict.fromkeys(LABELS, 0), "compound_sum": 0.0}


def _key(item: Post | Comment) -> tuple[str, str, datetime]:
    kind = "post" if isinstance(item, Post) else "comment"
    return item.subreddit.lower(), kind, hour_of(item.created_utc)


def _stored(conn: Connection, items: Sequence[Post | Comment]) -> dict[str, datetime]:
    found: dict[str, datetime] = {}
    for table, prefix, kind in ((posts, "t3_", Post), (comments, "t1_", Comment)):
        ids = [i.id for i in items if isinstance(i, kind)]
        for start in range(0, len(ids), CHUNK):
            query = select(table.c.id, table.c.last_collected_at).where(
                table.c.id.in_(ids[start : start + CHUNK])
            )
            found.update((prefix + id_, at) for id_, at in conn.execute(query))
    return found


def _old_scores(conn: Connection, names: list[str]) -> dict[str, tuple[str, float]]:
    found: dict[str, tuple[str, float]] = {}
    for start in range(0, len(names), CHUNK):
        query = select(sentiments.c.fullname, sentiments.c.label, sentiments.c.compound).where(
            sentiments.c.fullname.in_(names[start : start + CHUNK])
        )
        found.update((name, (label, compound)) for name, label, compound in conn.execute(query))
    return found


def _add_totals(conn: Connection, hour_rows: list[dict[str, Any]]) -> None:
    """Add the batch's hourly deltas to its subreddits' running totals (their rows exist:
    the batch's turn wrote them)."""
    totals: dict[str, dict[str, Any]] = defaultdict(lambda: dict.fromkeys(TOTALS, 0))
    for row in hour_rows:
        total = totals[row["subreddit_key"]]
        total["posts" if row["kind"] == "post" else "comments"] += row["item_count"]
        total["scored"] += sum(row[label] for label in LABELS)
        total["compound_sum"] += row["compound_sum"]
    columns = subreddits.c
    for key, total in totals.items():
        conn.execute(
            update(subreddits)
            .where(columns.subreddit_key == key)
            .values({name: columns[name] + value for name, value in total.items()})
        )
