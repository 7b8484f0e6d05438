"""Prune what retention no longer keeps, a batch per transaction, daily or on demand;
and, daily whatever RETENTION_DAYS says, the term counts trending no longer reads.

Between batches the use case pauses, so other writers (a collection cycle, an import)
get their turn and the API's reads their threads: pruning a year of history is many small
transactions, never one long one. A stop (Ctrl-C) lands between two batches.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from domain.collection import utcnow
from domain.errors import StoreUnavailable
from domain.ports import PrunePort, TermPrunePort
from domain.retention import PruneCounts, RetentionPolicy
from domain.term_hours import counted_since

log = logging.getLogger(__name__)

BATCH = 1000  # items per transaction: a few tens of milliseconds of writing
PAUSE_S = 0.05  # between batches: other writers' turn


@dataclass(frozen=True, slots=True)
class Pruned:
    cutoff: datetime  # items created before this were deleted (or would be)
    counts: PruneCounts
    finished: bool = True  # False: stopped before the last batch


class Retention:
    def __init__(
        self,
        store: PrunePort,
        policy: RetentionPolicy,
        clock: Callable[[], datetime] = utcnow,
        batch: int = BATCH,
        pause_s: float = PAUSE_S,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        terms: TermPrunePort | None = None,
    ) -> None:
        self._store = store
        self._terms = terms
        self._policy = policy
        self._clock = clock
        self._batch = batch
        self._pause_s = pause_s
        self._sleep = sleep

    @property
    def enabled(self) -> bool:
        """Whether items are pruned (RETENTION_DAYS > 0)."""
        return self._policy.enabled

    @property
    def daily(self) -> bool:
        """Whether the daily job has anything to do: items, or term counts, to prune."""
        return self.enabled or self._terms is not None

    async def preview(self) -> Pruned | None:
        """What a prune now would delete (None: retention is off)."""
        cutoff = self._policy.cutoff(self._clock())
        if cutoff is None:
            return None
        return Pruned(cutoff, await self._store.prunable_before(cutoff))

    async def prune(
        self,
        stop: asyncio.Event | None = None,
        progress: Callable[[PruneCounts], None] | None = None,
    ) -> Pruned | None:
        """Delete everything created before the cut-off (None: retention is off).
        `progress` hears the running total after each batch."""
        cutoff = self._policy.cutoff(self._clock())
        if cutoff is None:
            return None
        total = PruneCounts()
        while True:
            if stop is not None and stop.is_set():
                return Pruned(cutoff, total, finished=False)
            deleted = await self._store.prune_before(cutoff, self._batch)
            total += deleted
            if progress is not None:
                progress(total)
            # A short batch was the last: nothing created before the cut-off is left, and
            # writers store nothing older from now on.
            if deleted.items < self._batch:
                return Pruned(cutoff, total)
            await self._sleep(self._pause_s)

    async def prune_daily(self) -> None:
        """The scheduler's job: logs what it did; a failure is logged, never raised, so
        the schedule goes on."""
        try:
            if self._terms is not None:
                rows = await self._terms.prune_terms_before(counted_since(self._clock()))
                log.info("trending: deleted %d hourly term counts past the horizon", rows)
            pruned = await self.prune()
        except StoreUnavailable as exc:
            log.warning("retention: pruning stopped: %s", exc)
            return
        except Exception:
            log.exception("retention: pruning stopped by an unexpected error")
            return
        if pruned is not None:
            log.info("retention: deleted %s", described(pruned))


def described(pruned: Pruned) -> str:
    """One line: from before when, and how many of each."""
    c = pruned.counts
    counts = (
        (c.posts, "post"),
        (c.comments, "comment"),
        (c.sentiments, "sentiment"),
        (c.topic_mentions, "topic mention"),
        (c.post_reads, "post read"),
    )
    listed = ", ".join(f"{n:,} {noun}{'' if n == 1 else 's'}" for n, noun in counts)
    return f"items created before {pruned.cutoff:%Y-%m-%d %H:%M} UTC: {listed}"
