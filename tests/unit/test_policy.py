"""Grouping subreddits into combined listing requests."""

from __future__ import annotations

from domain.policy import GROUP_ITEMS, MAX_GROUP_PATH_CHARS, request_groups


def test_quiet_subreddits_share_one_group() -> None:
    assert request_groups(["a", "b", "c"], {}) == [["a", "b", "c"]]


def test_groups_keep_their_combined_name_short() -> None:
    names = [f"subreddit_{i:03d}" for i in range(200)]
    groups = request_groups(names, {})
    assert sorted(n for g in groups for n in g) == names
    assert all(len("+".join(g)) <= MAX_GROUP_PATH_CHARS for g in groups)
    assert len(groups) == 3


def test_busy_subreddits_are_split_so_each_listing_stays_within_reach() -> None:
    expected = {"busy1": 500.0, "busy2": 500.0, "quiet1": 5.0, "quiet2": 1.0}
    groups = request_groups(["quiet1", "busy1", "quiet2", "busy2"], expected)
    assert all(sum(expected[n] for n in g) <= GROUP_ITEMS for g in groups)
    assert groups == [["busy1"], ["busy2", "quiet1", "quiet2"]]


def test_a_subreddit_busier_than_a_listing_reaches_gets_a_group_of_its_own() -> None:
    groups = request_groups(["torrent", "calm"], {"torrent": 5000.0, "calm": 3.0})
    assert groups == [["torrent"], ["calm"]]
