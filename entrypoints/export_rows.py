"""Exported items as rows: the columns, and CSV or NDJSON text of a page of them."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson

from domain.model import Comment, Kind, Post

# What a data analyst reads first comes first; the long texts come last.
COLUMNS = (
    "kind", "id", "fullname", "subreddit", "created_utc", "author", "score",
    "num_comments", "post_id", "parent_id", "label", "compound", "positive", "neutral",
    "negative", "removed", "edited_utc", "url", "permalink", "title", "body",
)  # fmt: skip


def kinds_named(name: str | None) -> tuple[Kind, ...]:
    """The kinds of item a `kind` choice names (`post`, `comment`; None: both), in the
    words of the rows' `kind` column."""
    if name is None:
        return (Kind.POSTS, Kind.COMMENTS)
    return {"post": (Kind.POSTS,), "comment": (Kind.COMMENTS,)}[name]


def row_of(item: Post | Comment) -> tuple[Any, ...]:
    """An item's values in COLUMNS order; None where it has none (unscored, a comment's
    title...). A post's post_id is its own id, so a thread is the rows of one post_id."""
    s = item.sentiment
    scores = (
        (None,) * 5 if s is None else (s.label.value, s.compound, s.positive, s.neutral, s.negative)
    )
    removed = item.removed.value if item.removed else None
    created, edited = _utc(item.created_utc), _utc(item.edited_utc)
    if isinstance(item, Post):
        return ("post", item.id, item.fullname, item.subreddit, created, item.author, item.score,
                item.num_comments, item.id, None, *scores, removed, edited, item.url,
                item.permalink, item.title, item.body)  # fmt: skip
    permalink = f"/r/{item.subreddit}/comments/{item.post_id}/_/{item.id}/"
    return ("comment", item.id, item.fullname, item.subreddit, created, item.author, item.score,
            None, item.post_id, item.parent_id, *scores, removed, edited, None, permalink,
            None, item.body)  # fmt: skip


def _utc(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, as the API writes times."""
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def csv_header() -> bytes:
    return _csv([COLUMNS])


def csv_rows(items: Sequence[Post | Comment]) -> bytes:
    """RFC 4180: fields with commas, quotes or line breaks quoted, quotes doubled; UTF-8.
    None is an empty field."""
    return _csv([row_of(item) for item in items])


def _csv(rows: Sequence[Sequence[Any]]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode()


def ndjson_rows(items: Sequence[Post | Comment]) -> bytes:
    """One JSON object per line, the CSV's columns as keys; null where CSV has nothing."""
    return b"".join(orjson.dumps(dict(zip(COLUMNS, row_of(i), strict=True))) + b"\n" for i in items)
