"""Topic mentions and their hourly counts, moved with the items they count.

Called inside a writer's turn (adapters/sql/aggregates.py), so the topics read here are the
ones committed last, and a change of aliases cannot slip between reading and writing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, tuple_

from adapters.sql.tables import topic_hours, topic_mentions, topics
from adapters.sql.upsert import CHUNK, upsert_adding
from domain.model import Comment, Label, Post, Sentiment
from domain.topics import Topic, TopicMatcher

LABELS = [label.value for label in Label]  # as aggregates.LABELS (which imports this module)


@dataclass(frozen=True, slots=True)
class Mentioned:
    """One item's place in the counts: where it is counted and with what score."""

    fullname: str
    subreddit_key: str
    kind: str  # post / comment
    created_utc: datetime
    score: tuple[str, float] | None  # label and compound, if scored


def stored_topics(conn: Connection) -> dict[int, Topic]:
    rows = conn.execute(select(topics.c.id, topics.c.name, topics.c.aliases))
    return {id_: Topic(name, tuple(aliases)) for id_, name, aliases in rows}


def count_batch(
    conn: Connection,
    items: Sequence[Post | Comment],
    scores: Mapping[str, Sentiment],
    stored: Mapping[str, object],
    old_scores: Mapping[str, tuple[str, float]],
) -> None:
    """Match the batch's new items, and those whose text was scored again (an edit),
    against every topic; add, drop or re-label their mentions. Items stored before and
    not scored again (a refresh of the score only, a removal) keep their mentions."""
    found = stored_topics(conn)
    if not found:
        return
    matcher = {id_: TopicMatcher([topic]) for id_, topic in found.items()}
    looked = [
        i for i in items if not i.removed and (i.fullname in scores or i.fullname not in stored)
    ]
    before = _mentions_of(conn, [i.fullname for i in looked if i.fullname in stored])
    deltas = Deltas()
    added: list[dict[str, Any]] = []
    dropped: list[tuple[int, str]] = []
    for item in looked:
        now = {id_ for id_, m in matcher.items() if m.topics_in(item.text)}
        had = before.get(item.fullname, set())
        score = scores.get(item.fullname)
        new = _mentioned(item, (score.label.value, score.compound) if score else None)
        old = _mentioned(item, old_scores.get(item.fullname))
        for id_ in now - had:
            deltas.add(id_, new, +1)
            added.append(_mention_row(id_, new))
        for id_ in had - now:
            deltas.add(id_, old, -1)
            dropped.append((id_, item.fullname))
        for id_ in had & now:
            if score is not None:
                deltas.add(id_, old, -1)
                deltas.add(id_, new, +1)
    _insert_mentions(conn, added)
    for start in range(0, len(dropped), CHUNK):
        key = tuple_(topic_mentions.c.topic_id, topic_mentions.c.fullname)
        conn.execute(delete(topic_mentions).where(key.in_(dropped[start : start + CHUNK])))
    deltas.write(conn)


class Deltas:
    """Changes to topic_hours, summed per topic, subreddit, kind and hour."""

    def __init__(self) -> None:
        self._rows: dict[tuple[int, str, str, datetime], dict[str, Any]] = defaultdict(
            lambda: {"item_count": 0, **dict.fromkeys(LABELS, 0), "compound_sum": 0.0}
        )

    def add(self, topic_id: int, item: Mentioned, sign: int) -> None:
        hour = item.created_utc.replace(minute=0, second=0, microsecond=0)
        row = self._rows[(topic_id, item.subreddit_key, item.kind, hour)]
        row["item_count"] += sign
        if item.score is not None:
            label, compound = item.score
            row[label] += sign
            row["compound_sum"] += sign * compound

    def write(self, conn: Connection) -> None:
        rows = [
            {"topic_id": t, "subreddit_key": s, "kind": k, "hour": h, **delta}
            for (t, s, k, h), delta in self._rows.items()
            if any(delta.values())
        ]
        upsert_adding(conn, topic_hours, rows)


def insert_new_mentions(
    conn: Connection, topic_id: int, mentioned: Sequence[Mentioned]
) -> list[Mentioned]:
    """Insert mentions not stored yet (the collector may have matched an item first);
    the ones inserted."""
    known = _mentions_of(conn, [m.fullname for m in mentioned])
    fresh = [m for m in mentioned if topic_id not in known.get(m.fullname, set())]
    _insert_mentions(conn, [_mention_row(topic_id, m) for m in fresh])
    return fresh


def _insert_mentions(conn: Connection, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.execute(topic_mentions.insert(), rows[start : start + CHUNK])


def _mentions_of(conn: Connection, fullnames: list[str]) -> dict[str, set[int]]:
    found: dict[str, set[int]] = defaultdict(set)
    for start in range(0, len(fullnames), CHUNK):
        query = select(topic_mentions.c.fullname, topic_mentions.c.topic_id).where(
            topic_mentions.c.fullname.in_(fullnames[start : start + CHUNK])
        )
        for fullname, topic_id in conn.execute(query):
            found[fullname].add(topic_id)
    return found


def _mentioned(item: Post | Comment, score: tuple[str, float] | None) -> Mentioned:
    kind = "post" if isinstance(item, Post) else "comment"
    return Mentioned(item.fullname, item.subreddit.lower(), kind, item.created_utc, score)


def _mention_row(topic_id: int, item: Mentioned) -> dict[str, Any]:
    return {
        "topic_id": topic_id,
        "fullname": item.fullname,
        "subreddit_key": item.subreddit_key,
        "created_utc": item.created_utc,
    }
