"""What the domain needs from the outside world; adapters provide it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from domain.model import (
    CollectionCycle,
    Comment,
    Post,
    Sentiment,
    SentimentStats,
    SubredditSummary,
)


class RedditPort(Protocol):
    async def new_posts(self, subreddit: str, limit: int) -> list[Post]:
        """The newest posts of a subreddit, newest first."""
        ...

    async def new_comments(self, subreddit: str, limit: int) -> list[Comment]:
        """The newest comments across all posts of a subreddit, newest first."""
        ...


class SentimentPort(Protocol):
    async def score_many(self, texts: Sequence[str]) -> list[Sentiment]:
        """One sentiment per text, in the same order."""
        ...


class RepositoryPort(Protocol):
    async def save_items(self, posts: Sequence[Post], comments: Sequence[Comment]) -> None:
        """Upsert posts and comments (with their sentiment) by Reddit id, all or nothing."""
        ...

    async def save_cycle(self, cycle: CollectionCycle) -> None: ...

    async def fail_unfinished_cycles(self, at: datetime, reason: str) -> int:
        """Mark cycles still 'running' (left by a process that stopped) as failed."""
        ...

    async def recent_posts(
        self, subreddit: str | None, since: datetime, limit: int
    ) -> list[Post]: ...

    async def get_post(self, post_id: str) -> Post | None: ...

    async def comments_of(self, post_id: str) -> list[Comment]: ...

    async def sentiment_stats(self, subreddit: str | None, since: datetime) -> SentimentStats: ...

    async def subreddit_summaries(self) -> list[SubredditSummary]: ...

    async def recent_cycles(self, limit: int) -> list[CollectionCycle]: ...

    async def ping(self) -> bool:
        """True when the store answers a trivial query."""
        ...
