from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from adapters.simulated_reddit import SimulatedReddit
from adapters.vader import VaderSentiment
from domain.model import Label

START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
ALL = 10_000


class FakeClock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def simulated(clock: FakeClock, **options) -> SimulatedReddit:
    options = {"posts_per_minute": 2.0, "comments_per_minute": 10.0, "seed": 7, **options}
    return SimulatedReddit(clock=clock, **options)


def test_first_call_returns_the_last_hour_newest_first():
    clock = FakeClock()
    reddit = simulated(clock)

    posts = reddit.new_posts("python", ALL)
    comments = reddit.new_comments("python", ALL)

    assert 90 <= len(posts) <= 150  # about 2 a minute over the hour
    assert 400 <= len(comments) <= 700  # about 10 a minute
    for items in (posts, comments):
        times = [item.created_utc for item in items]
        assert times == sorted(times, reverse=True)
        assert START - timedelta(hours=1) <= times[-1] and times[0] <= START


def test_new_items_appear_as_time_advances_and_none_without_it():
    clock = FakeClock()
    reddit = simulated(clock)
    first_posts = {p.id for p in reddit.new_posts("python", ALL)}
    first_comments = {c.id for c in reddit.new_comments("python", ALL)}

    assert {p.id for p in reddit.new_posts("python", ALL)} == first_posts
    clock.advance(minutes=10)
    later_posts = reddit.new_posts("python", ALL)
    later_comments = reddit.new_comments("python", ALL)

    fresh_posts = [p for p in later_posts if p.id not in first_posts]
    fresh_comments = [c for c in later_comments if c.id not in first_comments]
    assert 10 <= len(fresh_posts) <= 30
    assert 60 <= len(fresh_comments) <= 150
    assert all(p.created_utc > START - timedelta(seconds=1) for p in fresh_posts)
    assert later_posts[: len(fresh_posts)] == fresh_posts  # newest first


def test_limit_takes_the_newest():
    reddit = simulated(FakeClock())
    everything = reddit.new_comments("python", ALL)

    assert reddit.new_comments("python", 5) == everything[:5]


def test_ids_are_unique_across_kinds_subreddits_and_time():
    clock = FakeClock()
    reddit = simulated(clock)
    content: dict[str, tuple] = {}
    for _ in range(4):
        for name in ("python", "programming"):
            posts = reddit.new_posts(name, ALL)
            comments = reddit.new_comments(name, ALL)
            fullnames = [item.fullname for item in [*posts, *comments]]
            assert len(set(fullnames)) == len(fullnames)
            for item in [*posts, *comments]:
                what = (item.subreddit, item.created_utc, item.text)
                assert content.setdefault(item.fullname, what) == what  # same id, same item
        clock.advance(minutes=7)

    assert len({fullname[3:] for fullname in content}) == len(content) > 1000


def test_a_restarted_demo_does_not_reuse_ids():
    clock = FakeClock()
    before = {c.id for c in simulated(clock).new_comments("python", ALL)}
    clock.advance(seconds=5)
    after = {c.id for c in simulated(clock).new_comments("python", ALL)}

    assert before and after and not before & after


def test_comments_reply_to_posts_and_comments_already_produced():
    clock = FakeClock()
    reddit = simulated(clock)
    posts, comments = {}, {}
    for _ in range(6):
        posts |= {p.id: p for p in reddit.new_posts("python", ALL)}
        comments |= {c.id: c for c in reddit.new_comments("python", ALL)}
        clock.advance(minutes=5)

    kinds = Counter(c.parent_id[:3] for c in comments.values())
    assert set(kinds) == {"t3_", "t1_"}
    for c in comments.values():
        post = posts[c.post_id]
        assert post.created_utc <= c.created_utc
        if c.parent_id.startswith("t3_"):
            assert c.parent_id == post.fullname
        else:
            parent = comments[c.parent_id.removeprefix("t1_")]
            assert parent.post_id == c.post_id and parent.created_utc <= c.created_utc


def test_num_comments_counts_the_comments_produced():
    reddit = simulated(FakeClock(), window=5000)
    posts = reddit.new_posts("python", ALL)
    per_post = Counter(c.post_id for c in reddit.new_comments("python", ALL))

    assert {p.id: p.num_comments for p in posts if p.num_comments} == dict(per_post)


def test_everything_is_labelled_simulated():
    reddit = simulated(FakeClock())
    posts = reddit.new_posts("python", ALL)
    comments = reddit.new_comments("python", ALL)

    assert SimulatedReddit.kind == "simulated" and "simulated" in reddit.describe()
    assert reddit.limits == {"remaining": None, "used": None}
    for p in posts:
        assert p.url.startswith("https://simulated.invalid/")
        assert p.permalink.startswith("https://simulated.invalid/r/python/comments/")
    authors = [item.author for item in [*posts, *comments]]
    assert None in authors  # some accounts deleted
    assert all(a is None or a.startswith("sim_user_") for a in authors)
    assert len({p.score for p in posts}) > 5


def test_texts_are_varied_and_vader_finds_every_label():
    reddit = simulated(FakeClock())
    texts = [p.text for p in reddit.new_posts("python", ALL)]
    texts += [c.text for c in reddit.new_comments("python", ALL)]

    labels = Counter(s.label for s in VaderSentiment().score_many(texts))

    assert len(set(texts)) > len(texts) / 3
    for label in Label:
        assert labels[label] > 0.15 * len(texts), labels


def test_same_seed_and_clock_give_the_same_stream():
    first = simulated(FakeClock()).new_comments("python", ALL)
    again = simulated(FakeClock()).new_comments("python", ALL)
    other_seed = simulated(FakeClock(), seed=8).new_comments("python", ALL)

    assert [c.body for c in first] == [c.body for c in again]
    assert [c.body for c in first] != [c.body for c in other_seed]


def test_memory_stays_bounded_by_the_window():
    clock = FakeClock()
    reddit = simulated(clock, window=50)
    for _ in range(20):
        reddit.new_comments("python", ALL)
        clock.advance(minutes=30)

    assert len(reddit.new_posts("python", ALL)) == 50
    assert len(reddit.new_comments("python", ALL)) == 50


def test_a_long_pause_produces_only_the_backlog():
    clock = FakeClock()
    reddit = simulated(clock, window=100_000)
    reddit.new_posts("python", ALL)
    before = len(reddit.new_posts("python", ALL))
    clock.advance(days=30)

    after = reddit.new_posts("python", ALL)

    assert len(after) - before <= 150  # one hour's worth, not a month's
    assert after[0].created_utc > clock.now - timedelta(minutes=5)


def test_rejects_rates_that_would_never_produce():
    with pytest.raises(ValueError):
        SimulatedReddit(posts_per_minute=0)
