"""Tracked topics in SQL: the topics themselves, matching them against stored history, and
what the API reads of them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Row, delete, func, literal, select, update

from adapters.sql.aggregates import LABELS, take_write_turn
from adapters.sql.reads import SqlReads, aware
from adapters.sql.rows import item_of
from adapters.sql.tables import (
    comments,
    posts,
    sentiment_hours,
    sentiments,
    subreddits,
    topic_hours,
    topic_mentions,
    topics,
)
from adapters.sql.topic_counts import Deltas, Mentioned, insert_new_mentions
from domain.model import Comment, Post, post_text
from domain.series import Counts, HourCounts
from domain.topics import Topic, TopicMatcher, TopicState

KINDS = (("post", posts, "t3_"), ("comment", comments, "t1_"))


class SqlTopics:
    _engine: Engine
    _clock: Callable[[], datetime]

    # --- the topics ---------------------------------------------------------------------

    def put_topic(self, topic: Topic) -> bool:
        """Create it (True) or replace its aliases (False). New aliases restart the
        matching of history: the topic's counts start again from nothing."""
        now = self._clock()
        with self._engine.begin() as conn:
            take_write_turn(conn)
            row = conn.execute(select(topics).where(topics.c.name_key == topic.key)).first()
            if row is None:
                conn.execute(
                    topics.insert().values(
                        name=topic.name, name_key=topic.key, aliases=list(topic.aliases),
                        version=1, matched_version=0, match_position=None, items_matched=0,
                        created_at=now, updated_at=now,
                    )
                )  # fmt: skip
                return True
            changes: dict[str, Any] = {
                "name": topic.name, "aliases": list(topic.aliases), "updated_at": now
            }  # fmt: skip
            if _matching_terms(Topic(row.name, tuple(row.aliases))) != _matching_terms(topic):
                changes |= {"version": row.version + 1, "match_position": None, "items_matched": 0}
                _forget_counts(conn, row.id)
            conn.execute(update(topics).where(topics.c.id == row.id).values(changes))
            return False

    def delete_topic(self, key: str) -> bool:
        with self._engine.begin() as conn:
            take_write_turn(conn)
            found = conn.execute(select(topics.c.id).where(topics.c.name_key == key)).first()
            if found is None:
                return False
            _forget_counts(conn, found.id)
            conn.execute(delete(topics).where(topics.c.id == found.id))
            return True

    def topics(self) -> list[Topic]:
        query = select(topics.c.name, topics.c.aliases).order_by(topics.c.name_key)
        with self._engine.connect() as conn:
            return [Topic(name, tuple(aliases)) for name, aliases in conn.execute(query)]

    def topics_to_match(self) -> int:
        query = select(func.count()).where(topics.c.matched_version < topics.c.version)
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    # --- matching history ---------------------------------------------------------------

    def match_history(self, limit: int) -> bool:
        """Match up to `limit` stored items (posts, then comments, by id) against the first
        topic whose history is not matched yet. False when every topic's is."""
        with self._engine.begin() as conn:
            take_write_turn(conn)
            row = conn.execute(
                select(topics)
                .where(topics.c.matched_version < topics.c.version)
                .order_by(topics.c.id)
                .limit(1)
            ).first()
            if row is None:
                return False
            kind, _, after = (row.match_position or "post:").partition(":")
            batch = _items_after(conn, kind, after, limit)
            matcher = TopicMatcher([Topic(row.name, tuple(row.aliases))])
            found = [m for m, text in batch if matcher.topics_in(text)]
            deltas = Deltas()
            for mentioned in insert_new_mentions(conn, row.id, found):
                deltas.add(row.id, mentioned, +1)
            deltas.write(conn)
            changes: dict[str, Any] = {"items_matched": row.items_matched + len(batch)}
            if len(batch) == limit:
                changes["match_position"] = f"{kind}:{batch[-1][0].fullname[3:]}"
            elif kind == "post":
                changes["match_position"] = "comment:"
            else:
                changes |= {"matched_version": row.version, "match_position": None}
            conn.execute(update(topics).where(topics.c.id == row.id).values(changes))
            return True

    # --- reads --------------------------------------------------------------------------

    def topic_states(self, since: datetime) -> list[TopicState]:
        """Every topic with its counts from `since` (an hour) on, and its matching."""
        hours = topic_hours.c
        counted = (
            select(hours.topic_id, hours.kind, *_count_columns(hours))
            .where(hours.hour >= since)
            .group_by(hours.topic_id, hours.kind)
        )
        with self._engine.connect() as conn:
            history = conn.execute(
                select(func.coalesce(func.sum(subreddits.c.posts + subreddits.c.comments), 0))
            ).scalar_one()
            counts: dict[int, Counts] = {}
            for row in conn.execute(counted):
                counts.setdefault(row.topic_id, Counts()).add(_counts(row, row.kind))
            found = conn.execute(select(topics).order_by(topics.c.name_key))
            return [_state(row, counts.get(row.id, Counts()), int(history)) for row in found]

    def topic_mentions(self, key: str, limit: int) -> list[Post | Comment]:
        """The latest items mentioning the topic, newest first."""
        with self._engine.connect() as conn:
            found = conn.execute(select(topics.c.id).where(topics.c.name_key == key)).first()
            if found is None:
                return []
            latest = conn.execute(
                select(topic_mentions.c.fullname)
                .where(topic_mentions.c.topic_id == found.id)
                .order_by(topic_mentions.c.created_utc.desc(), topic_mentions.c.fullname.desc())
                .limit(limit)
            ).scalars()
            names = list(latest)
            items: dict[str, Post | Comment] = {}
            for kind, table, prefix in KINDS:
                ids = [n[3:] for n in names if n.startswith(prefix)]
                query = (
                    select(table, *SqlReads._sentiment_columns())
                    .outerjoin(sentiments, sentiments.c.fullname == literal(prefix) + table.c.id)
                    .where(table.c.id.in_(ids))
                )
                for row in conn.execute(query):
                    item: Post | Comment = (
                        item_of(Post, row) if kind == "post" else item_of(Comment, row)
                    )
                    items[prefix + row.id] = item
            return [items[name] for name in names if name in items]  # pruned ones are gone

    def hourly_counts(
        self, subreddit: str | None, topic_key: str | None, since: datetime
    ) -> list[HourCounts] | None:
        """Counts per hour from `since` on, of a subreddit (or all), of a topic's mentions
        (or all items); None for a topic that does not exist."""
        table = sentiment_hours
        query = select(table.c.hour, table.c.kind, *_count_columns(table.c))
        with self._engine.connect() as conn:
            if topic_key is not None:
                topic_id = conn.execute(
                    select(topics.c.id).where(topics.c.name_key == topic_key)
                ).scalar()
                if topic_id is None:
                    return None
                table = topic_hours
                query = select(table.c.hour, table.c.kind, *_count_columns(table.c)).where(
                    table.c.topic_id == topic_id
                )
            query = query.where(table.c.hour >= since).group_by(table.c.hour, table.c.kind)
            if subreddit:
                query = query.where(table.c.subreddit_key == subreddit.lower())
            merged: dict[datetime, Counts] = {}
            for row in conn.execute(query):
                merged.setdefault(aware(row.hour), Counts()).add(_counts(row, row.kind))
            return [HourCounts(hour, counts) for hour, counts in sorted(merged.items())]


