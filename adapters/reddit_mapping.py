"""Reddit's JSON for posts (t3) and comments (t1) as domain Posts and Comments."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from domain.model import Comment, Post, Removal

DELETED = "[deleted]"
# What Reddit puts in place of the text of an item that is gone; the author's name goes
# too when the author deleted it (and, for comments, when moderators removed it).
TEXT_MARKERS = {DELETED: Removal.DELETED, "[removed]": Removal.REMOVED}


def post_from_data(data: Mapping[str, Any]) -> Post:
    return Post(
        id=data["id"],
        subreddit=_name(data["subreddit"]) or "",
        title=data.get("title") or "",
        body=data.get("selftext") or "",
        author=_name(data.get("author")),
        score=int(data.get("score") or 0),
        num_comments=int(data.get("num_comments") or 0),
        created_utc=_utc(data["created_utc"]),
        url=data.get("url") or "",
        permalink=data.get("permalink") or "",
        edited_utc=_edited(data.get("edited")),
        removed=_removal(data.get("selftext"), data.get("removed_by_category")),
    )


def comment_from_data(data: Mapping[str, Any]) -> Comment:
    return Comment(
        id=data["id"],
        post_id=data["link_id"].removeprefix("t3_"),
        parent_id=data["parent_id"],
        subreddit=_name(data["subreddit"]) or "",
        body=data.get("body") or "",
        author=_name(data.get("author")),
        score=int(data.get("score") or 0),
        created_utc=_utc(data["created_utc"]),
        edited_utc=_edited(data.get("edited")),
        removed=_removal(data.get("body"), data.get("removed_by_category")),
    )


def post_from_praw(submission: object) -> Post:
    """Read PRAW's attribute dict: attribute access would fetch anything missing, lazily."""
    return post_from_data(vars(submission))


def comment_from_praw(comment: object) -> Comment:
    return comment_from_data(vars(comment))


def _name(value: object) -> str | None:
    """A name from Reddit's string, or from the Redditor/Subreddit PRAW put in its place.

    PRAW turns "[deleted]" authors into None; str() of its objects is the name it already
    holds, so no request is made.
    """
    if value is None:
        return None
    name = str(value)
    return None if name in ("", DELETED) else name


def _removal(text: object, category: object) -> Removal | None:
    """Whether Reddit shows the item as gone, and why; the text is mapped as sent anyway.

    The text marker is what the samples carry. Newer responses also say why a post went
    in `removed_by_category` ("deleted" by its author, "moderator", "reddit", ...): the
    only sign for a link post, whose body is empty either way.
    """
    if isinstance(text, str) and text in TEXT_MARKERS:
        return TEXT_MARKERS[text]
    if not category:
        return None
    return Removal.DELETED if category == "deleted" else Removal.REMOVED


def _utc(timestamp: float | int | str) -> datetime:
    return datetime.fromtimestamp(float(timestamp), tz=UTC)


def _edited(value: bool | float | str | None) -> datetime | None:
    # Reddit sends false, a timestamp, or (on very old things) true with no time.
    if value is None or isinstance(value, bool):
        return None
    return _utc(value)
