"""The trend statistic (G² against the baseline's rate), its rules, and the hourly counts
it reads: one author counts once per term per hour."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.term_hours import (
    ALL_ITEMS,
    HORIZON,
    author_bit,
    counted_since,
    distinct_authors,
    tally,
)
from domain.trending import (
    Rise,
    TermCounts,
    TermSample,
    TrendRules,
    TrendWindow,
    log_likelihood,
    rises,
    trending,
)
from tests.fakes import T0, make_comment, make_post

RULES = TrendRules()


def counts(term: str, window: float, baseline: float, mentions: int | None = None) -> TermCounts:
    n = int(window) if mentions is None else mentions
    return TermCounts(term, n, int(baseline), window, baseline, 0.5 * n)


def corpus(window: int, baseline: int, *terms: TermCounts) -> list[TermCounts]:
    return [TermCounts(ALL_ITEMS, window, baseline, window, baseline, 0.0), *terms]


def test_log_likelihood_matches_the_published_formula_worked_by_hand() -> None:
    # O1=10 in N1=1000, O2=10 in N2=10000: E1 = 20/11, E2 = 200/11,
    # G² = 2 (10 ln(5.5) + 10 ln(0.55)) = 22.138...
    assert log_likelihood(10, 1000, 10, 10_000) == pytest.approx(22.1382, abs=1e-4)
    # A term new in the window: G² = 2 O1 ln((N1 + N2) / N1).
    assert log_likelihood(30, 1000, 0, 7000) == pytest.approx(124.7665, abs=1e-4)


def test_log_likelihood_is_zero_when_the_rates_are_equal_and_grows_with_evidence() -> None:
    assert log_likelihood(10, 1000, 70, 7000) == pytest.approx(0.0, abs=1e-9)
    assert log_likelihood(20, 1000, 0, 7000) < log_likelihood(40, 1000, 0, 7000)
    assert log_likelihood(0, 1000, 0, 7000) == 0.0


def test_a_new_term_rises_and_a_steady_one_does_not() -> None:
    found = rises(corpus(1000, 7000, counts("new", 30, 0), counts("steady", 100, 700)), RULES)
    assert [r.counts.term for r in found] == ["new"]
    assert found[0].expected == 0.0
    assert found[0].score == pytest.approx(124.7665, abs=1e-4)


def test_rates_not_counts_decide_a_busier_window_lifts_nothing() -> None:
    # Three times the items in the window, and so three times the common word.
    busy = corpus(3000, 7000, counts("common", 300, 700))
    assert rises(busy, RULES) == []


def test_a_significant_but_small_rise_is_not_a_trend() -> None:
    # 1.5x the baseline's rate, with plenty of data: G² is large, the ratio is not.
    found = rises(corpus(10_000, 70_000, counts("bit more", 1500, 7000)), RULES)
    assert log_likelihood(1500, 10_000, 7000, 70_000) > RULES.min_score
    assert found == []


def test_minimum_support_mentions_and_authors() -> None:
    few_mentions = counts("few", 9, 0)
    few_authors = counts("spam", 4, 0, mentions=300)
    enough = counts("enough", 12, 0)
    found = rises(corpus(1000, 7000, few_mentions, few_authors, enough), RULES)
    assert [r.counts.term for r in found] == ["enough"]


def test_strongest_first() -> None:
    found = rises(corpus(1000, 7000, counts("b", 20, 0), counts("a", 60, 10)), RULES)
    assert [r.counts.term for r in found] == ["a", "b"]
    assert found[0].score > found[1].score


def test_without_a_baseline_nothing_can_rise() -> None:
    assert rises(corpus(1000, 0, counts("new", 30, 0)), RULES) == []
    assert rises([counts("new", 30, 0)], RULES) == []


def test_one_author_in_every_hour_of_the_window_is_still_one_author() -> None:
    rise = Rise(counts("spam", 24, 0, mentions=300), expected=0.0, score=100.0)
    one_author = TermSample(author_bits=1 << 5, post_ids=("p1",))
    assert trending([rise], {"spam": one_author}, RULES) == []
    many = TermSample(author_bits=(1 << 20) - 1, post_ids=("p3", "p2", "p1", "p0"))
    [term] = trending([rise], {"spam": many}, RULES)
    assert term.authors == 24  # 20 bits set estimates ~24, capped by the 24 author-hours
    assert term.sample_post_ids == ("p3", "p2", "p1")
    assert term.mean_compound == 0.5


def test_linear_counting_estimate_capped_by_mentions() -> None:
    assert distinct_authors(0, 10) == 0.0
    assert distinct_authors(1, 10) == pytest.approx(1.0079, abs=1e-4)
    assert distinct_authors((1 << 32) - 1, 1000) == pytest.approx(44.3614, abs=1e-4)
    assert distinct_authors((1 << 32) - 1, 40) == 40.0
    assert distinct_authors((1 << 64) - 1, 500) == 500.0


def test_tally_counts_a_term_once_per_item_and_an_author_once_per_hour() -> None:
    post = make_post(title="zebra zebra zebra", author="alice", created_utc=T0)
    spam = [
        make_comment(post, body="zebra", author="bob", created_utc=T0 + timedelta(minutes=m))
        for m in range(1, 31)
    ]
    counted = tally([post, *spam], {}, since=T0 - HORIZON)
    row = counted[(T0, "python")]["zebra"]
    assert row.mentions == 31
    assert row.author_bits == author_bit(post) | author_bit(spam[0])
    assert row.authors <= 2.1
    assert counted[(T0, "python")][ALL_ITEMS].mentions == 31


def test_tally_skips_items_older_than_the_horizon() -> None:
    old = make_post(title="zebra", created_utc=T0 - HORIZON - timedelta(hours=1))
    assert tally([old], {}, since=counted_since(T0)) == {}


def test_deleted_authors_count_one_each() -> None:
    post = make_post(created_utc=T0)
    gone = [make_comment(post, author=None, created_utc=T0) for _ in range(3)]
    assert len({author_bit(c) for c in gone}) >= 2  # item ids, not one shared "[deleted]"


def test_the_window_ends_with_the_current_hour_and_the_baseline_is_the_week_before() -> None:
    window = TrendWindow.ending(T0 + timedelta(minutes=42), hours=24)
    assert window.start == T0 - timedelta(hours=23)
    assert window.baseline_start == window.start - timedelta(days=7)
