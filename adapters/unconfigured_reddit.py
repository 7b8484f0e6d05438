"""The Reddit side when no credentials are set: every call fails, naming what is missing."""

from __future__ import annotations

from domain.errors import RedditNotConfigured
from domain.model import Comment, Post


class UnconfiguredReddit:
    def __init__(self, missing_settings: list[str]) -> None:
        self._message = (
            f"Reddit is not configured: set {' and '.join(missing_settings)} "
            "(or run `redditpulse serve --demo` for a simulated Reddit)"
        )

    def new_posts(self, subreddit: str, limit: int) -> list[Post]:
        raise RedditNotConfigured(self._message)

    def new_comments(self, subreddit: str, limit: int) -> list[Comment]:
        raise RedditNotConfigured(self._message)

    @property
    def limits(self) -> dict[str, int | None]:
        return {"remaining": None, "used": None}
