"""PrawReddit over real HTTP against the local Reddit stand-in: one request per call."""

import time
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime

import praw
import pytest

from adapters.praw_reddit import PrawReddit
from domain.errors import RedditError
from domain.model import Budget, Kind, Page, Removal
from testkit.reddit_standin import RedditStandIn
from testkit.reddit_stream import RECENT_POSTS, StreamFeeder

CLIENT_ID = "test-client"
SECRET = "s3cret-never-shown"
USER_AGENT = "redditpulse-tests/0"
BUDGET = 100_000


def utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


@pytest.fixture
def standin() -> Iterator[RedditStandIn]:
    with RedditStandIn(budget=BUDGET, credentials=(CLIENT_ID, SECRET)) as running:
        yield running


def adapter(standin: RedditStandIn, timeout_s: float = 5.0, secret: str = SECRET) -> PrawReddit:
    return PrawReddit(
        client_id=CLIENT_ID,
        client_secret=secret,
        user_agent=USER_AGENT,
        oauth_url=standin.url,
        reddit_url=standin.url,
        timeout_s=timeout_s,
    )


@pytest.fixture
def reddit(standin: RedditStandIn) -> Iterator[PrawReddit]:
    client = adapter(standin)
    yield client
    client.close()


def api_requests(standin: RedditStandIn) -> dict[str, int]:
    """Requests by path, without the token request PRAW makes once."""
    counts = standin.requests_by_path()
    del counts["/api/v1/access_token"]
    return dict(counts)


def walk(reddit: PrawReddit, kind: Kind, subreddits: list[str]) -> list[Page]:
    """Every page of a listing, following `after` until it runs out."""
    pages = [reddit.listing(kind, subreddits, None, 100)]
    while pages[-1].after is not None:
        pages.append(reddit.listing(kind, subreddits, pages[-1].after, 100))
    return pages


# --- listings --------------------------------------------------------------------------


