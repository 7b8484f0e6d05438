"""A collector's Reddit requests, simulated: listings, deep rescans and refreshes.

Runs the real policy code (`request_groups`, `RefreshPolicy.next_refresh`,
`RescanPolicy`) against simulated subreddit activity (Poisson arrivals) and Reddit's
rate window (`LIMIT` requests per `WINDOW`, paced the way prawcore paces them), and
counts what a collector would spend. What it leaves out: first-cycle backfills and posts
of orphan comments (both transient after a subreddit is added), failures and retries.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from domain.policy import LISTING_DEPTH, PAGE_SIZE, CollectionPolicy, request_groups
from domain.walk import OVERLAP_PAGES

LIMIT = 1000  # requests per window and client id: 100 a minute over 10 minutes
WINDOW = timedelta(minutes=10)
COHORT = timedelta(minutes=5)  # items are refreshed in cohorts of this creation span
KINDS = ("posts", "comments")
START = datetime(2026, 1, 1, tzinfo=UTC)

Sampler = Callable[[random.Random, float], int]


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw: exact for small means, the normal approximation for large ones."""
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def exactly(rng: random.Random, mean: float) -> int:
    """No randomness: the mean, rounded (for tests that check the accounting)."""
    return round(mean)


@dataclass(frozen=True, slots=True)
class Subreddit:
    name: str
    posts_per_hour: float
    comments_per_hour: float

    def rate(self, kind: str) -> float:
        """Items per second of one kind."""
        per_hour = self.posts_per_hour if kind == "posts" else self.comments_per_hour
        return per_hour / 3600


@dataclass
class Report:
    """What a simulated collector spent and missed over the measured hours."""

    subreddits: int
    interval: timedelta
    cycles: int = 0
    listing_requests: int = 0
    rescan_requests: int = 0
    refresh_requests: int = 0
    items: int = 0
    items_refreshed: int = 0
    gaps: int = 0  # listings that ran out before reaching their group's cursor
    stopped_early: int = 0  # cycles stopped by the budget reserve
    late_starts: int = 0  # ticks skipped because the previous cycle still ran
    max_backlog: int = 0  # items due for refresh left over at the end of a cycle
    max_refresh_delay: timedelta = timedelta(0)  # longest a due refresh waited
    per_minute: dict[int, int] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return self.listing_requests + self.rescan_requests + self.refresh_requests

    def max_in_window(self, minutes: int = 10) -> int:
        """The most requests in any `minutes` consecutive minutes."""
        if not self.per_minute:
            return 0
        first, last = min(self.per_minute), max(self.per_minute)
        counts = [self.per_minute.get(m, 0) for m in range(first, last + 1)]
        return max(sum(counts[i : i + minutes]) for i in range(max(1, len(counts) - minutes + 1)))

    def within_budget(self) -> bool:
        """No gap, no cycle stopped for budget, no refresh carried over more than a cycle."""
        slipped = self.max_refresh_delay > 2 * self.interval
        return not (self.gaps or self.stopped_early or self.late_starts or slipped)


class RateWindow:
    """Reddit's fixed 10-minute window, and prawcore's pacing: request k of a window is
    not sent before k/LIMIT of the window has passed."""

    def __init__(self, latency: timedelta) -> None:
        self.latency = latency
        self.start = START
        self.used = 0

    def remaining(self, now: datetime) -> int:
        return LIMIT if now >= self.start + WINDOW else LIMIT - self.used

    def send(self, now: datetime) -> datetime:
        """When a request asked at `now` has been answered."""
        while now >= self.start + WINDOW:
            self.start, self.used = self.start + WINDOW, 0
        paced = self.start + WINDOW * (self.used / LIMIT)
        self.used += 1
        return max(now, paced) + self.latency


class BudgetSpent(Exception):
    """The reserve is reached: the cycle stops, the next one resumes (as in CycleService)."""


