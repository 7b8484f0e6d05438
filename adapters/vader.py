"""Sentiment scores from VADER (lexicon and rules; CPU-bound, so best run in a worker process)."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from domain.model import Sentiment


class LinearVader(SentimentIntensityAnalyzer):  # type: ignore[misc]
    """vaderSentiment's analyzer, giving the same scores in linear time.

    Two of its checks lower-case every word of the text for each sentiment word, so a
    text's cost grows with its length squared, though they look at most three words back
    and two ahead. Given just that window of words they answer the same, so long texts
    cost what short ones do per word (1.7x faster on Reddit-like comments, equal results:
    tests/unit/test_vader.py compares the two on thousands of texts).
    """

    @staticmethod
    def _negation_check(valence: float, words: list[str], start_i: int, i: int) -> float:
        # Called with i > start_i, so it reads words[i - 3 : i + 1] at most.
        low = max(0, i - 3)
        check = SentimentIntensityAnalyzer._negation_check
        return float(check(valence, words[low : i + 1], start_i, i - low))

    @staticmethod
    def _special_idioms_check(valence: float, words: list[str], i: int) -> float:
        check = SentimentIntensityAnalyzer._special_idioms_check
        if i < 3:  # never so when called by the analyzer; its negative indices wrap around
            return float(check(valence, words, i))
        return float(check(valence, words[i - 3 : i + 3], 3))


class VaderSentiment:
    """Synchronous scorer. Cheap to build and to pickle; the lexicon loads on first use."""

    def __init__(self) -> None:
        self._analyzer: LinearVader | None = None

    def score(self, text: str) -> Sentiment:
        scores = self._loaded().polarity_scores(text)
        return Sentiment(
            compound=scores["compound"],
            positive=scores["pos"],
            neutral=scores["neu"],
            negative=scores["neg"],
        )

    def score_many(self, texts: Sequence[str]) -> list[Sentiment]:
        return [self.score(text) for text in texts]

    def _loaded(self) -> LinearVader:
        # Two threads racing here at worst both read the lexicon; the last one wins, no harm.
        if self._analyzer is None:
            self._analyzer = LinearVader()
        return self._analyzer

    def __reduce__(self) -> tuple[object, tuple[()]]:
        # A process pool pickles the bound method on every submit. Sending only a reference
        # to the per-process instance keeps that tiny and lets each worker keep its lexicon.
        return (shared_vader, ())


@functools.cache
def shared_vader() -> VaderSentiment:
    """This process's VaderSentiment: what every unpickled VaderSentiment becomes."""
    return VaderSentiment()
