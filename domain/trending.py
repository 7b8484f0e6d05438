"""Trending terms: terms used in the last hours far more than their baseline predicts.

The count of a term is its author-hours (each author once per term per hour, estimated
from the hourly sketches), so one author repeating a word adds one per hour at most. A
window's size is its number of items. The baseline is the 7 days before the window, or
whatever part of them was counted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.term_hours import ALL_ITEMS, distinct_authors

BASELINE = timedelta(days=7)
MAX_HOURS = 168


@dataclass(frozen=True, slots=True)
class TrendWindow:
    """The last `hours` UTC hours (the current one included) and the baseline before them."""

    start: datetime
    baseline_start: datetime

    @classmethod
    def ending(cls, now: datetime, hours: int) -> TrendWindow:
        start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=hours - 1)
        return cls(start, start - BASELINE)


@dataclass(frozen=True, slots=True)
class TrendRules:
    """Minimum support and how strong a rise must be to count as a trend."""

    min_mentions: int = 10  # items in the window
    min_authors: int = 5  # distinct authors in the window
    # G² >= 15.13 is p < 0.0001 for one degree of freedom: Rayson's cut-off for keyness
    # when thousands of terms are compared at once.
    min_score: float = 15.13
    # At least twice the baseline's rate (Hardie's Log Ratio >= 1): with much data, G²
    # alone calls a tiny rise significant.
    min_ratio: float = 2.0


@dataclass(frozen=True, slots=True)
class TermCounts:
    """One term in a window and in its baseline (the store's sums of hourly rows)."""

    term: str
    mentions: int
    baseline_mentions: int
    author_hours: float
    baseline_author_hours: float
    compound_sum: float


@dataclass(frozen=True, slots=True)
class TermSample:
    """A term over the window's hours: its authors' sketches ORed, and posts newest first."""

    author_bits: int
    post_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rise:
    """A term used more in the window than its baseline predicts, and by how much."""

    counts: TermCounts
    expected: float  # the author-hours the baseline's rate predicts for the window
    score: float  # G²


@dataclass(frozen=True, slots=True)
class TrendingTerm:
    term: str
    mentions: int
    authors: int
    author_hours: float
    expected: float
    score: float
    mean_compound: float | None
    sample_post_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TrendSnapshot:
    """A window's trending terms as computed at one moment (the longest list kept)."""

    computed_at: datetime
    terms: list[TrendingTerm]


def log_likelihood(observed: float, size: float, baseline: float, baseline_size: float) -> float:
    """G² of a term's frequency in a corpus against a reference corpus (Dunning 1993, in
    the form of Rayson and Garside 2000):

        E1 = N1 (O1 + O2) / (N1 + N2),   E2 = N2 (O1 + O2) / (N1 + N2)
        G² = 2 (O1 ln(O1 / E1) + O2 ln(O2 / E2))     with 0 ln 0 = 0

    O1, O2: the term's counts in the window and the baseline; N1, N2: their sizes.
    """
    both = observed + baseline
    total = size + baseline_size
    if both <= 0 or total <= 0:
        return 0.0
    g2 = 0.0
    for count, corpus in ((observed, size), (baseline, baseline_size)):
        if count > 0:
            g2 += count * math.log(count / (corpus * both / total))
    return 2 * g2


def rises(counts: Sequence[TermCounts], rules: TrendRules) -> list[Rise]:
    """Terms over-represented in the window beyond the rules, strongest first. Empty when
    the window or its baseline has no items (nothing to compare)."""
    total = next((c for c in counts if c.term == ALL_ITEMS), None)
    if total is None or total.mentions <= 0 or total.baseline_mentions <= 0:
        return []
    size, baseline_size = total.mentions, total.baseline_mentions
    found: list[Rise] = []
    for term in counts:
        if term.term == ALL_ITEMS or term.mentions < rules.min_mentions:
            continue
        if term.author_hours < rules.min_authors:
            continue
        expected = term.baseline_author_hours * size / baseline_size
        if term.author_hours < rules.min_ratio * expected:
            continue
        score = log_likelihood(term.author_hours, size, term.baseline_author_hours, baseline_size)
        if score >= rules.min_score:
            found.append(Rise(term, expected, score))
    found.sort(key=lambda r: (-r.score, r.counts.term))
    return found


def trending(
    candidates: Sequence[Rise], samples: Mapping[str, TermSample], rules: TrendRules
) -> list[TrendingTerm]:
    """The candidates used by enough distinct authors over the whole window (so one author
    posting every hour is still one author), in the candidates' order."""
    found: list[TrendingTerm] = []
    for rise in candidates:
        counts, sample = rise.counts, samples.get(rise.counts.term)
        if sample is None:
            continue
        most = min(counts.author_hours, counts.mentions)
        authors = distinct_authors(sample.author_bits, most)
        if authors < rules.min_authors:
            continue
        mean = counts.compound_sum / counts.mentions if counts.mentions else None
        found.append(
            TrendingTerm(
                term=counts.term,
                mentions=counts.mentions,
                authors=round(authors),
                author_hours=round(counts.author_hours, 1),
                expected=round(rise.expected, 2),
                score=round(rise.score, 1),
                mean_compound=None if mean is None else round(mean, 4),
                sample_post_ids=sample.post_ids[:3],
            )
        )
    return found
