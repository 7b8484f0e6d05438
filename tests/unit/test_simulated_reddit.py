import threading
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, overload

import pytest

from adapters.simulated_reddit import SimulatedReddit
from adapters.vader import VaderSentiment
from domain.model import Budget, Comment, Kind, Label, Post, Removal

START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
PY = ["python"]


class FakeClock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def simulated(clock: FakeClock, **options: Any) -> SimulatedReddit:
    options = {"posts_per_minute": 2.0, "comments_per_minute": 10.0, "seed": 7, **options}
    return SimulatedReddit(clock=clock, **options)


@overload
def everything(
    reddit: SimulatedReddit, kind: Literal[Kind.POSTS], subreddits: list[str], limit: int = 100
) -> list[Post]: ...
@overload
def everything(
    reddit: SimulatedReddit, kind: Literal[Kind.COMMENTS], subreddits: list[str], limit: int = 100
) -> list[Comment]: ...
@overload
def everything(
    reddit: SimulatedReddit, kind: Kind, subreddits: list[str], limit: int = 100
) -> Sequence[Post | Comment]: ...
def everything(
    reddit: SimulatedReddit, kind: Kind, subreddits: list[str], limit: int = 100
) -> Sequence[Post | Comment]:
    """Page through a whole listing as the collector does, following `after`."""
    items: list[Post | Comment] = []
    after = None
    while True:
        page = reddit.listing(kind, subreddits, after, limit)
        wanted, other = (
            (page.posts, page.comments) if kind is Kind.POSTS else (page.comments, page.posts)
        )
        assert not other and len(wanted) <= min(limit, 100)
        items += wanted
        if page.after is None:
            return items
        assert page.after == wanted[-1].fullname
        after = page.after


def both(reddit: SimulatedReddit, subreddits: list[str] = PY) -> tuple[list[Post], list[Comment]]:
    return everything(reddit, Kind.POSTS, subreddits), everything(reddit, Kind.COMMENTS, subreddits)


def together(posts: Sequence[Post], comments: Sequence[Comment]) -> list[Post | Comment]:
    """Posts then comments: mypy types a bare `[*posts, *comments]` as a list of `object`."""
    return [*posts, *comments]


def newest_first(items: Sequence[Post | Comment]) -> bool:
    times = [item.created_utc for item in items]
    return times == sorted(times, reverse=True)


def in_two_hours(
    reddit: SimulatedReddit, clock: FakeClock, items: Sequence[Post | Comment]
) -> list[tuple[Post | Comment, Post | Comment]]:
    """The same items as /api/info shows them two hours on."""
    clock.advance(hours=2)
    fullnames = [item.fullname for item in items]
    shown: dict[str, Post | Comment] = {}
    for start in range(0, len(fullnames), 100):
        page = reddit.info(fullnames[start : start + 100])
        shown |= {item.fullname: item for item in together(page.posts, page.comments)}
    return [(item, shown[item.fullname]) for item in items if item.fullname in shown]


def test_a_listing_holds_the_newest_items_up_to_its_window() -> None:
    reddit = simulated(FakeClock(), window=600)
    posts, comments = both(reddit)

    assert len(posts) == len(comments) == 600  # there is history from the start
    assert START - timedelta(hours=6) < posts[-1].created_utc < START - timedelta(hours=4)
    assert START - timedelta(hours=1.2) < comments[-1].created_utc < START - timedelta(hours=0.8)
    for items in (posts, comments):  # about 2 posts and 10 comments a minute
        assert newest_first(items)
        assert START - timedelta(minutes=2) < items[0].created_utc <= START


def test_a_multi_subreddit_listing_pages_through_every_item_once_newest_first() -> None:
    reddit = simulated(FakeClock())
    for kind in Kind:
        alone = [
            i for name in ("python", "rust", "golang") for i in everything(reddit, kind, [name])
        ]
        merged = everything(reddit, kind, ["python", "rust", "golang"], limit=37)

        fullnames = [item.fullname for item in merged]
        assert len(fullnames) == len(set(fullnames)) == 1000
        newer = {i.fullname for i in alone if i.created_utc > merged[-1].created_utc}
        assert newer <= set(fullnames) <= {i.fullname for i in alone}
        assert newest_first(merged)
        assert {item.subreddit for item in merged} == {"python", "rust", "golang"}


