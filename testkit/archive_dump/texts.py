"""Reddit-like English: comment bodies, post titles and selftexts, links."""

from __future__ import annotations

import random
from typing import Literal

from testkit.archive_dump.words import (
    ENDINGS,
    LINK_TEXTS,
    NEGATIVE,
    NEUTRAL,
    OPENERS,
    POSITIVE,
    SHORT,
    TAILS,
    URL_WORDS,
    URLS,
)

Mood = Literal["positive", "negative", "neutral"]
Sentence = tuple[str, int]  # text, number of words

_CORES: dict[Mood, tuple[str, ...]] = {
    "positive": POSITIVE,
    "negative": NEGATIVE,
    "neutral": NEUTRAL,
}
_MOODS: tuple[Mood, ...] = ("positive", "negative", "neutral")
# Word counts of real comments are about log-normal: median ~15, mean ~30, a tail to hundreds.
_BODY_MEDIAN, _BODY_SIGMA, _BODY_MAX = 15.0, 1.18, 400
_SELFTEXT_MEDIAN, _SELFTEXT_SIGMA, _SELFTEXT_MAX = 50.0, 1.0, 800
_SENTENCES_PER_MOOD = 3000  # drawn once, then reused: random per sentence, not per word
_MAX_WORDS = 40  # longest sentence that can be built
_OWN_MOOD = 0.8  # share of a text's sentences in the text's own mood


class _Pool:
    """The sentences of one mood, by word count."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.exact: list[list[Sentence]] = [[] for _ in range(_MAX_WORDS + 1)]
        for sentence in sentences:
            self.exact[sentence[1]].append(sentence)
        self.upto: list[list[Sentence]] = [[]]  # upto[n]: the sentences of at most n words
        for words in range(1, _MAX_WORDS + 1):
            self.upto.append(self.upto[-1] + self.exact[words])


def _sentence(rng: random.Random, mood: Mood) -> str:
    parts = [rng.choice(OPENERS)] if rng.random() < 0.2 else []
    parts.append(rng.choice(_CORES[mood]))
    parts += rng.sample(TAILS, rng.choice((0, 0, 0, 1, 1, 1, 2, 2, 3)))
    text = " ".join(parts)
    return text[0].upper() + text[1:] + rng.choice(ENDINGS[mood])


def _pool(rng: random.Random, mood: Mood) -> _Pool:
    texts = [_sentence(rng, mood) for _ in range(_SENTENCES_PER_MOOD)] + list(SHORT[mood])
    return _Pool([(text, len(text.split())) for text in texts])


def _url(rng: random.Random, template: str) -> str:
    first, second = rng.sample(URL_WORDS, 2)
    return template.format(n=rng.randrange(10_000, 99_999), w=first, w2=second)


class TextSource:
    """Draws texts from one random stream, so a seed gives the same texts."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._pools = {mood: _pool(rng, mood) for mood in _MOODS}
        self._urls = [_url(rng, template) for template in URLS * 20]

    def url(self) -> str:
        return self._rng.choice(self._urls)

    def title(self) -> str:
        """4 to 15 words."""
        pool = self._pools[self._mood()]
        words = self._rng.randint(4, 15)
        return self._rng.choice(pool.exact[words] or pool.upto[words])[0]

    def body(self) -> str:
        return self._text(_BODY_MEDIAN, _BODY_SIGMA, _BODY_MAX)

    def selftext(self) -> str:
        return self._text(_SELFTEXT_MEDIAN, _SELFTEXT_SIGMA, _SELFTEXT_MAX)

    def _mood(self) -> Mood:
        draw = self._rng.random()
        return "positive" if draw < 0.4 else "negative" if draw < 0.7 else "neutral"

    def _text(self, median: float, sigma: float, most: int) -> str:
        rng, own = self._rng, self._pools[self._mood()]
        remaining = min(most, max(1, round(median * rng.lognormvariate(0, sigma))))
        sentences = []
        while remaining > 0:
            pool = own if rng.random() < _OWN_MOOD else self._pools[rng.choice(_MOODS)]
            fitting = pool.upto[min(remaining, _MAX_WORDS)]
            text, words = fitting[int(rng.random() * len(fitting))]
            sentences.append(text)
            remaining -= words
        return self._markdown(sentences)

    def _markdown(self, sentences: list[str]) -> str:
        """Join sentences into paragraphs, sometimes with a quote, bold text or a link."""
        draw = self._rng.random()
        if draw < 0.04:
            sentences[0] = f"**{sentences[0]}**"
        elif draw < 0.08:
            sentences.append(f"[{self._rng.choice(LINK_TEXTS)}]({self.url()})")
        elif draw < 0.12:
            sentences.append(self.url())
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        if 0.12 <= draw < 0.17:
            quoted = self._rng.choice(self._pools["neutral"].upto[12])[0]
            paragraphs.insert(0, "> " + quoted)
        return "\n\n".join(paragraphs)
