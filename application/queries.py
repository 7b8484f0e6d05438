"""Read models for the API: what was collected, scored and recorded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from application.health import HealthState
from domain.collection import utcnow
from domain.engagement import PostGrowth
from domain.errors import StoreUnavailable
from domain.lease import COLLECTOR
from domain.model import (
    CollectionCycle,
    Comment,
    CommentKey,
    Post,
    SentimentStats,
    StoreState,
    SubredditSummary,
)
from domain.ports import HealthPort, ReadModelPort


@dataclass(frozen=True, slots=True)
class PostWithComments:
    post: Post
    comments: list[Comment]  # one page, oldest first
    next: CommentKey | None  # where the next page starts; None on the last page


class Queries:
    """`health` is a port of its own so the answer never waits behind slow reads."""

    def __init__(
        self, reads: ReadModelPort, health: HealthPort, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._repository = reads
        self._health = health
        self._clock = clock

    def _since(self, hours: int) -> datetime:
        return self._clock() - timedelta(hours=hours)

    async def recent_posts(self, subreddit: str | None, hours: int, limit: int) -> list[Post]:
        return await self._repository.recent_posts(subreddit, self._since(hours), limit)

    async def top_posts(self, subreddit: str | None, hours: int, limit: int) -> list[PostGrowth]:
        """Posts created in the last `hours`, fastest growing first (domain.engagement)."""
        return await self._repository.top_posts(subreddit, self._since(hours), limit)

    async def post_with_comments(
        self, post_id: str, after: CommentKey | None = None, limit: int = 200
    ) -> PostWithComments | None:
        post = await self._repository.get_post(post_id)
        if post is None:
            return None
        page = await self._repository.comments_of(post_id, after, limit + 1)
        more = len(page) > limit
        last = page[limit - 1] if more else None
        return PostWithComments(
            post, page[:limit], CommentKey(last.created_utc, last.id) if last else None
        )

    async def sentiment_stats(self, subreddit: str | None, hours: int) -> SentimentStats:
        return await self._repository.sentiment_stats(subreddit, self._since(hours))

    async def subreddits(self) -> list[SubredditSummary]:
        return await self._repository.subreddit_summaries()

    async def cycles(self, limit: int) -> list[CollectionCycle]:
        return await self._repository.recent_cycles(limit)

    async def health(self) -> HealthState:
        state = await self._health.state()
        if not state.readable:
            return HealthState(state, None, None)
        try:
            cycles = await self._health.recent_cycles(1)
            last_success = await self._health.last_success_at()
            collector = await self._health.lease(COLLECTOR)
        except StoreUnavailable as exc:
            return HealthState(StoreState(False, False, str(exc)), None, None)
        return HealthState(state, cycles[0] if cycles else None, last_success, collector)