def test_subreddit_names_are_case_insensitive_and_keep_their_first_spelling() -> None:
    reddit = simulated(FakeClock())
    first = everything(reddit, Kind.POSTS, ["Python"])

    assert everything(reddit, Kind.POSTS, ["python", "PYTHON"]) == first
    assert {post.subreddit for post in first} == {"Python"}


def test_after_and_limit_page_like_reddit() -> None:
    reddit = simulated(FakeClock())
    listing = everything(reddit, Kind.COMMENTS, PY)

    first = reddit.listing(Kind.COMMENTS, PY, None, 5)
    second = reddit.listing(Kind.COMMENTS, PY, first.after, 5)
    capped = reddit.listing(Kind.COMMENTS, PY, None, 1000)
    tail = reddit.listing(Kind.COMMENTS, PY, listing[-3].fullname, 100)
    last = reddit.listing(Kind.COMMENTS, PY, listing[-1].fullname, 100)
    unknown = [
        reddit.listing(Kind.COMMENTS, PY, after, 100)
        for after in (
            "t1_nosuchthing",
            "t1_0",
            "t1_-",
            "t3_zzzzzzzzzzzzzzz",
            listing[0].fullname[:-1],
        )
    ]

    assert first.comments == listing[:5] and first.after == listing[4].fullname
    assert second.comments == listing[5:10] and second.after == listing[9].fullname
    assert capped.comments == listing[:100]
    assert tail.comments == listing[-2:] and tail.after is None
    assert last.comments == [] and last.after is None
    assert all(page.comments == [] and page.after is None for page in unknown)
    assert first.budget == Budget(remaining=None, used=None)


def test_a_listing_reaches_back_at_most_its_window() -> None:
    clock = FakeClock()
    reddit = simulated(clock, window=50)
    for _ in range(20):
        both(reddit, ["python", "rust"])
        clock.advance(minutes=30)

    assert len(everything(reddit, Kind.POSTS, PY)) == 50
    assert len(everything(reddit, Kind.COMMENTS, PY)) == 50
    assert len(everything(reddit, Kind.COMMENTS, ["python", "rust"])) == 50  # memory: 50 each


def test_info_gives_the_current_state_and_leaves_out_unknown_items() -> None:
    clock = FakeClock()
    reddit = simulated(clock)
    posts, comments = both(reddit)
    clock.advance(minutes=30)
    now_posts, now_comments = both(reddit)
    asked = [posts[3].fullname, comments[7].fullname, "t3_nosuchthing", "t5_python"]

    page = reddit.info(asked)

    current = {item.fullname: item for item in together(now_posts, now_comments)}
    assert page.posts == [current[posts[3].fullname]]
    assert page.comments == [current[comments[7].fullname]]
    assert page.after is None and page.budget == Budget(remaining=None, used=None)
    assert reddit.info([]).posts == [] and reddit.info(["t1_nosuchthing"]).comments == []


def test_scores_and_comment_counts_grow_over_time() -> None:
    clock = FakeClock()
    reddit = simulated(clock)
    posts, comments = both(reddit)

    pairs = in_two_hours(reddit, clock, [*posts, *comments])

    grew = sum(after.score > before.score for before, after in pairs)
    fell = sum(after.score < before.score for before, after in pairs)
    assert grew > len(pairs) / 2 and fell < len(pairs) / 10  # a few are downvoted
    assert sum(a.score for _, a in pairs) > sum(b.score for b, _ in pairs)
    counts = [
        (b.num_comments, a.num_comments)
        for b, a in pairs
        if isinstance(b, Post) and isinstance(a, Post)
    ]
    assert all(after >= before for before, after in counts)
    assert any(after > before for before, after in counts)


