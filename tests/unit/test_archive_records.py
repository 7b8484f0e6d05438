"""One dump line as an archived item: every quirk of the published dumps, and bad lines."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from adapters.archive.records import Skipped, read_line
from domain.archive import ArchivedItem, ArchiveSelection
from domain.model import Comment, Post, Removal

EVERYTHING = ArchiveSelection(None)
CREATED = 1_700_000_000
RETRIEVED = CREATED + 7200


def post_line(**fields: object) -> bytes:
    data = {
        "id": "17abcd",
        "name": "t3_17abcd",
        "author": "someone",
        "created_utc": CREATED,
        "subreddit": "Python",
        "subreddit_id": "t5_2qh0y",
        "title": "A title",
        "selftext": "A body",
        "url": "https://www.reddit.com/r/Python/comments/17abcd/",
        "permalink": "/r/Python/comments/17abcd/a_title/",
        "score": 12,
        "num_comments": 3,
        "edited": False,
        "retrieved_on": RETRIEVED,
        "over_18": False,
    }
    data.update(fields)
    return orjson.dumps({k: v for k, v in data.items() if v is not ...})


def comment_line(**fields: object) -> bytes:
    data = {
        "id": "k0abcd",
        "name": "t1_k0abcd",
        "author": "someone",
        "body": "Nice!",
        "created_utc": CREATED,
        "link_id": "t3_17abcd",
        "parent_id": "t3_17abcd",
        "subreddit": "Python",
        "score": 2,
        "edited": False,
        "retrieved_on": RETRIEVED,
    }
    data.update(fields)
    return orjson.dumps({k: v for k, v in data.items() if v is not ...})


def item(line: bytes, selection: ArchiveSelection = EVERYTHING) -> ArchivedItem:
    outcome = read_line(line, selection)
    assert isinstance(outcome, ArchivedItem), outcome
    return outcome


def test_a_post_line_becomes_the_same_post_the_live_collector_would_store() -> None:
    archived = item(post_line())
    post = archived.item
    assert isinstance(post, Post)
    assert (post.id, post.subreddit, post.title, post.body) == (
        "17abcd",
        "Python",
        "A title",
        "A body",
    )
    assert (post.score, post.num_comments, post.author) == (12, 3, "someone")
    assert post.created_utc == datetime.fromtimestamp(CREATED, UTC)
    assert archived.retrieved_utc == datetime.fromtimestamp(RETRIEVED, UTC)


def test_a_comment_line_points_at_its_post_and_parent() -> None:
    comment = item(comment_line(parent_id="t1_k0aaaa")).item
    assert isinstance(comment, Comment)
    assert (comment.post_id, comment.parent_id, comment.body) == ("17abcd", "t1_k0aaaa", "Nice!")


def test_the_kind_comes_from_the_content_not_the_name_field() -> None:
    assert isinstance(item(comment_line(name=...)).item, Comment)
    assert isinstance(item(post_line(name=...)).item, Post)


def test_created_utc_as_a_string_in_older_files() -> None:
    assert item(comment_line(created_utc=str(CREATED))).item.created_utc.timestamp() == CREATED
    assert item(post_line(created_utc=f"{CREATED}.0")).item.created_utc.timestamp() == CREATED


def test_edited_is_false_or_a_time() -> None:
    assert item(comment_line(edited=False)).item.edited_utc is None
    edited = item(comment_line(edited=CREATED + 60)).item.edited_utc
    assert edited == datetime.fromtimestamp(CREATED + 60, UTC)


def test_a_deleted_author_is_none() -> None:
    assert item(comment_line(author="[deleted]")).item.author is None


@pytest.mark.parametrize(
    ("text", "removal"), [("[removed]", Removal.REMOVED), ("[deleted]", Removal.DELETED)]
)
def test_removed_or_deleted_text_marks_the_item_gone(text: str, removal: Removal) -> None:
    assert item(comment_line(body=text)).item.removed is removal
    assert item(post_line(selftext=text)).item.removed is removal


def test_a_link_post_removed_by_moderators_is_known_by_its_category() -> None:
    post = item(post_line(selftext="", removed_by_category="moderator")).item
    assert post.removed is Removal.REMOVED


def test_retrieval_time_is_the_latest_the_line_gives_and_never_before_creation() -> None:
    meta = {"retrieved_2nd_on": RETRIEVED + 100, "note": "x"}
    assert item(comment_line(_meta=meta)).retrieved_utc.timestamp() == RETRIEVED + 100
    no_time = item(comment_line(retrieved_on=...))
    assert no_time.retrieved_utc == no_time.item.created_utc
    assert item(comment_line(retrieved_on=str(RETRIEVED))).retrieved_utc.timestamp() == RETRIEVED


def test_unknown_keys_are_ignored() -> None:
    assert item(comment_line(gildings={"gid_1": 1}, all_awardings=[], new_field=None))


def test_nul_characters_are_dropped_as_postgresql_text_cannot_hold_them() -> None:
    assert item(comment_line(body="a\x00b")).item.body == "ab"
    assert item(post_line(title="t\x00", selftext="\x00b")).item.text == "t\n\nb"


def test_other_subreddits_and_times_outside_the_range_are_skipped_not_bad() -> None:
    only_rust = ArchiveSelection(frozenset({"rust"}))
    assert read_line(comment_line(), only_rust) is Skipped.OTHER_SUBREDDIT
    later = ArchiveSelection(None, since=datetime.fromtimestamp(CREATED + 1, UTC))
    assert read_line(comment_line(), later) is Skipped.OUT_OF_RANGE
    assert read_line(b"  \r", EVERYTHING) is Skipped.BLANK


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b'{"id": "k0abcd", "body": "cut sh', "not JSON"),
        (b"\xff\xfe garbage", "not JSON"),
        (b"[1, 2, 3]", "not a JSON object"),
        (b'"just a string"', "not a JSON object"),
        (comment_line(subreddit=...), "no subreddit"),
        (comment_line(id=...), "missing field 'id'"),
        (comment_line(id=12345), "missing field 'id'"),
        (comment_line(created_utc=...), "missing field 'created_utc'"),
        (comment_line(created_utc="yesterday"), "bad value"),
        (comment_line(created_utc=1e30), "bad value"),
        (comment_line(link_id=None), "bad value"),
        (comment_line(score=2**40), "out of range"),
        (comment_line(author="x" * 65), "author longer than 64"),
        (comment_line(id="x" * 17), "id longer than 16"),
        (comment_line(id=""), "empty id"),
        (orjson.dumps({"subreddit": "Python", "id": "x"}), "neither a post nor a comment"),
    ],
)
def test_a_bad_line_says_why(line: bytes, reason: str) -> None:
    outcome = read_line(line, EVERYTHING)
    assert isinstance(outcome, str) and reason in outcome, outcome
