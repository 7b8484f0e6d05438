"""The import's pure rules: selection, one copy per item, which copy is written and scored."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from domain.archive import (
    ArchiveChunk,
    ArchivedItem,
    ArchiveFile,
    ArchiveSelection,
    BadLine,
    ImportTally,
    SavedCounts,
    StoredCopy,
    freshest,
    plan_batch,
)
from domain.model import Comment, Post, Removal
from tests.fakes import T0, make_comment, make_post

HOUR = timedelta(hours=1)


def archived(item: Post | Comment, hours_after_t0: float = 1) -> ArchivedItem:
    return ArchivedItem(item, T0 + hours_after_t0 * HOUR)


def test_selection_matches_subreddits_in_any_case_and_none_means_every_one() -> None:
    chosen = ArchiveSelection(frozenset({"python"}))
    assert chosen.wants_subreddit("Python") and chosen.wants_subreddit("PYTHON")
    assert not chosen.wants_subreddit("rust")
    assert ArchiveSelection(None).wants_subreddit("anything")


def test_selection_time_range_includes_since_and_excludes_until() -> None:
    chosen = ArchiveSelection(None, since=T0, until=T0 + HOUR)
    assert chosen.wants_time(T0)
    assert chosen.wants_time(T0 + HOUR - timedelta(microseconds=1))
    assert not chosen.wants_time(T0 + HOUR)
    assert not chosen.wants_time(T0 - timedelta(seconds=1))


def test_freshest_keeps_the_copy_read_last_whatever_the_order() -> None:
    post = make_post()
    old, new = archived(dataclasses.replace(post, score=1), 1), archived(post, 5)
    assert freshest([new, old]) == [new]
    assert freshest([old, new]) == [new]


def test_freshest_keeps_posts_and_comments_with_the_same_id_apart() -> None:
    post = make_post()
    comment = dataclasses.replace(make_comment(post), id=post.id)
    assert len(freshest([archived(post), archived(comment)])) == 2


def test_a_new_item_is_written_and_scored() -> None:
    item = archived(make_post())
    plan = plan_batch([item], {})
    assert plan.to_write == [item] and plan.to_score == [0]


def test_a_copy_no_fresher_than_the_stored_one_is_left_alone() -> None:
    post = make_post()
    comment = archived(make_comment(post), 1)
    stored = {post.fullname: StoredCopy(T0 + 2 * HOUR, post.text)}
    plan = plan_batch([archived(post, 2), comment], stored)
    assert plan.to_write == [comment]
    assert plan.posts_unchanged == 1 and plan.comments_unchanged == 0


def test_a_fresher_copy_is_written_and_scored_only_if_its_text_changed() -> None:
    same, edited = make_post(title="same"), make_post(title="was")
    stored = {
        same.fullname: StoredCopy(T0, same.text),
        edited.fullname: StoredCopy(T0, edited.text),
    }
    changed = dataclasses.replace(edited, title="now")
    plan = plan_batch([archived(same, 1), archived(changed, 1)], stored)
    assert len(plan.to_write) == 2
    assert plan.to_score == [1]


def test_a_fresher_copy_of_a_removed_item_is_written_but_not_rescored() -> None:
    comment = make_comment(make_post(), body="kind words")
    removed = dataclasses.replace(comment, body="[removed]", removed=Removal.REMOVED)
    plan = plan_batch([archived(removed, 3)], {comment.fullname: StoredCopy(T0, comment.text)})
    assert len(plan.to_write) == 1 and plan.to_score == []


def test_tally_counts_copies_that_lost_to_a_fresher_stored_one_as_already_present() -> None:
    tally = ImportTally()
    tally.add_saved(SavedCounts(posts_new=2, comments_new=3, comments_updated=1), 3, 5)
    assert (tally.posts_new, tally.posts_unchanged) == (2, 1)
    assert (tally.comments_new, tally.comments_updated, tally.comments_unchanged) == (3, 1, 1)
    assert tally.stored == 6


def test_tally_keeps_the_first_bad_lines_as_examples_and_counts_them_all() -> None:
    tally = ImportTally.of([ArchiveFile("a.zst", 100)])
    bad = [BadLine("a.zst", n, "not JSON") for n in range(1, 26)]
    chunk = ArchiveChunk([], 25, bad, 0, 0, position=40, done=False)
    tally.add_chunk(chunk, ArchiveFile("a.zst", 100), read_before=0)
    assert tally.bad_lines == 25
    assert [b.line for b in tally.bad_examples] == list(range(1, ImportTally.MAX_EXAMPLES + 1))
    assert tally.bytes_read == 40 and tally.files_read == 0


def test_a_file_error_ends_the_file_and_is_kept_in_the_tally() -> None:
    file = ArchiveFile("a.zst", 100)
    tally = ImportTally.of([file])
    chunk = ArchiveChunk([], 0, [], 0, 0, position=10, done=True, error="corrupt")
    tally.add_chunk(chunk, file, read_before=0)
    assert tally.file_errors == [("a.zst", "corrupt")]
    assert tally.bytes_read == 100 and tally.files_read == 1
    assert not tally.readable


def test_repeats_within_a_batch_write_the_last_read_copy_and_count_the_rest_as_present() -> None:
    comment = make_comment(make_post())
    old, new = archived(comment, 1), archived(dataclasses.replace(comment, score=9), 2)
    plan = plan_batch([new, old, old], {})
    assert plan.to_write == [new]
    assert plan.comments_unchanged == 2
