"""Tracked topics: a name and the aliases that mention it, matched as whole words.

Matching ignores case (Unicode case folding as `re` does it) and needs a word boundary on
both sides of an alias, so `claude code` is found in "Claude Code rocks" and in
"(claude code)" but not in "claude coder" or "myclaude code". Any run of spaces inside an
alias matches any run of whitespace in the text. The topic's name is one of its aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.series import Counts

MAX_NAME = 100
MAX_ALIASES = 50
LOW_SAMPLE = 10  # fewer mentions than this in a window: too few to read as a trend


class InvalidTopic(ValueError):
    """A topic name or alias that cannot be matched; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    aliases: tuple[str, ...]  # as given, without the name

    @classmethod
    def of(cls, name: str, aliases: Iterable[str]) -> Topic:
        """A validated topic: names and aliases trimmed, duplicates (by case) dropped."""
        name = _checked("topic name", name)
        kept: dict[str, str] = {}
        for alias in aliases:
            alias = _checked("alias", alias)
            kept.setdefault(alias.casefold(), alias)
        kept.pop(name.casefold(), None)
        if len(kept) > MAX_ALIASES:
            raise InvalidTopic(f"at most {MAX_ALIASES} aliases per topic, got {len(kept)}")
        return cls(name, tuple(kept.values()))

    @property
    def key(self) -> str:
        return self.name.casefold()

    @property
    def terms(self) -> tuple[str, ...]:
        """Everything that mentions it: the name, then the aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class TopicState:
    """A topic, its counts within a window, and how far matching its history has got."""

    topic: Topic
    counts: Counts
    matching_done: bool
    progress: float  # the share of stored items matched so far; 1.0 when done

    @property
    def low_sample(self) -> bool:
        return self.counts.items < LOW_SAMPLE


class TopicMatcher:
    """Finds which of some topics a text mentions."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self._patterns = [(topic, _pattern(topic.terms)) for topic in topics]

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def topics_in(self, text: str) -> list[Topic]:
        return [topic for topic, pattern in self._patterns if pattern.search(text)]


def _pattern(terms: Sequence[str]) -> re.Pattern[str]:
    # Longest first, so that one alias inside another never hides the longer one.
    words = sorted(terms, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, term.split())) for term in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _checked(what: str, value: str) -> str:
    trimmed = " ".join(value.split())
    if not trimmed:
        raise InvalidTopic(f"{what} is empty")
    if len(trimmed) > MAX_NAME:
        raise InvalidTopic(f"{what} {trimmed[:20]!r}... is longer than {MAX_NAME} characters")
    return trimmed
