"""The collector with fakes: cursors, groups, backfill, gaps, budget, refresh, crashes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.collection import CycleService
from domain.model import CollectionCycle, Comment, CycleStatus, Kind, Label, Post, Removal
from domain.policy import CollectionPolicy, RefreshPolicy, RescanPolicy
from tests.fakes import T0, FakeReddit, FakeRepository, FakeSentiment, make_comment, make_post

# Cursor paging is tested without the deep rescan (its own tests are at the end): the
# rescan reads behind the cursors on purpose.
NO_RESCAN = RescanPolicy(every=timedelta(days=3650))


class World:
    """A fake Reddit, store and clock, and cycles run over them."""

    def __init__(self, budget: int | None = None, **policy: object) -> None:
        self.reddit = FakeReddit(budget=budget)
        self.repo = FakeRepository()
        self.sentiment = FakeSentiment()
        self.now = T0 + timedelta(days=1)
        self.policy = CollectionPolicy(**({"rescan": NO_RESCAN} | policy))  # type: ignore[arg-type]
        self.cycles = 0

    def post(
        self, subreddit: str, minutes_ago: float, title: str = "a post", **fields: object
    ) -> Post:
        post = make_post(subreddit, title, created_utc=self.now - timedelta(minutes=minutes_ago))
        post = post if not fields else self.reddit.change(post, **fields)
        self.reddit.add(post)
        return post

    def comment(self, post: Post, minutes_ago: float, body: str = "a comment") -> Comment:
        comment = make_comment(post, body, created_utc=self.now - timedelta(minutes=minutes_ago))
        self.reddit.add(comment)
        return comment

    async def cycle(self, *subreddits: str) -> CollectionCycle:
        self.cycles += 1
        self.repo.now = self.now
        service = CycleService(
            self.reddit, self.sentiment, self.repo, self.policy, clock=lambda: self.now
        )
        cycle = CollectionCycle(f"c{self.cycles}", "test", self.now, subreddits=list(subreddits))
        self.reddit.requests.clear()
        return await service.run(cycle)

    def stored(self) -> set[str]:
        return {*(p.fullname for p in self.repo.posts.values()),
                *(c.fullname for c in self.repo.comments.values())}  # fmt: skip


@pytest.fixture
def world() -> World:
    return World()


def label_of(item: Post | Comment) -> Label | None:
    return None if item.sentiment is None else item.sentiment.label


async def test_first_cycle_backfills_one_page_per_new_subreddit(world: World) -> None:
    for minutes in range(150):
        world.post("python", minutes)
    cycle = await world.cycle("python")

    assert cycle.status is CycleStatus.SUCCEEDED
    assert cycle.posts_collected == 100, "one listing page, not the whole history"
    assert world.reddit.requests == [("posts", ("python",)), ("comments", ("python",))]
    assert cycle.requests_made == 2
    assert await world.repo.cursors(Kind.POSTS) == {"python": world.now}


async def test_items_are_stored_with_their_sentiment(world: World) -> None:
    post = world.post("python", 5, title="good news")
    world.comment(post, 4, "bad take")
    await world.cycle("python")

    assert label_of(world.repo.posts[post.id]) is Label.POSITIVE
    [comment] = world.repo.comments.values()
    assert label_of(comment) is Label.NEGATIVE


async def test_later_cycles_read_all_subreddits_in_one_request_back_to_the_cursor(
    world: World,
) -> None:
    for sub in ("a", "b", "c"):
        world.post(sub, 60)
    await world.cycle("a", "b", "c")
    world.now += timedelta(minutes=30)
    new = [world.post(sub, 10) for sub in ("a", "b", "c")]

    cycle = await world.cycle("a", "b", "c")

    assert world.reddit.requests == [("posts", ("a", "b", "c")), ("comments", ("a", "b", "c"))]
    assert {p.fullname for p in new} <= world.stored()
    assert cycle.posts_collected == 3


async def test_paging_goes_on_until_the_cursor_and_no_further(world: World) -> None:
    world.post("a", 500)
    await world.cycle("a")
    world.now += timedelta(hours=10)
    fresh = [world.post("a", m) for m in range(250)]  # 3 pages of new posts
    for m in range(1200, 1500):
        world.post("a", m)  # behind the cursor (1100 minutes ago): must not be read

    cycle = await world.cycle("a")

    assert [r for r in world.reddit.requests if r[0] == "posts"] == [("posts", ("a",))] * 3
    assert {p.fullname for p in fresh} <= world.stored()
    assert cycle.gaps == []


async def test_coverage_is_complete_over_many_cycles(world: World) -> None:
    subs = [f"s{i}" for i in range(14)]
    served = set()
    for _ in range(6):
        for sub in subs:
            posts = [world.post(sub, m) for m in (1, 7, 13)]
            served |= {p.fullname for p in posts}
            served |= {world.comment(posts[i % 3], i % 29).fullname for i in range(30)}
        cycle = await world.cycle(*subs)
        assert cycle.status is CycleStatus.SUCCEEDED and cycle.gaps == []
        world.now += timedelta(minutes=30)
    assert served <= world.stored()


async def test_a_crash_between_batches_loses_nothing(world: World) -> None:
    world.policy = CollectionPolicy(batch_size=50, rescan=NO_RESCAN)
    world.post("a", 1000)
    await world.cycle("a")
    world.now += timedelta(hours=5)
    newest_first = [world.post("a", m).fullname for m in range(180)]
    fresh = set(newest_first)
    world.repo.fail_saves_after = len(world.repo.batches) + 2  # two batches land, then a crash

    crashed = await world.cycle("a")

    assert crashed.status is CycleStatus.FAILED
    assert "disk full" in crashed.failures[0].error
    saved = fresh & world.stored()
    # Batches go oldest first (the first one also re-saves the post behind the cursor).
    assert saved == set(newest_first[-len(saved) :]) and len(saved) == 99
    world.repo.fail_saves_after = None
    again = await world.cycle("a")
    assert again.status is CycleStatus.SUCCEEDED
    assert fresh <= world.stored()


async def test_cursors_move_with_each_batch_oldest_first(world: World) -> None:
    world.policy = CollectionPolicy(batch_size=40, rescan=NO_RESCAN)
    world.post("a", 1000)
    await world.cycle("a")
    world.now += timedelta(hours=5)
    for m in range(100):
        world.post("a", m)
    first_batch = len(world.repo.batches)
    await world.cycle("a")
    marks = [c[0].watermark for _, _, c in world.repo.batches[first_batch:] if c]
    assert marks == sorted(marks) and len(marks) >= 3


async def test_a_listing_that_cannot_reach_its_cursor_records_a_gap(world: World) -> None:
    world.post("busy", 5000)
    await world.cycle("busy")
    cursor = (await world.repo.cursors(Kind.POSTS))["busy"]
    world.now += timedelta(days=1)
    for m in range(1200):
        world.post("busy", m)

    cycle = await world.cycle("busy")

    [gap] = cycle.gaps
    assert (gap.kind, gap.subreddits, gap.start) == (Kind.POSTS, ["busy"], cursor)
    assert gap.end == world.now - timedelta(minutes=999)
    assert cycle.posts_collected == 1000


async def test_a_quiet_subreddit_does_not_drag_its_group_back(world: World) -> None:
    world.post("quiet", 60 * 24 * 30)  # last post a month ago
    world.post("busy", 60)
    await world.cycle("quiet", "busy")
    for _ in range(3):
        world.now += timedelta(minutes=30)
        for m in range(20):
            world.post("busy", m)
        cycle = await world.cycle("quiet", "busy")
        assert cycle.requests_made == 2 and cycle.gaps == []


async def test_a_failing_subreddit_in_a_group_is_isolated(world: World) -> None:
    for sub in ("a", "bad", "c"):
        world.post(sub, 60)
    await world.cycle("a", "bad", "c")
    world.reddit.failing.add("bad")
    world.now += timedelta(minutes=30)
    fresh = {world.post(sub, 5).fullname for sub in ("a", "c")}

    cycle = await world.cycle("a", "bad", "c")

    assert cycle.status is CycleStatus.PARTIAL
    assert {f.subreddit for f in cycle.failures} == {"bad"}
    assert "403" in cycle.failures[0].error
    assert fresh <= world.stored()
    assert ("posts", ("a",)) in world.reddit.requests


async def test_all_subreddits_failing_fails_the_cycle(world: World) -> None:
    world.reddit.failing.update({"a", "b"})
    cycle = await world.cycle("a", "b")
    assert cycle.status is CycleStatus.FAILED


async def test_a_cycle_stops_at_the_budget_reserve_and_the_next_resumes() -> None:
    world = World(budget=14, budget_reserve=10)
    world.post("a", 2000)
    await world.cycle("a")
    world.now += timedelta(days=1)
    fresh = {world.post("a", m).fullname for m in range(500)}  # 5 pages

    stopped = await world.cycle("a")

    assert stopped.status is CycleStatus.PARTIAL
    assert "stopped early" in stopped.failures[0].error
    assert stopped.budget_remaining == 10
    assert stopped.posts_collected == 200, "the two pages read before the stop are kept"
    assert world.repo.watermarks[("a", Kind.POSTS)] < world.now - timedelta(minutes=499)
    world.reddit.budget = 600  # the window reset
    resumed = await world.cycle("a")
    assert resumed.status is CycleStatus.SUCCEEDED
    assert fresh <= world.stored()


async def test_a_new_subreddit_gets_a_bounded_backfill_and_a_removed_one_keeps_its_data(
    world: World,
) -> None:
    old = world.post("old", 30)
    await world.cycle("old")
    for m in range(250):
        world.post("new", m)
    world.now += timedelta(minutes=30)

    cycle = await world.cycle("old", "new")
    assert cycle.posts_collected == 100
    assert ("posts", ("new",)) in world.reddit.requests

    world.now += timedelta(minutes=30)
    await world.cycle("new")
    assert all("old" not in subs for _, subs in world.reddit.requests)
    assert old.id in world.repo.posts


async def test_posts_of_orphan_comments_are_fetched_by_fullname(world: World) -> None:
    ancient = make_post("a", "an old post", created_utc=T0 - timedelta(days=30))
    world.reddit.add(ancient)
    for m in range(100):
        world.post("a", m)  # the backfill page ends before the old post
    await world.cycle("a")
    world.now += timedelta(minutes=30)
    world.comment(ancient, 5, "late reply")

    await world.cycle("a")

    assert ancient.id in world.repo.posts
    assert ("info", ()) in world.reddit.requests


async def test_rereading_an_unchanged_item_does_not_rescore_it(world: World) -> None:
    world.post("a", 1, title="good")
    await world.cycle("a")
    scored = len(world.sentiment.scored)
    world.now += timedelta(seconds=30)  # still inside the overlap: re-read
    await world.cycle("a")
    assert len(world.sentiment.scored) == scored


def push_off_the_first_page(world: World, post: Post) -> None:
    """Listings re-read their first page every cycle; refreshes are for what falls off it."""
    for m in range(100):
        world.comment(world.post("a", m), m)


async def test_refresh_updates_scores_and_keeps_text_of_deleted_items() -> None:
    world = World(refresh=RefreshPolicy(min_interval=timedelta(hours=1)))
    post = world.post("a", 300, title="good news", score=1)
    comment = world.comment(post, 290, "bad take")
    await world.cycle("a")
    push_off_the_first_page(world, post)
    await world.cycle("a")
    scored = len(world.sentiment.scored)

    world.reddit.change(post, score=99, num_comments=5)
    world.reddit.change(comment, body="[deleted]", author=None, removed=Removal.DELETED)
    world.now += timedelta(hours=6)  # read at 5 h old: next read due at 10 h old
    cycle = await world.cycle("a")

    assert cycle.items_refreshed >= 2
    assert ("info", ()) in world.reddit.requests
    assert world.repo.posts[post.id].score == 99
    kept = world.repo.comments[comment.id]
    assert (kept.body, kept.removed) == ("bad take", Removal.DELETED)
    assert label_of(kept) is Label.NEGATIVE
    assert len(world.sentiment.scored) == scored, "nothing new to score"


async def test_refresh_rescores_an_edited_text(world: World) -> None:
    post = world.post("a", 300, title="good news")
    await world.cycle("a")
    push_off_the_first_page(world, post)
    world.reddit.change(post, title="bad news")
    world.now += timedelta(hours=6)
    await world.cycle("a")
    assert label_of(world.repo.posts[post.id]) is Label.NEGATIVE


def test_refresh_schedule_thins_out_with_age_then_stops() -> None:
    policy = RefreshPolicy(max_age=timedelta(hours=48), min_interval=timedelta(hours=1))
    created = T0
    read_at = created + timedelta(minutes=15)
    reads = []
    while (due := policy.next_refresh(created, read_at)) is not None:
        reads.append(due - created)
        read_at = due
    hours = [round(r / timedelta(hours=1), 2) for r in reads]
    assert hours == [1.25, 2.5, 5.0, 10.0, 20.0, 40.0]


def test_refresh_never_comes_sooner_than_the_minimum_interval() -> None:
    policy = RefreshPolicy(min_interval=timedelta(hours=1), backoff=1.0)
    assert policy.next_refresh(T0, T0 + timedelta(hours=3)) == T0 + timedelta(hours=4)


async def test_a_gap_names_only_the_subreddits_whose_cursor_was_out_of_reach(world: World) -> None:
    world.post("a", 60)
    world.post("b", 60)
    await world.cycle("a", "b")
    for _ in range(4):  # b is unwatched for two hours while it gets very busy
        world.now += timedelta(minutes=30)
        world.post("a", 10)
        for m in range(300):
            world.post("b", m / 10)
        await world.cycle("a")

    cycle = await world.cycle("a", "b")

    [gap] = cycle.gaps
    assert gap.subreddits == ["b"] and gap.kind is Kind.POSTS


async def test_busy_subreddits_are_read_apart_from_the_first_cycle_on(world: World) -> None:
    def half_hour_of_posts() -> None:
        for sub in ("busy1", "busy2"):
            for m in range(600):
                world.post(sub, m / 20)  # 600 posts in the last 30 minutes
        world.post("calm", 3)

    half_hour_of_posts()
    await world.cycle("busy1", "busy2", "calm")  # backfill: 100 each, a 5-minute glimpse
    world.now += timedelta(minutes=30)
    half_hour_of_posts()

    cycle = await world.cycle("busy1", "busy2", "calm")

    assert cycle.gaps == []
    groups = {subs for what, subs in world.reddit.requests if what == "posts"}
    assert ("busy1",) in groups and not any({"busy1", "busy2"} <= set(g) for g in groups)


async def test_the_rescan_finds_items_listed_late_one_group_at_a_time() -> None:
    rescan = RescanPolicy(every=timedelta(hours=3), back=timedelta(hours=36))
    world = World(rescan=rescan, backfill_pages=3)
    for minutes in range(10, 260):
        world.post("a", minutes)
    world.post("b", 10)
    await world.cycle("a", "b")  # first seen: the first rescan is due in 3 h
    # Listed now, created long ago: 250 items behind the cursor, past the page of overlap
    # an ordinary cycle reads.
    late = world.post("a", 259.5)
    world.now += timedelta(minutes=30)
    await world.cycle("a", "b")
    assert late.fullname not in world.stored()

    world.now += timedelta(hours=3)
    world.reddit.requests.clear()
    cycle = await world.cycle("a", "b")
    assert late.fullname in world.stored() and cycle.posts_collected == 1
    # The cursors' listing, then the rescan's walk: 251 posts in the last 36 h, 3 pages.
    assert world.reddit.requests.count(("posts", ("a", "b"))) == 1 + 3

    world.now += timedelta(minutes=30)
    world.reddit.requests.clear()
    await world.cycle("a", "b")
    assert world.reddit.requests.count(("posts", ("a", "b"))) == 1, "next rescan: in 3 h"