def test_a_posts_page_comes_back_newest_first_with_the_fields_fed_in_one_request(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    older = standin.add_post(subreddit="Python", title="Self", selftext="Body", score=12)
    newer = standin.add_post(subreddit="Python", title="Link", url="https://example.org/x")
    standin.add_post(subreddit="elsewhere")

    page = reddit.listing(Kind.POSTS, ["python"], None, 10)

    assert [post.id for post in page.posts] == [newer["id"], older["id"]]
    assert (page.comments, page.after) == ([], None)
    link, self_post = page.posts
    assert (self_post.title, self_post.body, self_post.score) == ("Self", "Body", 12)
    assert (self_post.author, self_post.subreddit) == ("standin_user", "Python")
    assert self_post.created_utc == utc(older["created_utc"])
    assert self_post.permalink == older["permalink"]
    assert (link.url, link.body, link.removed) == ("https://example.org/x", "", None)
    assert api_requests(standin) == {"/r/python/new": 1}


def test_a_comments_page_comes_back_newest_first_with_the_fields_fed_in_one_request(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    post = standin.add_post(subreddit="Python")
    top = standin.add_comment(link_id=post["name"], body="top", score=3)
    reply = standin.add_comment(link_id=post["name"], parent_id=top["name"], body="reply")

    page = reddit.listing(Kind.COMMENTS, ["Python"], None, 10)

    comments = page.comments
    assert [comment.id for comment in comments] == [reply["id"], top["id"]]
    assert page.posts == []
    assert comments[0].parent_id == top["name"]
    assert comments[1].parent_id == post["name"]
    assert {comment.post_id for comment in comments} == {post["id"]}
    assert (comments[1].body, comments[1].score) == ("top", 3)
    assert comments[1].created_utc == utc(top["created_utc"])
    assert api_requests(standin) == {"/r/Python/comments": 1}


def test_one_request_covers_several_subreddits_in_any_case_newest_first(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    fed = [standin.add_post(subreddit=name) for name in ("Python", "rust", "golang") * 3]

    page = reddit.listing(Kind.POSTS, ["python", "RUST"], None, 100)

    wanted = [data["id"] for data in reversed(fed) if data["subreddit"] != "golang"]
    assert [post.id for post in page.posts] == wanted
    assert {post.subreddit for post in page.posts} == {"Python", "rust"}
    assert api_requests(standin) == {"/r/python+RUST/new": 1}


def test_after_pages_back_through_250_items_one_request_per_page(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    fed = [standin.add_comment(subreddit="big", link_id="t3_x") for _ in range(250)]

    pages = walk(reddit, Kind.COMMENTS, ["big"])

    assert [len(page.comments) for page in pages] == [100, 100, 50]
    assert [page.after for page in pages] == [fed[150]["name"], fed[50]["name"], None]
    got = [comment.id for page in pages for comment in page.comments]
    assert got == [data["id"] for data in reversed(fed)]
    assert api_requests(standin) == {"/r/big/comments": 3}


def test_a_listing_pages_back_1000_items_and_no_further(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    fed = [standin.add_post(subreddit=("a", "b")[n % 2]) for n in range(1050)]
    newest_first = [data["id"] for data in reversed(fed)]

    pages = walk(reddit, Kind.POSTS, ["a", "b"])
    beyond = reddit.listing(Kind.POSTS, ["a", "b"], fed[50]["name"], 100)

    # The depth counts from the newest item of the combined listing, not per subreddit.
    assert [post.id for page in pages for post in page.posts] == newest_first[:1000]
    assert (len(pages), pages[-1].after) == (10, None)
    assert (beyond.posts, beyond.after) == ([], None)
    # Alone, a subreddit's listing reaches all of its 525 posts, older ones included.
    assert sum(len(page.posts) for page in walk(reddit, Kind.POSTS, ["a"])) == 525


def test_a_limit_outside_1_to_100_or_no_subreddit_is_refused_without_a_request(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    for limit in (0, 101):
        with pytest.raises(ValueError, match="1 to 100"):
            reddit.listing(Kind.POSTS, ["python"], None, limit)
    with pytest.raises(ValueError, match="subreddit"):
        reddit.listing(Kind.POSTS, [], None, 10)
    assert standin.total_requests == 0


# --- /api/info -------------------------------------------------------------------------


def test_info_returns_posts_and_comments_by_fullname_and_leaves_out_the_rest(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    post = standin.add_post(subreddit="python", score=5)
    comment = standin.add_comment(link_id=post["name"], body="hi")
    subreddit = standin.add_raw("t5", {"id": "2qh0y", "name": "t5_2qh0y", "display_name": "py"})

    page = reddit.info([comment["name"], "t3_unknown", post["name"], subreddit["name"]])

    assert [p.id for p in page.posts] == [post["id"]]
    assert [c.id for c in page.comments] == [comment["id"]]
    assert (page.posts[0].score, page.comments[0].body, page.after) == (5, "hi", None)
    assert api_requests(standin) == {"/api/info": 1}


def test_info_refuses_more_than_100_or_no_fullnames_without_a_request(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    too_many = [f"t3_{n}" for n in range(101)]

    with pytest.raises(ValueError, match="1 to 100"):
        reddit.info(too_many)
    with pytest.raises(ValueError, match="1 to 100"):
        reddit.info([])
    assert standin.total_requests == 0
    assert len(reddit.info(too_many[:100]).posts) == 0


def test_info_shows_what_changed_since_an_item_was_collected(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    post = standin.add_post(subreddit="python", selftext="first")
    comment = standin.add_comment(link_id=post["name"], body="before")
    standin.update(post["name"], score=42, num_comments=7, selftext="second")
    standin.update(comment["name"], body="after", edited=1_700_000_123.0)

    page = reddit.info([post["name"], comment["name"]])

    [got_post], [got_comment] = page.posts, page.comments
    assert (got_post.score, got_post.num_comments, got_post.body) == (42, 7, "second")
    assert (got_comment.body, got_comment.edited_utc) == ("after", utc(1_700_000_123.0))
    served = standin.store.get(post["name"])
    assert served is not None and served["data"]["selftext_html"] is not None


# --- deleted and removed items -----------------------------------------------------------


def test_deleted_and_removed_items_map_as_reddit_shows_them(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    deleted = standin.add_post(subreddit="m", title="Kept title", selftext="gone")
    removed = standin.add_post(subreddit="m", title="Mods", selftext="spam")
    link = standin.add_post(subreddit="m", url="https://example.org/l")
    by_author = standin.add_comment(link_id=deleted["name"], body="oops")
    by_mods = standin.add_comment(link_id=deleted["name"], body="rude")
    for fullname, how in [
        (deleted["name"], "deleted"),
        (removed["name"], "removed"),
        (link["name"], "deleted"),
        (by_author["name"], "deleted"),
        (by_mods["name"], "removed"),
    ]:
        standin.delete(fullname, how=how)

    posts = {p.id: p for p in reddit.listing(Kind.POSTS, ["m"], None, 10).posts}
    comments = {c.id: c for c in reddit.info([by_author["name"], by_mods["name"]]).comments}

    gone_post = posts[deleted["id"]]
    assert (gone_post.removed, gone_post.title, gone_post.body) == (
        Removal.DELETED,
        "Kept title",
        "[deleted]",
    )
    assert gone_post.author is None
    assert (posts[removed["id"]].removed, posts[removed["id"]].author) == (
        Removal.REMOVED,
        "standin_user",
    )
    assert (posts[link["id"]].removed, posts[link["id"]].body) == (Removal.DELETED, "")
    assert (comments[by_author["id"]].removed, comments[by_author["id"]].body) == (
        Removal.DELETED,
        "[deleted]",
    )
    assert (comments[by_mods["id"]].removed, comments[by_mods["id"]].author) == (
        Removal.REMOVED,
        None,
    )


def test_deleted_author_edit_time_and_unicode_survive_the_round_trip(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    text = "Ünïcødé 🐍🔥 — 日本語"
    post = standin.add_post(subreddit="u", title=text, author="[deleted]", edited=1_700_000_123.0)
    standin.add_comment(link_id=post["name"], body=text, edited=False)

    [got_post] = reddit.listing(Kind.POSTS, ["u"], None, 5).posts
    [got_comment] = reddit.listing(Kind.COMMENTS, ["u"], None, 5).comments

    assert (got_post.title, got_post.author, got_post.removed) == (text, None, None)
    assert got_post.edited_utc == utc(1_700_000_123.0)
    assert (got_comment.body, got_comment.edited_utc) == (text, None)


def test_a_comment_without_an_author_field_maps_to_none(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    data = standin.add_comment(subreddit="u")
    del data["author"]
    standin.add_raw("t1", data)

    page = reddit.listing(Kind.COMMENTS, ["u"], None, 5)

    assert [comment.author for comment in page.comments] == [None]


# --- rate-limit budget -----------------------------------------------------------------


def test_each_page_carries_the_budget_the_standin_announced(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    post = standin.add_post(subreddit="python")

    first = reddit.listing(Kind.POSTS, ["python"], None, 10)
    headers = standin.rate.headers()
    second = reddit.info([post["name"]])

    # The token request is not an API call, so it is not counted against the budget.
    assert first.budget == Budget(remaining=BUDGET - 1, used=1)
    assert first.budget == Budget(
        remaining=int(float(headers["x-ratelimit-remaining"])),
        used=int(headers["x-ratelimit-used"]),
    )
    assert second.budget == Budget(remaining=BUDGET - 2, used=2)


# --- failures --------------------------------------------------------------------------


def test_a_forbidden_subreddit_raises_naming_it_without_retrying(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    standin.fail_path("/r/private/", 403)

    with pytest.raises(RedditError, match=r"^r/private/new: HTTP 403 forbidden$"):
        reddit.listing(Kind.POSTS, ["private"], None, 10)
    assert api_requests(standin) == {"/r/private/new": 1}


def test_one_failing_subreddit_fails_the_combined_request_naming_it_whole(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    standin.add_post(subreddit="python")
    standin.fail_path("/r/broken/", 403)

    with pytest.raises(RedditError, match=r"^r/python\+Broken\+rust/comments: HTTP 403 forbidden$"):
        reddit.listing(Kind.COMMENTS, ["python", "Broken", "rust"], None, 10)
    assert len(reddit.listing(Kind.POSTS, ["python", "rust"], None, 10).posts) == 1
    assert api_requests(standin) == {"/r/python+Broken+rust/comments": 1, "/r/python+rust/new": 1}


def test_a_fault_on_one_listing_of_a_subreddit_spares_its_other_listing(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    standin.fail_path("/r/python/comments", 404)

    with pytest.raises(RedditError, match=r"^r/go\+python/comments: HTTP 404 not found$"):
        reddit.listing(Kind.COMMENTS, ["go", "python"], None, 10)
    assert reddit.listing(Kind.POSTS, ["go", "python"], None, 10).posts == []


def test_a_server_error_raises_naming_the_subreddits_after_prawcore_retries(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    standin.fail_path("/r/broken/", 500)

    with pytest.raises(RedditError, match=r"^r/broken/comments: HTTP 500 internal server error$"):
        reddit.listing(Kind.COMMENTS, ["broken"], None, 10)
    assert api_requests(standin) == {"/r/broken/comments": 3}


def test_a_failing_info_request_raises_naming_the_endpoint(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    standin.fail_path("/api/info", 403)

    with pytest.raises(RedditError, match=r"^api/info: HTTP 403 forbidden$"):
        reddit.info(["t3_abc"])
    assert api_requests(standin) == {"/api/info": 1}


def test_the_timeout_is_enforced(standin: RedditStandIn) -> None:
    standin.set_delay(5.0, path_prefix="/r/")
    client = adapter(standin, timeout_s=0.5)

    started = time.monotonic()
    with pytest.raises(RedditError, match=r"^r/slow/new: timed out after 0.5 s$"):
        client.listing(Kind.POSTS, ["slow"], None, 10)
    elapsed = time.monotonic() - started

    # 3 attempts of 0.5 s plus prawcore's random back-off (at most 2 s, then 4 s);
    # unenforced, each attempt would wait out the 5 s delay and then succeed.
    assert elapsed < 10.0
    assert api_requests(standin) == {"/r/slow/new": 3}


def test_a_429_raises_at_once(standin: RedditStandIn, reddit: PrawReddit) -> None:
    standin.set_rate_limited()

    with pytest.raises(RedditError, match=r"^r/python/new: rate limited \(429\)$"):
        reddit.listing(Kind.POSTS, ["python"], None, 10)
    with pytest.raises(RedditError, match=r"^api/info: rate limited \(429\)$"):
        reddit.info(["t3_abc"])
    assert api_requests(standin) == {"/r/python/new": 1, "/api/info": 1}


def test_spending_the_whole_budget_is_a_429() -> None:
    with RedditStandIn(budget=0) as spent, pytest.raises(RedditError, match="rate limited"):
        adapter(spent).listing(Kind.POSTS, ["python"], None, 10)


def test_bad_credentials_raise_without_leaking_the_secret(standin: RedditStandIn) -> None:
    wrong = "wrong-secret-value"

    with pytest.raises(RedditError, match=r"access token refused: HTTP 401") as caught:
        adapter(standin, secret=wrong).listing(Kind.POSTS, ["python"], None, 10)

    shown = "".join(traceback.format_exception(caught.value))
    assert wrong not in shown and SECRET not in shown


def test_the_standin_counts_requests_by_path(standin: RedditStandIn, reddit: PrawReddit) -> None:
    standin.add_post(subreddit="python")

    reddit.listing(Kind.POSTS, ["python"], None, 10)
    reddit.listing(Kind.COMMENTS, ["python"], None, 10)

    assert standin.requests_by_path() == {
        "/api/v1/access_token": 1,
        "/r/python/new": 1,
        "/r/python/comments": 1,
    }
    assert standin.total_requests == 3
    standin.reset_counts()
    assert standin.total_requests == 0


# --- the stream feeder, read back through the adapter ------------------------------------


def test_a_stream_is_served_in_full_newest_first_with_its_clock(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    feeder = StreamFeeder(standin, ["python", "rust"], weights=[3, 1], seed=7, backlog_posts=60)
    start = feeder.clock()

    step = feeder.advance(10, posts=30, comments={"python": 300, "rust": 20})

    assert (feeder.clock() - start).total_seconds() == 600
    assert (len(step.posts), len(step.comments)) == (30, 320)
    served = feeder.served()
    assert len(served.posts) == 2 * 60 + 30 and served.comments == step.comments
    comments = [
        c for page in walk(reddit, Kind.COMMENTS, ["python", "rust"]) for c in page.comments
    ]
    posts = [p for page in walk(reddit, Kind.POSTS, ["python", "rust"]) for p in page.posts]
    assert {c.fullname for c in comments} == served.comments
    assert {p.fullname for p in posts} == served.posts
    times = [c.created_utc for c in comments]
    assert times == sorted(times, reverse=True)
    assert len(set(times)) < len(times)  # several comments in one second, as on Reddit
    assert start <= min(times) and max(times) < feeder.clock()


def test_stream_comments_reach_posts_beyond_the_newest_50_of_their_own_subreddit(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    feeder = StreamFeeder(standin, ["python", "rust"], seed=3)
    feeder.advance(60, posts=40, comments=400)

    posts = [p for page in walk(reddit, Kind.POSTS, ["python", "rust"]) for p in page.posts]
    comments = [
        c for page in walk(reddit, Kind.COMMENTS, ["python", "rust"]) for c in page.comments
    ]

    post_of = {p.id: p for p in posts}
    assert all(post_of[c.post_id].subreddit == c.subreddit for c in comments)
    assert all(post_of[c.post_id].created_utc <= c.created_utc for c in comments)
    # Listings are newest first: a subreddit's first RECENT_POSTS posts are its newest.
    newest = {
        name: {p.id for p in [q for q in posts if q.subreddit == name][:RECENT_POSTS]}
        for name in ("python", "rust")
    }
    missed = [c for c in comments if c.post_id not in newest[c.subreddit]]
    assert len(missed) > 0.1 * len(comments)
    assert any(c.parent_id.startswith("t1_") for c in comments)  # some are replies


def test_a_stream_repeats_exactly_for_a_seed() -> None:
    def run(seed: int) -> list[tuple[str, float, str]]:
        with RedditStandIn() as fresh:
            feeder = StreamFeeder(fresh, ["a", "b"], seed=seed, backlog_posts=5)
            feeder.advance(5, posts=10, comments=50)
            return [
                (t["data"]["name"], t["data"]["created_utc"], t["data"]["link_id"])
                for t in fresh.store.of_kind("t1")
            ]

    assert run(1) == run(1)
    assert run(1) != run(2)


# The stand-in also serves what a later adapter may use; check it speaks Reddit to PRAW.


@pytest.fixture
def raw_praw(standin: RedditStandIn) -> praw.Reddit:
    return praw.Reddit(
        client_id=CLIENT_ID,
        client_secret=SECRET,
        user_agent=USER_AGENT,
        check_for_updates=False,
        oauth_url=standin.url,
        reddit_url=standin.url,
    )


def test_a_comment_tree_nests_replies(standin: RedditStandIn, raw_praw: praw.Reddit) -> None:
    post = standin.add_post(subreddit="python")
    top = standin.add_comment(link_id=post["name"], body="top")
    standin.add_comment(link_id=post["name"], parent_id=top["name"], body="reply")

    submission = raw_praw.submission(post["id"])
    # A CommentForest iterates by __getitem__ at runtime; PRAW's types declare no __iter__.
    got_top: praw.models.Comment
    [got_top] = submission.comments  # type: ignore[misc]

    assert submission.num_comments == 2
    assert got_top.body == "top"
    assert [reply.body for reply in got_top.replies] == ["reply"]  # type: ignore[attr-defined]


def test_before_pages_towards_newer_items(standin: RedditStandIn, raw_praw: praw.Reddit) -> None:
    fed = [standin.add_post(subreddit="python") for _ in range(5)]
    names = [data["name"] for data in fed]

    page = raw_praw.get("/r/python/new", params={"before": names[1], "limit": 2})
    nothing = raw_praw.get("/r/python/new", params={"before": "t3_zzzzzz"})

    assert [post.fullname for post in page] == [names[3], names[2]]
    assert (page.before, page.after) == (names[3], names[2])
    assert list(nothing) == []
