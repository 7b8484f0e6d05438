"""Domain objects to table rows and back."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Row

from domain.model import (
    CollectionCycle,
    Comment,
    CycleStatus,
    Gap,
    Kind,
    Post,
    Removal,
    Sentiment,
    SubredditFailure,
)

Item = TypeVar("Item", Post, Comment)


def item_row(item: Post | Comment, now: datetime, next_refresh: datetime | None) -> dict[str, Any]:
    """A post or comment as a row of its table: its own fields, minus its sentiment."""
    row = {name: getattr(item, name) for name in _item_fields(type(item))}
    row["removed"] = item.removed.value if item.removed else None
    row["subreddit_key"] = item.subreddit.lower()
    row["first_collected_at"] = row["last_collected_at"] = now
    row["next_refresh_at"] = next_refresh
    return row


def sentiment_row(fullname: str, sentiment: Sentiment, now: datetime) -> dict[str, Any]:
    return {
        "fullname": fullname,
        "compound": sentiment.compound,
        "positive": sentiment.positive,
        "neutral": sentiment.neutral,
        "negative": sentiment.negative,
        "label": sentiment.label.value,
        "scored_at": now,
    }


def cycle_row(cycle: CollectionCycle) -> dict[str, Any]:
    return {
        "id": cycle.id,
        "trigger": cycle.trigger,
        "status": cycle.status.value,
        "started_at": cycle.started_at,
        "finished_at": cycle.finished_at,
        "subreddits": list(cycle.subreddits),
        "posts_collected": cycle.posts_collected,
        "comments_collected": cycle.comments_collected,
        "failures": [{"subreddit": f.subreddit, "error": f.error} for f in cycle.failures],
        "gaps": [
            {
                "kind": g.kind.value,
                "subreddits": g.subreddits,
                "start": g.start.isoformat(),
                "end": g.end.isoformat(),
            }
            for g in cycle.gaps
        ],
        "requests_made": cycle.requests_made,
        "budget_remaining": cycle.budget_remaining,
        "items_refreshed": cycle.items_refreshed,
    }


def sentiment_of(row: Row[Any]) -> Sentiment | None:
    if row.compound is None:
        return None
    return Sentiment(row.compound, row.positive, row.neutral, row.negative)


def item_of(kind: type[Item], row: Row[Any]) -> Item:
    values = {name: getattr(row, name) for name in _item_fields(kind)}
    values["removed"] = Removal(row.removed) if row.removed else None
    return kind(**values, sentiment=sentiment_of(row))


def _item_fields(kind: type[Post | Comment]) -> list[str]:
    return _FIELDS[kind]


# Columns of each kind's own fields (computed once: dataclasses.fields is slow per row).
_FIELDS: dict[type[Post | Comment], list[str]] = {
    kind: [f.name for f in dataclasses.fields(kind) if f.name not in ("sentiment", "removed")]
    for kind in (Post, Comment)
}


def cycle_of(row: Row[Any]) -> CollectionCycle:
    return CollectionCycle(
        id=row.id,
        trigger=row.trigger,
        started_at=row.started_at,
        status=CycleStatus(row.status),
        finished_at=row.finished_at,
        subreddits=list(row.subreddits),
        posts_collected=row.posts_collected,
        comments_collected=row.comments_collected,
        failures=[SubredditFailure(f["subreddit"], f["error"]) for f in row.failures],
        gaps=[
            Gap(
                Kind(g["kind"]),
                g["subreddits"],
                datetime.fromisoformat(g["start"]),
                datetime.fromisoformat(g["end"]),
            )
            for g in row.gaps or []
        ],
        requests_made=row.requests_made or 0,
        budget_remaining=row.budget_remaining,
        items_refreshed=row.items_refreshed or 0,
    )