class Collector:
    """One simulated collector: the cycle service's request pattern, without the items."""

    def __init__(
        self,
        subreddits: Sequence[Subreddit],
        interval: timedelta,
        policy: CollectionPolicy | None = None,
        latency: timedelta = timedelta(seconds=0.5),
        seed: int = 1,
        sampler: Sampler = poisson,
    ) -> None:
        self.subs = {s.name.lower(): s for s in subreddits}
        self.interval = interval
        self.policy = policy or CollectionPolicy()
        self.window = RateWindow(latency)
        self.rng = random.Random(seed)
        self.sample = sampler
        self.cursors = {kind: dict.fromkeys(self.subs, START) for kind in KINDS}
        self.rescanned = {kind: dict.fromkeys(self.subs, START) for kind in KINDS}
        # Items due for refresh, by (due, created): one entry per COHORT span of creation
        # times read at the same time, so a busy collector's schedule stays small.
        self.due: dict[tuple[datetime, datetime], int] = {}
        self.queue: list[tuple[datetime, datetime]] = []
        self.memo: dict[tuple[str, timedelta], list[list[str]]] = {}
        # Cursors and refresh times are taken at the cycle's start: the seconds a cycle
        # runs would only scatter the schedule into more, smaller cohorts.
        self.now = self.started = START
        self.report = Report(len(self.subs), interval)

    def run(self, warmup: timedelta, measured: timedelta) -> Report:
        """Cycles every interval; counts only those starting after `warmup`, by when
        refresh traffic has reached its steady state (items are refreshed up to 48 h)."""
        tick, end, counting = START + self.interval, START + warmup + measured, False
        while tick < end:
            if tick >= START + warmup and not counting:
                self.report, counting = Report(len(self.subs), self.interval), True
            self.now = self.started = tick
            self.cycle()
            self.report.cycles += 1
            tick += self.interval
            while tick < self.now:  # single-flight: a tick during a cycle is skipped
                tick += self.interval
                self.report.late_starts += 1
        return self.report

    def cycle(self) -> None:
        try:
            for kind in KINDS:
                self.listings(kind)
            for kind in KINDS:
                self.rescan(kind)
            self.refresh()
        except BudgetSpent:
            self.report.stopped_early += 1
        self.report.max_backlog = max(self.report.max_backlog, self.due_count())

    def request(self) -> None:
        if self.window.remaining(self.now) <= self.policy.budget_reserve:
            raise BudgetSpent
        minute = int((self.now - START) / timedelta(minutes=1))
        self.report.per_minute[minute] = self.report.per_minute.get(minute, 0) + 1
        self.now = self.window.send(self.now)

    # --- listings -----------------------------------------------------------------------

    def listings(self, kind: str) -> None:
        for group in self.groups(kind):
            self.follow(kind, group)

    def groups(self, kind: str) -> list[list[str]]:
        """`request_groups` on the items expected since each cursor; memoized while all
        cursors agree (the usual case), as then the groups depend on the elapsed time only."""
        cursors = self.cursors[kind]
        oldest, newest = min(cursors.values()), max(cursors.values())
        key = (kind, self.started - oldest)
        if oldest == newest and key in self.memo:
            return self.memo[key]
        expected = {
            name: sub.rate(kind) * (self.started - cursors[name]).total_seconds()
            for name, sub in self.subs.items()
        }
        groups = request_groups(list(self.subs), expected)
        if oldest == newest:
            self.memo[key] = groups
        return groups

    def follow(self, kind: str, group: list[str]) -> None:
        """Pages as `domain.walk.walk` reads them back to the group's oldest cursor."""
        since = min(self.cursors[kind][s] for s in group)
        rate = sum(self.subs[s].rate(kind) for s in group)
        new = self.sample(self.rng, rate * (self.started - since).total_seconds())
        overlap = self.sample(self.rng, rate * self.policy.overlap.total_seconds())
        first_past = new // PAGE_SIZE + 1  # the first page holding an item behind the cursor
        ends_early = first_past * PAGE_SIZE > new + overlap  # that page also passes the overlap
        pages = first_past if ends_early else first_past + OVERLAP_PAGES
        pages = min(pages, LISTING_DEPTH // PAGE_SIZE)
        for _ in range(pages):
            self.request()
        self.report.listing_requests += pages
        if new >= LISTING_DEPTH:
            self.report.gaps += 1
        read = min(new, LISTING_DEPTH)
        self.report.items += read
        self.add_cohorts(since, self.started, read)
        for name in group:
            self.cursors[kind][name] = self.started

    def add_cohorts(self, since: datetime, until: datetime, count: int) -> None:
        """Spread `count` items created evenly over (since, until] into COHORT spans."""
        spans = max(1, math.ceil((until - since) / COHORT))
        step = (until - since) / spans
        shares = [count * (i + 1) // spans - count * i // spans for i in range(spans)]
        for i, share in enumerate(shares):
            if share:
                self.schedule(since + step * (i + 0.5), self.started, share)

    def schedule(self, created: datetime, read_at: datetime, count: int) -> None:
        due = self.policy.refresh.next_refresh(created, read_at)
        if due is None:
            return
        if (due, created) not in self.due:
            heapq.heappush(self.queue, (due, created))
        self.due[due, created] = self.due.get((due, created), 0) + count

    # --- deep rescans -------------------------------------------------------------------

    def rescan(self, kind: str) -> None:
        """One group of the subreddits due, walked back `back` or `pages` pages."""
        rescan, done = self.policy.rescan, self.rescanned[kind]
        due = [s for s in self.subs if self.started - done[s] >= rescan.every]
        if not due:
            return
        expected = {s: self.subs[s].rate(kind) * self.interval.total_seconds() for s in due}
        group = request_groups(due, expected)[0]
        rate = sum(self.subs[s].rate(kind) for s in group)
        pages = min(rescan.pages, round(rate * rescan.back.total_seconds()) // PAGE_SIZE + 1)
        for _ in range(pages):
            self.request()
        self.report.rescan_requests += pages
        for name in group:
            done[name] = self.started

    # --- refreshes ----------------------------------------------------------------------

    def due_count(self) -> int:
        return sum(count for (due, _), count in self.due.items() if due <= self.now)

    def refresh(self) -> None:
        for _ in range(self.policy.refresh.max_requests_per_cycle):
            if not self.queue or self.queue[0][0] > self.now:
                return
            self.request()
            self.report.refresh_requests += 1
            self.refresh_page()

    def refresh_page(self) -> None:
        """Up to one page of the items due, the longest due first (as `due_for_refresh`)."""
        room, read = PAGE_SIZE, []
        while room and self.queue and self.queue[0][0] <= self.now:
            due, created = self.queue[0]
            taken = min(room, self.due[due, created])
            room -= taken
            self.due[due, created] -= taken
            if not self.due[due, created]:
                heapq.heappop(self.queue)
                del self.due[due, created]
            delay = self.now - due
            self.report.max_refresh_delay = max(self.report.max_refresh_delay, delay)
            read.append((created, taken))
        for created, count in read:
            self.report.items_refreshed += count
            self.schedule(created, self.started, count)
