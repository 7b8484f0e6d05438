"""SqlExport: stored items for an export, a page of one kind at a time (wrap it with
Offloaded).

A page is a keyset range: the items after the last one of the page before, by
(created_utc, id), so each page walks the index on created_utc (on subreddit and
created_utc when filtered) however deep into history it starts, and memory holds one page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    Engine,
    Table,
    false,
    func,
    literal,
    or_,
    select,
    true,
)

from adapters.sql.faults import translating_faults
from adapters.sql.tables import comments, posts, sentiments, topic_mentions, topics
from domain.export import ItemKey, ItemSelection
from domain.model import Comment, Kind, Post, Removal, Sentiment

PREFIX = {Kind.POSTS: "t3_", Kind.COMMENTS: "t1_"}


@translating_faults
class SqlExport:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def items_after(
        self, kind: Kind, selection: ItemSelection, after: ItemKey | None, limit: int
    ) -> Sequence[Post | Comment]:
        table = _table(kind)
        query = (
            select(*_COLUMNS[kind], *_SENTIMENT)
            .outerjoin(sentiments, sentiments.c.fullname == literal(PREFIX[kind]) + table.c.id)
            .where(*_chosen(table, selection, after))
            .order_by(table.c.created_utc, table.c.id)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        item = _post if kind is Kind.POSTS else _comment
        return [item(*row) for row in rows]

    def count_items(self, selection: ItemSelection) -> int:
        total = 0
        with self._engine.connect() as conn:
            for kind in selection.kinds:
                table = _table(kind)
                query = select(func.count()).select_from(table).where(*_chosen(table, selection))
                total += int(conn.execute(query).scalar_one())
        return total


def _table(kind: Kind) -> Table:
    return posts if kind is Kind.POSTS else comments


def _chosen(
    table: Table, selection: ItemSelection, after: ItemKey | None = None
) -> list[ColumnElement[bool]]:
    """The selection, after `after`, as conditions."""
    created = table.c.created_utc
    conditions: list[ColumnElement[bool]] = []
    if selection.subreddit:
        conditions.append(table.c.subreddit_key == selection.subreddit.lower())
    # One lower bound on created_utc, the index range's start: given two (`since` and
    # `after`'s), SQLite starts at one of them, and every page scanned again from `since`.
    if after is not None:
        conditions += [created >= after.created_utc, _beyond(table, after)]
    elif selection.since is not None:
        conditions.append(created >= selection.since)
    if selection.until is not None:
        conditions.append(created < selection.until)
    if selection.topic_key is not None:
        prefix = PREFIX[Kind.POSTS if table is posts else Kind.COMMENTS]
        mentions = (
            select(topic_mentions.c.fullname)
            .join(topics, topics.c.id == topic_mentions.c.topic_id)
            .where(
                topics.c.name_key == selection.topic_key,
                topic_mentions.c.fullname == literal(prefix) + table.c.id,
            )
        )
        conditions.append(mentions.exists())
    return conditions


def _beyond(table: Table, after: ItemKey) -> ColumnElement[bool]:
    """After `after` in (created_utc, fullname) order, `after` being of either kind."""
    created = table.c.created_utc
    kind = Kind.POSTS if table is posts else Kind.COMMENTS
    if after.fullname.startswith(PREFIX[kind]):
        same_instant: ColumnElement[bool] = table.c.id > after.fullname[3:]
    elif kind is Kind.POSTS:  # after a comment: every post of that instant follows it
        same_instant = true()
    else:  # after a post: no comment of that instant follows it
        same_instant = false()
    return or_(created > after.created_utc, same_instant)


# By position: the general mapping by name (rows.item_of) costs as much as the query.
_COLUMNS = {
    Kind.POSTS: [
        posts.c[name]
        for name in (
            "id", "subreddit", "title", "body", "author", "score", "num_comments",
            "created_utc", "url", "permalink", "edited_utc", "removed",
        )
    ],
    Kind.COMMENTS: [
        comments.c[name]
        for name in (
            "id", "post_id", "parent_id", "subreddit", "body", "author", "score",
            "created_utc", "edited_utc", "removed",
        )
    ],
}  # fmt: skip
_SENTIMENT = [sentiments.c.compound, sentiments.c.positive, sentiments.c.neutral,
              sentiments.c.negative]  # fmt: skip


def _post(
    id_: str, subreddit: str, title: str, body: str, author: str | None, score: int,
    num_comments: int, created: datetime, url: str, permalink: str, edited: datetime | None,
    removed: str | None, *scores: float | None,
) -> Post:  # fmt: skip
    return Post(id_, subreddit, title, body, author, score, num_comments, created, url,
                permalink, edited, _sentiment(*scores), _removal(removed))  # fmt: skip


def _comment(
    id_: str, post_id: str, parent_id: str, subreddit: str, body: str, author: str | None,
    score: int, created: datetime, edited: datetime | None, removed: str | None,
    *scores: float | None,
) -> Comment:  # fmt: skip
    return Comment(id_, post_id, parent_id, subreddit, body, author, score, created, edited,
                   _sentiment(*scores), _removal(removed))  # fmt: skip


def _sentiment(*scores: float | None) -> Sentiment | None:
    compound, positive, neutral, negative = scores
    if compound is None or positive is None or neutral is None or negative is None:
        return None
    return Sentiment(compound, positive, neutral, negative)


def _removal(removed: str | None) -> Removal | None:
    return Removal(removed) if removed else None
