"""Sentiment scores from VADER (lexicon and rules; CPU-bound, so best run in a worker process)."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from domain.model import Sentiment


class VaderSentiment:
    """Synchronous scorer. Cheap to build and to pickle; the lexicon loads on first use."""

    def __init__(self) -> None:
        self._analyzer: SentimentIntensityAnalyzer | None = None

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

    def _loaded(self) -> SentimentIntensityAnalyzer:
        # Two threads racing here at worst both read the lexicon; the last one wins, no harm.
        if self._analyzer is None:
            self._analyzer = SentimentIntensityAnalyzer()
        return self._analyzer

    def __reduce__(self) -> tuple[object, tuple[()]]:
        # A process pool pickles the bound method on every submit. Sending only a reference
        # to the per-process instance keeps that tiny and lets each worker keep its lexicon.
        return (shared_vader, ())


@functools.cache
def shared_vader() -> VaderSentiment:
    """This process's VaderSentiment: what every unpickled VaderSentiment becomes."""
    return VaderSentiment()
