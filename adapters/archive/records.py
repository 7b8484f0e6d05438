"""One dump line as an archived post or comment, or the reason it is not one.

Dumps hold the objects Reddit's API returned, so the live collector's mapping reads them;
what differs is checked here: the kind comes from the content, old files carry numbers as
strings, and nothing in a line can be trusted to fit the database.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import orjson

from adapters.reddit_mapping import comment_from_data, post_from_data
from domain.archive import ArchivedItem, ArchiveSelection
from domain.model import Comment, Post

# What PostgreSQL takes in an INTEGER column.
INT_RANGE = range(-(2**31), 2**31)


class Skipped(enum.Enum):
    OTHER_SUBREDDIT = "other subreddit"
    OUT_OF_RANGE = "out of the time range"
    BLANK = "blank line"


def read_line(line: bytes, selection: ArchiveSelection) -> ArchivedItem | Skipped | str:
    """The item a line holds, why it is skipped, or (a string) why it is bad."""
    if not line.strip():
        return Skipped.BLANK
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:
        return "not JSON (a broken or cut-short line?)"
    if not isinstance(data, dict):
        return "not a JSON object"
    subreddit = data.get("subreddit")
    if not isinstance(subreddit, str) or not subreddit:
        return "no subreddit"
    if not selection.wants_subreddit(subreddit):
        return Skipped.OTHER_SUBREDDIT
    try:
        item = _item(data)
        if isinstance(item, str):
            return item
        retrieved = _retrieved(data, item.created_utc)
    except KeyError as exc:
        return f"missing field {exc}"
    except (TypeError, ValueError, AttributeError, OverflowError, OSError) as exc:
        return f"bad value: {type(exc).__name__}: {exc}"
    if not selection.wants_time(item.created_utc):
        return Skipped.OUT_OF_RANGE
    return ArchivedItem(item, retrieved)


def _item(data: dict[str, Any]) -> Post | Comment | str:
    kind = _kind(data)
    if kind is None:
        return "neither a post nor a comment (no title, no body and link_id)"
    if not isinstance(data.get("id"), str):
        raise KeyError("id")
    item: Post | Comment = post_from_data(data) if kind is Post else comment_from_data(data)
    return _misfit(item) or _clean(item)


def _kind(data: Mapping[str, Any]) -> type[Post] | type[Comment] | None:
    name = data.get("name")
    if isinstance(name, str) and name[:3] in ("t1_", "t3_"):
        return Comment if name.startswith("t1_") else Post
    if "link_id" in data and "body" in data:
        return Comment
    return Post if "title" in data else None


def _misfit(item: Post | Comment) -> str | None:
    """Why the item would not fit the store's columns, if it would not."""
    sizes = [("id", item.id, 16), ("subreddit", item.subreddit, 64)]
    sizes.append(("author", item.author or "", 64))
    if isinstance(item, Comment):
        sizes += [("link_id", item.post_id, 16), ("parent_id", item.parent_id, 20)]
    for name, value, width in sizes:
        if len(value) > width:
            return f"{name} longer than {width} characters"
    if not item.id:
        return "empty id"
    if item.score not in INT_RANGE or (
        isinstance(item, Post) and item.num_comments not in INT_RANGE
    ):
        return "score or num_comments out of range"
    return None


def _clean(item: Post | Comment) -> Post | Comment:
    """PostgreSQL text cannot hold NUL characters; a dump's text may."""
    if isinstance(item, Post) and "\x00" in item.title + item.body:
        return replace(
            item, title=item.title.replace("\x00", ""), body=item.body.replace("\x00", "")
        )
    if isinstance(item, Comment) and "\x00" in item.body:
        return replace(item, body=item.body.replace("\x00", ""))
    return item


def _retrieved(data: Mapping[str, Any], created: datetime) -> datetime:
    """When the archive last read the item: its newest retrieval time, else its creation."""
    meta = data.get("_meta")
    times = [data.get("retrieved_on"), data.get("retrieved_utc")]
    if isinstance(meta, dict):
        times.append(meta.get("retrieved_2nd_on"))
    seconds = [float(t) for t in times if isinstance(t, (int, float, str)) and _number(t)]
    if not seconds:
        return created
    return max(created, datetime.fromtimestamp(max(seconds), tz=UTC))


def _number(value: object) -> bool:
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return not isinstance(value, bool)
