"""Reddit JSON, and PRAW's objects made from it, mapped to domain Posts and Comments."""

from datetime import UTC, datetime

import praw
import pytest
import requests
from praw.models import Comment as PrawComment
from praw.models import Submission

from adapters.reddit_mapping import (
    comment_from_data,
    comment_from_praw,
    post_from_data,
    post_from_praw,
)
from domain.model import Removal
from testkit.reddit_standin import Data, comment_data, post_data

CREATED = 1_700_000_000.0
EDITED = 1_700_000_600.5


def a_post(**fields: object) -> Data:
    return post_data("abc123", CREATED, {"subreddit": "Python", **fields})


def a_comment(**fields: object) -> Data:
    return comment_data("def4567", CREATED, {"link_id": "t3_abc123", **fields}, None)


class NoNetwork(requests.Session):
    def request(self, *args: object, **kwargs: object) -> requests.Response:
        raise AssertionError("mapping must not make PRAW fetch anything")


@pytest.fixture
def reddit() -> praw.Reddit:
    return praw.Reddit(
        client_id="id",
        client_secret="secret",
        user_agent="redditpulse-tests",
        check_for_updates=False,
        requestor_kwargs={"session": NoNetwork()},
    )


def test_a_self_post_maps_every_field() -> None:
    post = post_from_data(a_post(title="Hello", selftext="Body", score=7, num_comments=3))

    assert post.id == "abc123"
    assert post.subreddit == "Python"
    assert (post.title, post.body, post.author) == ("Hello", "Body", "standin_user")
    assert (post.score, post.num_comments) == (7, 3)
    assert post.created_utc == datetime.fromtimestamp(CREATED, tz=UTC)
    assert post.created_utc.tzinfo is UTC
    assert post.permalink == "/r/Python/comments/abc123/hello/"
    assert post.edited_utc is None


def test_a_link_post_keeps_its_target_url_and_has_no_body() -> None:
    post = post_from_data(a_post(url="https://example.org/article", selftext=""))

    assert post.url == "https://example.org/article"
    assert post.body == ""
    assert post.permalink.startswith("/r/Python/comments/abc123/")


@pytest.mark.parametrize("selftext", ["", None])
def test_an_empty_or_null_selftext_is_an_empty_body(selftext: str | None) -> None:
    assert post_from_data(a_post(selftext=selftext)).body == ""


def test_a_deleted_author_is_none() -> None:
    assert post_from_data(a_post(author="[deleted]")).author is None
    assert comment_from_data(a_comment(author="[deleted]")).author is None


def test_a_missing_author_is_none() -> None:
    data = a_comment()
    del data["author"]
    assert comment_from_data(data).author is None


def test_edited_false_is_none_and_a_timestamp_is_an_aware_utc_time() -> None:
    assert post_from_data(a_post(edited=False)).edited_utc is None
    edited = comment_from_data(a_comment(edited=EDITED)).edited_utc
    assert edited == datetime.fromtimestamp(EDITED, tz=UTC)
    assert edited is not None and edited.tzinfo is UTC


def test_edited_true_without_a_time_is_none() -> None:
    assert post_from_data(a_post(edited=True)).edited_utc is None


def test_unicode_and_emoji_are_preserved() -> None:
    text = "Ça marche 👍🏽 — 日本語\n\nzero\u200bwidth"
    assert post_from_data(a_post(title=text, selftext=text)).text == f"{text}\n\n{text}"
    assert comment_from_data(a_comment(body=text)).body == text


def test_a_comment_points_at_its_post_by_id_and_its_parent_by_fullname() -> None:
    comment = comment_from_data(a_comment(parent_id="t1_parent1", subreddit="Python", score=-2))

    assert comment.post_id == "abc123"
    assert comment.parent_id == "t1_parent1"
    assert (comment.subreddit, comment.score) == ("Python", -2)
    assert comment.created_utc == datetime.fromtimestamp(CREATED, tz=UTC)


def test_praw_objects_map_without_fetching(reddit: praw.Reddit) -> None:
    submission = Submission(reddit, _data=a_post(author="someone", edited=EDITED))
    comment = PrawComment(reddit, _data=a_comment(author="[deleted]"))

    post = post_from_praw(submission)
    mapped = comment_from_praw(comment)

    assert (post.author, post.subreddit) == ("someone", "Python")
    assert post.edited_utc == datetime.fromtimestamp(EDITED, tz=UTC)
    assert (mapped.author, mapped.post_id, mapped.subreddit) == (None, "abc123", "test")


def test_a_praw_submission_without_an_author_maps_to_none(reddit: praw.Reddit) -> None:
    data = a_post()
    del data["author"]
    assert post_from_praw(Submission(reddit, _data=data)).author is None


def test_a_live_post_and_comment_are_not_removed() -> None:
    assert post_from_data(a_post(selftext="Body")).removed is None
    assert comment_from_data(a_comment(body="Hi")).removed is None


def test_a_comment_whose_author_left_but_whose_text_stayed_is_not_removed() -> None:
    # In the samples: an account deleted later leaves its comments readable.
    comment = comment_from_data(a_comment(author="[deleted]", body="still here"))

    assert (comment.author, comment.body, comment.removed) == (None, "still here", None)


@pytest.mark.parametrize(
    ("marker", "removal"), [("[deleted]", Removal.DELETED), ("[removed]", Removal.REMOVED)]
)
def test_a_comment_body_marker_says_why_it_is_gone_and_is_kept_as_sent(
    marker: str, removal: Removal
) -> None:
    comment = comment_from_data(a_comment(author="[deleted]", body=marker))

    assert (comment.removed, comment.body, comment.author) == (removal, marker, None)


@pytest.mark.parametrize(
    ("marker", "removal"), [("[deleted]", Removal.DELETED), ("[removed]", Removal.REMOVED)]
)
def test_a_post_selftext_marker_says_why_it_is_gone_and_the_title_stays(
    marker: str, removal: Removal
) -> None:
    post = post_from_data(a_post(title="Still titled", selftext=marker))

    assert (post.removed, post.body, post.title) == (removal, marker, "Still titled")


@pytest.mark.parametrize(
    ("category", "removal"),
    [
        ("deleted", Removal.DELETED),
        ("moderator", Removal.REMOVED),
        ("reddit", Removal.REMOVED),
        ("automod_filtered", Removal.REMOVED),
        (None, None),
    ],
)
def test_removed_by_category_marks_a_link_post_whose_body_is_empty_anyway(
    category: str | None, removal: Removal | None
) -> None:
    data = a_post(url="https://example.org/a", selftext="", removed_by_category=category)

    assert post_from_data(data).removed is removal


def test_the_text_marker_wins_over_the_category() -> None:
    data = a_post(selftext="[deleted]", removed_by_category="moderator")

    assert post_from_data(data).removed is Removal.DELETED


def test_praw_objects_map_removals_without_fetching(reddit: praw.Reddit) -> None:
    submission = Submission(reddit, _data=a_post(selftext="[removed]"))
    comment = PrawComment(reddit, _data=a_comment(author="[deleted]", body="[deleted]"))

    assert post_from_praw(submission).removed is Removal.REMOVED
    assert comment_from_praw(comment).removed is Removal.DELETED
