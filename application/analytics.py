"""Analytics use cases: sentiment over time, tracked topics and matching their history."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from application.job_failures import JobFailures
from domain.collection import utcnow
from domain.model import Comment, Post
from domain.ports import AnalyticsReadPort, TopicBacklogPort, TopicMatchingPort, TopicsPort
from domain.series import Bucket, Point, first_hour, series
from domain.topics import Topic, TopicState

log = logging.getLogger(__name__)

MATCH_SLICE = 2000  # stored items matched per transaction: short turns for other writers


class UnknownTopic(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no topic named {name!r}")


@dataclass(frozen=True, slots=True)
class TopicDetail:
    state: TopicState
    recent: list[Post | Comment]


class Analytics:
    def __init__(
        self,
        reads: AnalyticsReadPort,
        topics: TopicsPort,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._reads = reads
        self._topics = topics
        self._clock = clock

    async def timeseries(
        self, subreddit: str | None, topic: str | None, hours: int, bucket: Bucket
    ) -> list[Point]:
        now = self._clock()
        since = bucket.start_of(first_hour(now, hours))
        key = None if topic is None else Topic.of(topic, ()).key
        rows = await self._reads.hourly_counts(subreddit, key, since)
        if rows is None:
            raise UnknownTopic(topic or "")
        return series(rows, now, hours, bucket)

    async def topics(self, hours: int) -> list[TopicState]:
        return await self._reads.topic_states(first_hour(self._clock(), hours))

    async def topic(self, name: str, hours: int, recent: int) -> TopicDetail:
        key = Topic.of(name, ()).key
        found = [s for s in await self.topics(hours) if s.topic.key == key]
        if not found:
            raise UnknownTopic(name)
        return TopicDetail(found[0], await self._reads.topic_mentions(key, recent))

    async def put_topic(self, name: str, aliases: Sequence[str]) -> tuple[Topic, bool]:
        """The topic as stored, and whether it is new; raises InvalidTopic."""
        topic = Topic.of(name, aliases)
        return topic, await self._topics.put_topic(topic)

    async def delete_topic(self, name: str) -> None:
        if not await self._topics.delete_topic(Topic.of(name, ()).key):
            raise UnknownTopic(name)


class TopicMatching:
    """Matches stored history against new and changed topics, a slice at a time, until
    none is left; run by whichever process collects."""

    def __init__(
        self,
        port: TopicMatchingPort,
        topics: TopicBacklogPort | None = None,
        slice_items: int = MATCH_SLICE,
    ) -> None:
        self._port = port
        self._topics = topics  # asked first, so that nothing is sent to `port` in vain
        self._slice = slice_items
        self._lock = asyncio.Lock()
        self._failures = JobFailures(log, "topic matching of stored history stopped")

    async def run(self) -> int:
        """Slices matched (0 when nothing was waiting). A failure is logged, once until
        matching works again (it runs every few seconds), and never raised."""
        if self._lock.locked():
            return 0
        async with self._lock:
            slices = 0
            try:
                if self._topics is not None and not await self._topics.topics_to_match():
                    self._failures.worked()
                    return 0
                while await self._port.match_history(self._slice):
                    slices += 1
                    await asyncio.sleep(0)  # let a collection cycle in between
            except Exception as exc:
                self._failures.failed(exc)
                return slices
            self._failures.worked()
            if slices:
                log.info("topic matching of stored history: %d slice(s) done", slices)
            return slices
