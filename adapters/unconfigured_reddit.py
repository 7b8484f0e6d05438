"""The Reddit side when no credentials are set: every call fails, naming what is missing."""

from __future__ import annotations

from collections.abc import Sequence

from domain.errors import RedditNotConfigured
from domain.model import Kind, Page


class UnconfiguredReddit:
    def __init__(self, missing_settings: list[str]) -> None:
        self._message = (
            f"Reddit is not configured: set {' and '.join(missing_settings)} "
            "(or run `redditpulse serve --demo` for a simulated Reddit)"
        )

    def listing(self, kind: Kind, subreddits: Sequence[str], after: str | None, limit: int) -> Page:
        raise RedditNotConfigured(self._message)

    def info(self, fullnames: Sequence[str]) -> Page:
        raise RedditNotConfigured(self._message)
