"""PrawReddit over real HTTP against the local Reddit stand-in."""

import time
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime

import praw
import pytest

from adapters.praw_reddit import PrawReddit
from domain.errors import RedditError
from tests.reddit_standin import RedditStandIn

CLIENT_ID = "test-client"
SECRET = "s3cret-never-shown"
USER_AGENT = "redditpulse-tests/0"


def utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


@pytest.fixture
def standin() -> Iterator[RedditStandIn]:
    with RedditStandIn(credentials=(CLIENT_ID, SECRET)) as running:
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


def test_posts_come_back_newest_first_with_the_fields_fed(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    older = standin.add_post(subreddit="Python", title="Self", selftext="Body", score=12)
    newer = standin.add_post(subreddit="Python", title="Link", url="https://example.org/x")
    standin.add_post(subreddit="elsewhere")

    posts = reddit.new_posts("python", 10)

    assert [post.id for post in posts] == [newer["id"], older["id"]]
    link, self_post = posts
    assert (self_post.title, self_post.body, self_post.score) == ("Self", "Body", 12)
    assert (self_post.author, self_post.subreddit) == ("standin_user", "Python")
    assert self_post.created_utc == utc(older["created_utc"])
    assert self_post.permalink == older["permalink"]
    assert (link.url, link.body) == ("https://example.org/x", "")


def test_comments_come_back_newest_first_with_the_fields_fed(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    post = standin.add_post(subreddit="Python")
    top = standin.add_comment(link_id=post["name"], body="top", score=3)
    reply = standin.add_comment(link_id=post["name"], parent_id=top["name"], body="reply")

    comments = reddit.new_comments("Python", 10)

    assert [comment.id for comment in comments] == [reply["id"], top["id"]]
    assert comments[0].parent_id == top["name"]
    assert comments[1].parent_id == post["name"]
    assert {comment.post_id for comment in comments} == {post["id"]}
    assert (comments[1].body, comments[1].score) == ("top", 3)
    assert comments[1].created_utc == utc(top["created_utc"])


def test_one_request_covers_several_subreddits_in_any_case(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    for name in ("Python", "rust", "golang"):
        standin.add_post(subreddit=name)

    posts = reddit.new_posts("python+RUST", 10)

    assert sorted(post.subreddit for post in posts) == ["Python", "rust"]
    assert standin.requests_by_path()["/r/python+RUST/new"] == 1


def test_a_limit_over_100_pages_through_the_listing(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    fed = [standin.add_post(subreddit="big") for _ in range(260)]

    posts = reddit.new_posts("big", 250)

    assert [post.id for post in posts] == [data["id"] for data in reversed(fed)][:250]
    assert len({post.id for post in posts}) == 250
    assert standin.requests_by_path()["/r/big/new"] == 3


def test_deleted_author_edit_time_and_unicode_survive_the_round_trip(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    text = "Ünïcødé 🐍🔥 — 日本語"
    post = standin.add_post(subreddit="u", title=text, author="[deleted]", edited=1_700_000_123.0)
    standin.add_comment(link_id=post["name"], body=text, edited=False)

    [got_post] = reddit.new_posts("u", 5)
    [got_comment] = reddit.new_comments("u", 5)

    assert (got_post.title, got_post.author) == (text, None)
    assert got_post.edited_utc == utc(1_700_000_123.0)
    assert (got_comment.body, got_comment.edited_utc) == (text, None)


def test_a_comment_without_an_author_field_maps_to_none(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    data = standin.add_comment(subreddit="u")
    del data["author"]
    standin.add_raw("t1", data)

    assert [comment.author for comment in reddit.new_comments("u", 5)] == [None]


def test_a_forbidden_subreddit_raises_naming_it_without_retrying(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    standin.fail_path("/r/private/", 403)

    with pytest.raises(RedditError, match=r"^r/private: HTTP 403 forbidden$"):
        reddit.new_posts("private", 10)
    assert standin.requests_by_path()["/r/private/new"] == 1


def test_a_server_error_raises_naming_the_subreddit_after_prawcore_retries(
    standin: RedditStandIn, reddit: PrawReddit
) -> None:
    standin.fail_path("/r/broken/", 500)

    with pytest.raises(RedditError, match=r"^r/broken: HTTP 500 internal server error$"):
        reddit.new_comments("broken", 10)
    assert standin.requests_by_path()["/r/broken/comments"] == 3


def test_the_timeout_is_enforced(standin: RedditStandIn) -> None:
    standin.set_delay(5.0, path_prefix="/r/")
    client = adapter(standin, timeout_s=0.5)

    started = time.monotonic()
    with pytest.raises(RedditError, match=r"^r/slow: timed out after 0.5 s$"):
        client.new_posts("slow", 10)
    elapsed = time.monotonic() - started

    # 3 attempts of 0.5 s plus prawcore's random back-off (at most 2 s, then 4 s);
    # unenforced, each attempt would wait out the 5 s delay and then succeed.
    assert elapsed < 10.0
    assert standin.requests_by_path()["/r/slow/new"] == 3


def test_a_429_raises_at_once(standin: RedditStandIn, reddit: PrawReddit) -> None:
    standin.set_rate_limited()

    with pytest.raises(RedditError, match=r"^r/python: rate limited \(429\)$"):
        reddit.new_posts("python", 10)
    assert standin.requests_by_path()["/r/python/new"] == 1


def test_spending_the_whole_budget_is_a_429() -> None:
    with RedditStandIn(budget=0) as spent, pytest.raises(RedditError, match="rate limited"):
        adapter(spent).new_posts("python", 10)


def test_bad_credentials_raise_without_leaking_the_secret(standin: RedditStandIn) -> None:
    wrong = "wrong-secret-value"

    with pytest.raises(RedditError, match=r"access token refused: HTTP 401") as caught:
        adapter(standin, secret=wrong).new_posts("python", 10)

    shown = "".join(traceback.format_exception(caught.value))
    assert wrong not in shown and SECRET not in shown


def test_limits_follow_the_rate_limit_headers(standin: RedditStandIn, reddit: PrawReddit) -> None:
    assert reddit.limits == {"remaining": None, "used": None}

    reddit.new_posts("python", 10)
    reddit.new_comments("python", 10)

    # The token request is not an API call, so it is not counted against the budget.
    assert reddit.limits == {"remaining": 100_000 - 2, "used": 2}


def test_the_standin_counts_requests_by_path(standin: RedditStandIn, reddit: PrawReddit) -> None:
    standin.add_post(subreddit="python")

    reddit.new_posts("python", 10)
    reddit.new_comments("python", 10)

    assert standin.requests_by_path() == {
        "/api/v1/access_token": 1,
        "/r/python/new": 1,
        "/r/python/comments": 1,
    }
    assert standin.total_requests == 3
    standin.reset_counts()
    assert standin.total_requests == 0


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


def test_info_returns_mixed_kinds_by_fullname_and_skips_unknown_ones(
    standin: RedditStandIn, raw_praw: praw.Reddit
) -> None:
    post = standin.add_post(subreddit="python")
    comment = standin.add_comment(link_id=post["name"])

    found = list(raw_praw.info(fullnames=[comment["name"], "t3_unknown", post["name"]]))

    assert [thing.fullname for thing in found] == [comment["name"], post["name"]]


def test_a_comment_tree_nests_replies(standin: RedditStandIn, raw_praw: praw.Reddit) -> None:
    post = standin.add_post(subreddit="python")
    top = standin.add_comment(link_id=post["name"], body="top")
    standin.add_comment(link_id=post["name"], parent_id=top["name"], body="reply")

    submission = raw_praw.submission(post["id"])
    [got_top] = submission.comments

    assert submission.num_comments == 2
    assert got_top.body == "top"
    assert [reply.body for reply in got_top.replies] == ["reply"]


def test_before_pages_towards_newer_items(standin: RedditStandIn, raw_praw: praw.Reddit) -> None:
    fed = [standin.add_post(subreddit="python") for _ in range(5)]
    names = [data["name"] for data in fed]

    page = raw_praw.get("/r/python/new", params={"before": names[1], "limit": 2})
    nothing = raw_praw.get("/r/python/new", params={"before": "t3_zzzzzz"})

    assert [post.fullname for post in page] == [names[3], names[2]]
    assert (page.before, page.after) == (names[3], names[2])
    assert list(nothing) == []
