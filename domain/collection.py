"""One collection cycle: new posts and comments of every watched subreddit, then refreshes.

Listings are read many subreddits per request and only back to each subreddit's cursor;
a cursor moves in the same transaction as the items it covers, oldest first, so a crash
never skips an item. A failing subreddit never sinks the cycle.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain.errors import BudgetExhausted, RedditError
from domain.model import (
    Budget,
    CollectionCycle,
    Comment,
    Cursor,
    Gap,
    Kind,
    Page,
    Post,
    needs_scoring,
)
from domain.policy import (
    LISTING_DEPTH,
    MIN_PACE_SPAN,
    PAGE_SIZE,
    VOLUME_WINDOW,
    CollectionPolicy,
    request_groups,
)
from domain.ports import CollectionStorePort, RedditPort, SentimentPort
from domain.walk import Walk, walk

log = logging.getLogger(__name__)

PROGRESS_EVERY = timedelta(seconds=0.2)


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
        repository: CollectionStorePort,
        policy: CollectionPolicy | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._reddit = reddit
        self._sentiment = sentiment
        self._repository = repository
        self._policy = policy or CollectionPolicy()
        self._clock = clock
        self._parts = _Parts(reddit, sentiment, repository, self._policy, clock)

    async def run(self, cycle: CollectionCycle) -> CollectionCycle:
        await self._repository.save_cycle(cycle)
        run = _Run(self._parts, cycle)
        try:
            for kind in (Kind.POSTS, Kind.COMMENTS):
                await run.collect(kind)
            for kind in (Kind.POSTS, Kind.COMMENTS):
                await run.isolated("*", run.rescan(kind))
            await run.isolated("*", run.fetch_missing_posts())
            await run.isolated("*", run.refresh())
        except BudgetExhausted as exc:
            log.warning("cycle %s stopped early: %s", cycle.id, exc)
            cycle.record_failure("*", f"stopped early: {exc}; the next cycle resumes")
        cycle.finish(self._clock())
        await self._repository.save_cycle(cycle)
        log.info(
            "cycle %s %s: %d posts, %d comments, %d refreshed, %d requests, %d gaps, %d failures",
            cycle.id,
            cycle.status,
            cycle.posts_collected,
            cycle.comments_collected,
            cycle.items_refreshed,
            cycle.requests_made,
            len(cycle.gaps),
            len(cycle.failures),
        )
        return cycle


@dataclass(frozen=True, slots=True)
class _Parts:
    """What every cycle of a service works with."""

    reddit: RedditPort
    sentiment: SentimentPort
    repository: CollectionStorePort
    policy: CollectionPolicy
    clock: Callable[[], datetime]


class _Run:
    """The state of one cycle while it runs."""

    def __init__(self, parts: _Parts, cycle: CollectionCycle) -> None:
        self.reddit = parts.reddit
        self.sentiment = parts.sentiment
        self.repository = parts.repository
        self.policy = parts.policy
        self.clock = parts.clock
        self.cycle = cycle
        self.budget = Budget()
        # Newest creation time any response of this cycle has shown: every listing asked
        # after that response already held everything created before it.
        self.high_water: datetime | None = None
        self.progress_saved_at = cycle.started_at - PROGRESS_EVERY
        self.progress_saved = (0, 0)
        self.comment_post_ids: set[str] = set()

    # --- requests -----------------------------------------------------------------------

    async def fetch(
        self, kind: Kind, subreddits: Sequence[str], after: str | None, limit: int
    ) -> Page:
        self.check_budget()
        page = await self.reddit.listing(kind, subreddits, after, limit)
        self.cycle.record_request(page.budget)
        self.budget = page.budget
        return page

    async def info(self, fullnames: Sequence[str]) -> Page:
        self.check_budget()
        page = await self.reddit.info(fullnames)
        self.cycle.record_request(page.budget)
        self.budget = page.budget
        return page

    def check_budget(self) -> None:
        remaining = self.budget.remaining
        if remaining is not None and remaining <= self.policy.budget_reserve:
            raise BudgetExhausted(
                f"{remaining} Reddit requests left in this window "
                f"(reserve {self.policy.budget_reserve})"
            )

    # --- listings -----------------------------------------------------------------------

    async def collect(self, kind: Kind) -> None:
        cursors = await self.repository.cursors(kind)
        watched = self.cycle.subreddits
        known = [s for s in watched if s.lower() in cursors]
        for group in request_groups(known, await self.expected(kind, cursors)):
            await self.follow_group(kind, group, cursors)
        for subreddit in (s for s in watched if s.lower() not in cursors):
            await self.isolated(subreddit, self.backfill(kind, subreddit))

    async def expected(self, kind: Kind, cursors: dict[str, datetime]) -> dict[str, float]:
        """New items each subreddit should have since its cursor, at its recent pace.

        The pace is measured over the stretch actually stored (its oldest item up to its
        cursor), which for a subreddit watched since one cycle ago is much shorter than
        the window.
        """
        now = self.clock()
        activity = await self.repository.recent_activity(kind, now - VOLUME_WINDOW)
        expected = {}
        for sub, cursor in cursors.items():
            count, oldest = activity.get(sub, (0, cursor))
            span = max(cursor - oldest, MIN_PACE_SPAN)
            expected[sub] = count * ((now - cursor) / span)
        return expected

    async def follow_group(
        self, kind: Kind, group: list[str], cursors: dict[str, datetime]
    ) -> None:
        try:
            await self.follow(kind, group, cursors)
        except BudgetExhausted:
            raise
        except RedditError as exc:
            if len(group) == 1:
                self.fail(group[0], exc)
                return
            # One bad subreddit (banned, private) fails the whole "a+b+c" request:
            # go one by one so the others are still collected.
            log.info("r/%s failed (%s): retrying one subreddit at a time", "+".join(group), exc)
            for subreddit in group:
                await self.isolated(subreddit, self.follow(kind, [subreddit], cursors))
        except Exception as exc:  # not Reddit's fault (storage, scoring): the group failed
            for subreddit in group:
                self.fail(subreddit, exc)

    async def isolated(self, subreddit: str, step: Awaitable[None]) -> None:
        """Run one subreddit's step; its failure is recorded and the cycle goes on."""
        try:
            await step
        except BudgetExhausted:
            raise
        except Exception as exc:  # catch-log-continue: one subreddit never sinks a cycle
            self.fail(subreddit, exc)

    def fail(self, subreddit: str, exc: BaseException) -> None:
        log.warning("cycle %s: r/%s failed: %s", self.cycle.id, subreddit, describe(exc))
        self.cycle.record_failure(subreddit, describe(exc))

    async def follow(self, kind: Kind, group: list[str], cursors: dict[str, datetime]) -> None:
        """Read a group's listing back to its oldest cursor; record a gap if out of reach."""
        oldest_cursor = min(cursors[s.lower()] for s in group)
        start_water = self.high_water
        result = await walk(
            self.fetch,
            kind,
            group,
            stop_before=oldest_cursor - self.policy.overlap,
            max_pages=LISTING_DEPTH // PAGE_SIZE,
            cursor=oldest_cursor,
        )
        await self.unless_interrupted(kind, result)
        # A listing that ended early simply has nothing older; one that ended deep before
        # the cursor may have had new items out of reach. (The overlap behind the cursor
        # is a best effort: items listed late are for the deep rescan.)
        if not result.reached_cursor and result.ended_deep and result.oldest is not None:
            self.record_gap(kind, group, cursors, result.oldest)
        watermark = _latest(start_water, result.newest, *(cursors[s.lower()] for s in group))
        await self.store(kind, group, result, watermark)

    def record_gap(
        self, kind: Kind, group: list[str], cursors: dict[str, datetime], oldest: datetime
    ) -> None:
        """Name the subreddits whose cursor the listing did not reach, and since when."""
        unreached = [s for s in group if cursors[s.lower()] < oldest]
        start = min(cursors[s.lower()] for s in unreached)
        log.warning("cycle %s: gap in %s of %s", self.cycle.id, kind, "+".join(unreached))
        self.cycle.gaps.append(Gap(kind, unreached, start=start, end=oldest))

    async def backfill(self, kind: Kind, subreddit: str) -> None:
        """A newly watched subreddit starts with a bounded look back, not its whole history."""
        start_water = self.high_water
        result = await walk(
            self.fetch, kind, [subreddit], stop_before=None, max_pages=self.policy.backfill_pages
        )
        await self.unless_interrupted(kind, result)
        await self.store(kind, [subreddit], result, _latest(start_water, result.newest))

    async def rescan(self, kind: Kind) -> None:
        """Walk one group's listing back for items Reddit listed late, behind its cursors.

        A subreddit's first rescan comes one period after it is first seen here: a new
        watch starts with its backfill, not with a deep walk.
        """
        now, rescan = self.clock(), self.policy.rescan
        cursors = await self.repository.cursors(kind)
        done = await self.repository.rescanned(kind)
        watched = [s for s in self.cycle.subreddits if s.lower() in cursors]
        if first_seen := [s for s in watched if s.lower() not in done]:
            await self.repository.mark_rescanned(kind, first_seen, now)
        due = [s for s in watched if s.lower() in done and now - done[s.lower()] >= rescan.every]
        if not due:
            return
        group = request_groups(due, await self.expected(kind, cursors))[0]
        result = await walk(
            self.fetch, kind, group, stop_before=now - rescan.back, max_pages=rescan.pages
        )
        await self.unless_interrupted(kind, result)
        counted = self.cycle.posts_collected + self.cycle.comments_collected
        items = sorted(result.items, key=lambda item: item.created_utc)
        for start in range(0, len(items), self.policy.batch_size):
            await self.save(kind, items[start : start + self.policy.batch_size], [])
        await self.repository.mark_rescanned(kind, group, now)
        found = self.cycle.posts_collected + self.cycle.comments_collected - counted
        log.info(
            "cycle %s: rescan of %s in r/%s: %d items read, %d listed late",
            self.cycle.id,
            kind,
            "+".join(group),
            len(items),
            found,
        )

    async def unless_interrupted(self, kind: Kind, result: Walk) -> None:
        """A walk stopped for budget: keep what it read; its cursors cannot move past a hole."""
        if result.interrupted is not None:
            await self.save(kind, result.items, [])
            raise result.interrupted

    async def store(
        self, kind: Kind, group: list[str], result: Walk, watermark: datetime | None
    ) -> None:
        """Save oldest first in batches; each batch moves the cursors up to what it holds."""
        self.high_water = _latest(self.high_water, result.newest)
        items = sorted(result.items, key=lambda item: item.created_utc)
        size = self.policy.batch_size
        batches = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
        for number, batch in enumerate(batches, start=1):
            last = number == len(batches)
            covered = watermark if last else batch[-1].created_utc
            cursors = [] if covered is None else [Cursor(s.lower(), kind, covered) for s in group]
            await self.save(kind, batch, cursors)

    async def save(
        self, kind: Kind, batch: Sequence[Post | Comment], cursors: list[Cursor]
    ) -> None:
        stored = await self.repository.stored_texts([i.fullname for i in batch])
        scored = await self.scored(batch, stored)
        posts = [i for i in scored if isinstance(i, Post)]
        comments = [i for i in scored if isinstance(i, Comment)]
        await self.repository.save_items(posts, comments, cursors)
        # Pages also hold items read before (behind the cursor): count only what is new.
        self.cycle.record_success(
            sum(p.fullname not in stored for p in posts),
            sum(c.fullname not in stored for c in comments),
        )
        if kind is Kind.COMMENTS:
            self.comment_post_ids.update(c.post_id for c in comments)
        await self.record_progress()

    async def record_progress(self) -> None:
        """Save the cycle's counts when they changed (at most every PROGRESS_EVERY), so
        that a process killed mid-cycle, or stuck in a request, leaves a record of what it
        stored and when it was last alive."""
        now, counts = self.clock(), (self.cycle.posts_collected, self.cycle.comments_collected)
        if counts != self.progress_saved and now - self.progress_saved_at >= PROGRESS_EVERY:
            await self.repository.save_cycle(self.cycle)
            self.progress_saved_at, self.progress_saved = now, counts

    # --- posts of orphan comments, refreshes ----------------------------------------------

    async def fetch_missing_posts(self) -> None:
        missing = sorted(await self.repository.missing_posts(sorted(self.comment_post_ids)))
        for start in range(0, len(missing), PAGE_SIZE):
            chunk = [f"t3_{post_id}" for post_id in missing[start : start + PAGE_SIZE]]
            page = await self.info(chunk)
            await self.save(Kind.POSTS, page.posts, [])

    async def refresh(self) -> None:
        for _ in range(self.policy.refresh.max_requests_per_cycle):
            due = await self.repository.due_for_refresh(self.clock(), PAGE_SIZE)
            if not due:
                return
            page = await self.info(due)
            items: list[Post | Comment] = [*page.posts, *page.comments]
            stored = await self.repository.stored_texts([i.fullname for i in items])
            scored = await self.scored(items, stored)
            posts = [i for i in scored if isinstance(i, Post)]
            comments = [i for i in scored if isinstance(i, Comment)]
            await self.repository.save_refreshed(due, posts, comments)
            self.cycle.items_refreshed += len(scored)

    # --- sentiment ------------------------------------------------------------------------

    async def scored(
        self, items: Sequence[Post | Comment], stored: dict[str, str]
    ) -> list[Post | Comment]:
        """Score new items and items whose text changed; a removed item keeps its old text."""
        todo = [i for i in items if needs_scoring(i, stored.get(i.fullname))]
        sentiments = await self.sentiment.score_many([i.text for i in todo]) if todo else []
        by_name = {i.fullname: s for i, s in zip(todo, sentiments, strict=True)}
        return [
            dataclasses.replace(i, sentiment=by_name[i.fullname]) if i.fullname in by_name else i
            for i in items
        ]


def _latest(*times: datetime | None) -> datetime | None:
    present = [t for t in times if t is not None]
    return max(present) if present else None
