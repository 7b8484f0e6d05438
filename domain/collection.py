"""One collection cycle: per subreddit fetch, score, save; a failing subreddit never sinks it."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from domain.model import CollectionCycle, Comment, Post, Sentiment
from domain.ports import RedditPort, RepositoryPort, SentimentPort

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


def describe(exc: BaseException) -> str:
    """A one-line account of an error, safe to store and show (no traceback)."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class CycleService:
    def __init__(
        self,
        reddit: RedditPort,
        sentiment: SentimentPort,
        repository: RepositoryPort,
        fetch_limit: int = 100,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._reddit = reddit
        self._sentiment = sentiment
        self._repository = repository
        self._fetch_limit = fetch_limit
        self._clock = clock

    async def run(self, cycle: CollectionCycle) -> CollectionCycle:
        await self._repository.save_cycle(cycle)
        for subreddit in cycle.subreddits:
            try:
                posts, comments = await self._collect(subreddit)
            except Exception as exc:  # catch-log-continue: one subreddit never sinks a cycle
                log.warning("cycle %s: r/%s failed: %s", cycle.id, subreddit, describe(exc))
                cycle.record_failure(subreddit, describe(exc))
            else:
                cycle.record_success(posts, comments)
        cycle.finish(self._clock())
        await self._repository.save_cycle(cycle)
        log.info(
            "cycle %s %s: %d posts, %d comments, %d failures",
            cycle.id,
            cycle.status,
            cycle.posts_collected,
            cycle.comments_collected,
            len(cycle.failures),
        )
        return cycle

    async def _collect(self, subreddit: str) -> tuple[int, int]:
        posts = await self._reddit.new_posts(subreddit, self._fetch_limit)
        comments = await self._reddit.new_comments(subreddit, self._fetch_limit)
        # One scoring call per subreddit: each call may cross a process boundary.
        sentiments = await self._score([*posts, *comments])
        post_scores, comment_scores = sentiments[: len(posts)], sentiments[len(posts) :]
        scored_posts = [
            dataclasses.replace(p, sentiment=s) for p, s in zip(posts, post_scores, strict=True)
        ]
        scored_comments = [
            dataclasses.replace(c, sentiment=s)
            for c, s in zip(comments, comment_scores, strict=True)
        ]
        await self._repository.save_items(scored_posts, scored_comments)
        return len(posts), len(comments)

    async def _score(self, items: Sequence[Post | Comment]) -> list[Sentiment]:
        if not items:
            return []
        return await self._sentiment.score_many([item.text for item in items])