def test_some_items_get_deleted_or_removed_and_are_marked() -> None:
    clock = FakeClock()
    reddit = simulated(clock)
    posts, comments = both(reddit)

    gone = [(b, a) for b, a in in_two_hours(reddit, clock, [*posts, *comments]) if a.removed]

    assert {a.removed for _, a in gone} == {Removal.DELETED, Removal.REMOVED}
    assert len(gone) < 0.15 * (len(posts) + len(comments))
    assert {type(a) for _, a in gone} == {Post, Comment}
    markers = {Removal.DELETED: "[deleted]", Removal.REMOVED: "[removed]"}
    for before, after in gone:
        assert after.removed is not None
        assert after.body == (markers[after.removed] if before.body else "")  # "": link post
        assert (after.id, after.created_utc) == (before.id, before.created_utc)
        if isinstance(after, Post) and isinstance(before, Post):
            assert after.title == before.title
        if isinstance(after, Post) and after.removed is Removal.REMOVED:
            assert after.author == before.author  # moderators removed it: still named
        else:
            assert after.author is None


def test_some_items_get_edited() -> None:
    clock = FakeClock()
    reddit = simulated(clock)
    posts, comments = both(reddit)

    pairs = in_two_hours(reddit, clock, [*posts, *comments])

    edited = [(b, a) for b, a in pairs if a.edited_utc and not a.removed and not b.edited_utc]
    assert edited
    for before, after in edited:
        assert after.edited_utc is not None
        assert after.body.startswith(before.body) and "Edit:" in after.body
        assert before.created_utc <= after.edited_utc <= clock.now
    assert all(a.body == b.body for b, a in pairs if not a.edited_utc and not a.removed)


def test_the_stream_keeps_flowing_as_the_clock_advances_and_stops_without_it() -> None:
    clock = FakeClock()
    reddit = simulated(clock)
    posts, comments = both(reddit)
    seen = {item.fullname for item in together(posts, comments)}

    assert both(reddit) == (posts, comments)
    for _ in range(6):
        clock.advance(minutes=10)
        posts, comments = both(reddit)
        fresh_posts = [p for p in posts if p.fullname not in seen]
        fresh_comments = [c for c in comments if c.fullname not in seen]
        assert 10 <= len(fresh_posts) <= 30 and 60 <= len(fresh_comments) <= 150
        assert posts[: len(fresh_posts)] == fresh_posts  # on top, newest first
        assert all(p.created_utc >= clock.now - timedelta(minutes=11) for p in fresh_posts)
        seen |= {item.fullname for item in together(fresh_posts, fresh_comments)}


def test_ids_are_unique_across_kinds_subreddits_and_time() -> None:
    clock = FakeClock()
    reddit = simulated(clock)
    seen: dict[str, tuple[str, datetime, str]] = {}
    for _ in range(4):
        posts, comments = both(reddit, ["python", "programming"])
        for item in together(posts, comments):
            origin = item.title if isinstance(item, Post) else item.parent_id
            what = (item.subreddit, item.created_utc, origin)
            assert seen.setdefault(item.fullname, what) == what  # same id, same item
        clock.advance(minutes=7)

    assert len({fullname[3:] for fullname in seen}) == len(seen) > 1000


def test_a_restarted_demo_continues_the_same_world() -> None:
    clock = FakeClock()
    running = simulated(clock)
    before = both(running, ["python", "rust"])
    clock.advance(minutes=7)

    restarted = simulated(clock)  # a new process: nothing shared but the seed and the time

    assert both(restarted, ["python", "rust"]) == both(running, ["python", "rust"])
    posts, comments = before
    shown = restarted.info([item.fullname for item in together(posts[:50], comments[:50])])
    assert [p.id for p in shown.posts] == [p.id for p in posts[:50]]
    assert [(c.id, c.body) for c in shown.comments] == [
        (c.id, c.body) for c in running.info([c.fullname for c in comments[:50]]).comments
    ]


