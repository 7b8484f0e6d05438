"""Domain objects to table rows and back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row

from domain.model import (
    CollectionCycle,
    Comment,
    CycleStatus,
    Post,
    Sentiment,
    SubredditFailure,
)


def post_row(post: Post, now: datetime) -> dict[str, Any]:
    return {
        "id": post.id,
        "subreddit": post.subreddit,
        "subreddit_key": post.subreddit.lower(),
        "title": post.title,
        "body": post.body,
        "author": post.author,
        "score": post.score,
        "num_comments": post.num_comments,
        "created_utc": post.created_utc,
        "edited_utc": post.edited_utc,
        "url": post.url,
        "permalink": post.permalink,
        "first_collected_at": now,
        "last_collected_at": now,
    }


def comment_row(comment: Comment, now: datetime) -> dict[str, Any]:
    return {
        "id": comment.id,
        "post_id": comment.post_id,
        "parent_id": comment.parent_id,
        "subreddit": comment.subreddit,
        "subreddit_key": comment.subreddit.lower(),
        "body": comment.body,
        "author": comment.author,
        "score": comment.score,
        "created_utc": comment.created_utc,
        "edited_utc": comment.edited_utc,
        "first_collected_at": now,
        "last_collected_at": now,
    }


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
    }


def sentiment_of(row: Row[Any]) -> Sentiment | None:
    if row.compound is None:
        return None
    return Sentiment(row.compound, row.positive, row.neutral, row.negative)


def post_of(row: Row[Any]) -> Post:
    return Post(
        id=row.id,
        subreddit=row.subreddit,
        title=row.title,
        body=row.body,
        author=row.author,
        score=row.score,
        num_comments=row.num_comments,
        created_utc=row.created_utc,
        url=row.url,
        permalink=row.permalink,
        edited_utc=row.edited_utc,
        sentiment=sentiment_of(row),
    )


def comment_of(row: Row[Any]) -> Comment:
    return Comment(
        id=row.id,
        post_id=row.post_id,
        parent_id=row.parent_id,
        subreddit=row.subreddit,
        body=row.body,
        author=row.author,
        score=row.score,
        created_utc=row.created_utc,
        edited_utc=row.edited_utc,
        sentiment=sentiment_of(row),
    )


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
    )