def _matching_terms(topic: Topic) -> set[str]:
    return {" ".join(term.casefold().split()) for term in topic.terms}


def _forget_counts(conn: Any, topic_id: int) -> None:
    conn.execute(delete(topic_mentions).where(topic_mentions.c.topic_id == topic_id))
    conn.execute(delete(topic_hours).where(topic_hours.c.topic_id == topic_id))


def _items_after(conn: Any, kind: str, after: str, limit: int) -> list[tuple[Mentioned, str]]:
    """The next stored items of a kind by id, each with what topics are matched in."""
    _, table, prefix = next(k for k in KINDS if k[0] == kind)
    text_columns = (table.c.title, table.c.body) if kind == "post" else (table.c.body,)
    query = (
        select(
            table.c.id, table.c.subreddit_key, table.c.created_utc, *text_columns,
            sentiments.c.label, sentiments.c.compound,
        )
        .outerjoin(sentiments, sentiments.c.fullname == literal(prefix) + table.c.id)
        .where(table.c.id > after)
        .order_by(table.c.id)
        .limit(limit)
    )  # fmt: skip
    batch = []
    for row in conn.execute(query):
        text = post_text(row.title, row.body) if kind == "post" else row.body
        score = (row.label, row.compound) if row.label is not None else None
        mentioned = Mentioned(
            prefix + row.id, row.subreddit_key, kind, aware(row.created_utc), score
        )
        batch.append((mentioned, text))
    return batch


def _count_columns(columns: Any) -> list[Any]:
    return [
        func.sum(columns.item_count).label("item_count"),
        *(func.sum(columns[label]).label(label) for label in LABELS),
        func.sum(columns.compound_sum).label("compound_sum"),
    ]


def _counts(row: Row[Any], kind: str) -> Counts:
    items = int(row.item_count or 0)
    return Counts(
        posts=items if kind == "post" else 0,
        comments=items if kind == "comment" else 0,
        positive=int(row.positive or 0),
        neutral=int(row.neutral or 0),
        negative=int(row.negative or 0),
        compound_sum=float(row.compound_sum or 0.0),
    )


def _state(row: Row[Any], counts: Counts, history: int) -> TopicState:
    done = row.matched_version >= row.version
    return TopicState(
        topic=Topic(row.name, tuple(row.aliases)),
        counts=counts,
        matching_done=done,
        progress=1.0 if done else min(row.items_matched / history, 0.99) if history else 0.0,
    )