def test_comments_reply_to_posts_and_comments_already_produced() -> None:
    clock = FakeClock()
    reddit = simulated(clock)
    posts: dict[str, Post] = {}
    comments: dict[str, Comment] = {}
    for _ in range(6):
        new_posts, new_comments = both(reddit)
        posts |= {p.id: p for p in new_posts}
        comments |= {c.id: c for c in new_comments}
        clock.advance(minutes=5)

    assert set(Counter(c.parent_id[:3] for c in comments.values())) == {"t3_", "t1_"}
    for c in comments.values():
        post = posts[c.post_id]
        assert post.created_utc <= c.created_utc
        if c.parent_id.startswith("t3_"):
            assert c.parent_id == post.fullname
        else:
            parent = comments.get(c.parent_id[3:]) or reddit.info([c.parent_id]).comments[0]
            assert parent.post_id == c.post_id and parent.created_utc <= c.created_utc


def test_num_comments_counts_the_comments_produced() -> None:
    reddit = simulated(FakeClock(), window=3000)
    posts, comments = both(reddit)
    per_post = Counter(c.post_id for c in comments)
    # Posts newer than the oldest comment listed have every comment of theirs listed.
    covered = [p for p in posts if p.created_utc > comments[-1].created_utc]

    assert len(covered) > 100
    assert {p.id: p.num_comments for p in covered} == {p.id: per_post[p.id] for p in covered}


def test_everything_is_labelled_simulated() -> None:
    posts, comments = both(simulated(FakeClock()))

    assert SimulatedReddit.kind == "simulated" and "simulated" in simulated(FakeClock()).describe()
    for p in posts:
        assert p.url.startswith("https://simulated.invalid/")
        assert p.permalink.startswith("https://simulated.invalid/r/python/comments/")
    authors = [item.author for item in together(posts, comments)]
    assert None in authors  # some accounts deleted
    assert all(a is None or a.startswith("sim_user_") for a in authors)
    assert len({p.score for p in posts}) > 5


def test_texts_are_varied_and_vader_finds_every_label() -> None:
    posts, comments = both(simulated(FakeClock()))
    texts = [item.text for item in together(posts, comments)]

    labels = Counter(s.label for s in VaderSentiment().score_many(texts))

    assert len(set(texts)) > len(texts) / 3
    for label in Label:
        assert labels[label] > 0.15 * len(texts), labels


def test_same_seed_and_clock_give_the_same_stream() -> None:
    first = everything(simulated(FakeClock()), Kind.COMMENTS, PY)
    again = everything(simulated(FakeClock()), Kind.COMMENTS, PY)
    other_seed = everything(simulated(FakeClock(), seed=8), Kind.COMMENTS, PY)

    assert [(c.body, c.score) for c in first] == [(c.body, c.score) for c in again]
    assert [c.body for c in first] != [c.body for c in other_seed]


def test_what_an_item_shows_depends_on_the_clock_not_on_how_often_it_is_read() -> None:
    often, seldom = FakeClock(), FakeClock()
    read_often, read_seldom = simulated(often), simulated(seldom)
    both(read_often), both(read_seldom)
    for _ in range(10):
        often.advance(minutes=5)
        both(read_often)
    seldom.advance(minutes=50)

    assert both(read_often) == both(read_seldom)


def test_after_a_long_pause_a_listing_holds_the_newest_items_of_the_same_world() -> None:
    clock = FakeClock()
    reddit = simulated(clock)
    everything(reddit, Kind.POSTS, PY)
    clock.advance(days=30)

    after = everything(reddit, Kind.POSTS, PY)

    assert len(after) == 1000 and after[0].created_utc > clock.now - timedelta(minutes=5)
    assert after == everything(simulated(clock), Kind.POSTS, PY)


def test_calls_from_several_threads_are_safe() -> None:
    clock = FakeClock()
    reddit = simulated(clock)
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(20):
                clock.advance(seconds=30)
                both(reddit, ["python", "rust"])
                reddit.info([f"t3_{p.id}" for p in reddit.listing(Kind.POSTS, PY, None, 50).posts])
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    posts, comments = both(reddit, ["python", "rust"])
    fullnames = [item.fullname for item in together(posts, comments)]
    assert len(fullnames) == len(set(fullnames)) and newest_first(posts)


def test_rejects_rates_that_would_never_produce() -> None:
    with pytest.raises(ValueError):
        SimulatedReddit(posts_per_minute=0)
