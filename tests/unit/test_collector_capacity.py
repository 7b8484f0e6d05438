"""The capacity simulation's accounting, at a size small enough to count by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bench.capacity_model import Collector, Subreddit, exactly
from domain.policy import RefreshPolicy

INTERVAL = timedelta(minutes=30)
WARMUP, MEASURED = timedelta(hours=48), timedelta(hours=24)


def run(*subreddits: Subreddit) -> Collector:
    collector = Collector(subreddits, INTERVAL, sampler=exactly)
    collector.run(WARMUP, MEASURED)
    return collector


def refreshes_of(age: timedelta) -> int:
    """How often an item read at `age` is refreshed when cycles run every INTERVAL."""
    read, count = datetime(2026, 1, 1, tzinfo=UTC), 0
    created = read - age
    while (due := RefreshPolicy().next_refresh(created, read)) is not None:
        read += -((read - due) // INTERVAL) * INTERVAL  # the first cycle at or after due
        count += 1
    return count


def test_a_quiet_subreddit_costs_two_listings_a_cycle_one_refresh_and_its_rescans() -> None:
    # 6 posts a cycle, one in each 5-minute cohort; no comments (the listing still costs 1).
    report = run(Subreddit("quiet", posts_per_hour=12, comments_per_hour=0)).report
    cycles = int(MEASURED / INTERVAL)
    rescans = int(MEASURED / timedelta(hours=3))
    assert report.cycles == cycles
    assert report.listing_requests == 2 * cycles
    # 36 h back holds 432 posts: 5 pages; the empty comments listing: 1 page.
    assert report.rescan_requests == rescans * (5 + 1)
    assert report.refresh_requests == cycles  # some items are due each cycle, never 100
    ages = [timedelta(minutes=2.5 + 5 * k) for k in range(6)]
    assert report.items_refreshed == cycles * sum(refreshes_of(age) for age in ages)
    assert report.items == 6 * cycles
    assert sum(report.per_minute.values()) == report.requests == 3 * cycles + 6 * rescans
    assert report.within_budget()


def test_a_subreddit_busier_than_a_listing_reaches_has_a_gap_every_cycle() -> None:
    report = run(Subreddit("torrent", posts_per_hour=0, comments_per_hour=3000)).report
    assert report.gaps == report.cycles
    # 10 pages of comments (the listing's depth) and 1 of posts, every cycle.
    assert report.listing_requests == 11 * report.cycles
    assert not report.within_budget()


def test_refreshes_beyond_the_cap_per_cycle_are_carried_over() -> None:
    busy = [Subreddit(f"busy{i}", posts_per_hour=60, comments_per_hour=1200) for i in range(4)]
    report = run(*busy).report
    assert report.refresh_requests == 60 * report.cycles
    assert report.max_refresh_delay > 2 * INTERVAL
    assert not report.within_budget()
