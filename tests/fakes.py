"""Hand-written fakes of the domain ports, for unit tests."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from domain.errors import RedditError
from domain.model import (
    CollectionCycle,
    Comment,
    CycleStatus,
    Post,
    Sentiment,
    SentimentStats,
    SubredditSummary,
)

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
_ids = itertools.count(1)


def make_post(subreddit: str = "python", title: str = "a post", **fields: object) -> Post:
    n = next(_ids)
    values: dict[str, object] = {
        "id": f"p{n}",
        "subreddit": subreddit,
        "title": title,
        "body": "",
        "author": f"user{n}",
        "score": 1,
        "num_comments": 0,
        "created_utc": T0 + timedelta(minutes=n),
        "url": f"https://example.invalid/p{n}",
        "permalink": f"/r/{subreddit}/comments/p{n}/",
    }
    values.update(fields)
    return Post(**values)  # type: ignore[arg-type]


def make_comment(post: Post, body: str = "a comment", **fields: object) -> Comment:
    n = next(_ids)
    values: dict[str, object] = {
        "id": f"c{n}",
        "post_id": post.id,
        "parent_id": post.fullname,
        "subreddit": post.subreddit,
        "body": body,
        "author": f"user{n}",
        "score": 1,
        "created_utc": post.created_utc + timedelta(seconds=n),
    }
    values.update(fields)
    return Comment(**values)  # type: ignore[arg-type]


class FakeReddit:
    """Serves what a test put in it; subreddits in `failing` raise like a broken Reddit."""

    def __init__(self) -> None:
        self.posts: dict[str, list[Post]] = {}
        self.comments: dict[str, list[Comment]] = {}
        self.failing: set[str] = set()
        self.calls: list[tuple[str, str]] = []
        self.release: asyncio.Event | None = None  # set by a test to hold calls open

    async def new_posts(self, subreddit: str, limit: int) -> list[Post]:
        await self._call("posts", subreddit)
        return sorted(self.posts.get(subreddit, []), key=lambda p: p.created_utc, reverse=True)[
            :limit
        ]

    async def new_comments(self, subreddit: str, limit: int) -> list[Comment]:
        await self._call("comments", subreddit)
        items = self.comments.get(subreddit, [])
        return sorted(items, key=lambda c: c.created_utc, reverse=True)[:limit]

    async def _call(self, what: str, subreddit: str) -> None:
        self.calls.append((what, subreddit))
        if self.release is not None:
            await self.release.wait()
        if subreddit in self.failing:
            raise RedditError(f"r/{subreddit}: HTTP 503 service unavailable")


class FakeSentiment:
    """Positive if the text says 'good', negative if it says 'bad', else neutral."""

    def __init__(self) -> None:
        self.calls = 0

    async def score_many(self, texts: Sequence[str]) -> list[Sentiment]:
        self.calls += 1
        return [self.score(t) for t in texts]

    @staticmethod
    def score(text: str) -> Sentiment:
        if "good" in text:
            return Sentiment(0.5, 0.5, 0.5, 0.0)
        if "bad" in text:
            return Sentiment(-0.5, 0.0, 0.5, 0.5)
        return Sentiment(0.0, 0.0, 1.0, 0.0)


class FakeRepository:
    """Dicts keyed by id, so saving twice keeps one copy, as the real store's upsert does."""

    def __init__(self) -> None:
        self.posts: dict[str, Post] = {}
        self.comments: dict[str, Comment] = {}
        self.cycles: dict[str, CollectionCycle] = {}
        self.saved_statuses: list[CycleStatus] = []
        self.fail_saves = False

    async def save_items(self, posts: Sequence[Post], comments: Sequence[Comment]) -> None:
        if self.fail_saves:
            raise OSError("disk full")
        self.posts.update((p.id, p) for p in posts)
        self.comments.update((c.id, c) for c in comments)

    async def save_cycle(self, cycle: CollectionCycle) -> None:
        self.saved_statuses.append(cycle.status)
        self.cycles[cycle.id] = cycle

    async def fail_unfinished_cycles(self, at: datetime, reason: str) -> int:
        running = [c for c in self.cycles.values() if c.status is CycleStatus.RUNNING]
        for cycle in running:
            cycle.abort(at, reason)
        return len(running)

    async def recent_posts(self, subreddit: str | None, since: datetime, limit: int) -> list[Post]:
        found = [
            p
            for p in self.posts.values()
            if p.created_utc >= since and subreddit in (None, p.subreddit)
        ]
        return sorted(found, key=lambda p: p.created_utc, reverse=True)[:limit]

    async def get_post(self, post_id: str) -> Post | None:
        return self.posts.get(post_id)

    async def comments_of(self, post_id: str) -> list[Comment]:
        return sorted(
            (c for c in self.comments.values() if c.post_id == post_id),
            key=lambda c: c.created_utc,
        )

    async def sentiment_stats(self, subreddit: str | None, since: datetime) -> SentimentStats:
        raise NotImplementedError("not needed by the unit tests")

    async def subreddit_summaries(self) -> list[SubredditSummary]:
        raise NotImplementedError("not needed by the unit tests")

    async def recent_cycles(self, limit: int) -> list[CollectionCycle]:
        ordered = sorted(self.cycles.values(), key=lambda c: c.started_at, reverse=True)
        return ordered[:limit]

    async def ping(self) -> bool:
        return True
