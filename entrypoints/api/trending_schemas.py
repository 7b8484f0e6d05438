"""Response body of the trending endpoint."""

from __future__ import annotations

from pydantic import Field

from entrypoints.api.schemas import Out


class TrendingTermOut(Out):
    term: str = Field(description="a lower-case word or pair of words")
    mentions: int = Field(description="items that used it in the window")
    authors: int = Field(description="distinct authors of those items (estimated)")
    author_hours: float = Field(
        description="authors counted once per hour: what the score compares"
    )
    expected: float = Field(description="the author-hours the baseline's rate predicts")
    score: float = Field(description="log-likelihood G² of the rise over the baseline")
    mean_compound: float | None = Field(description="mean VADER compound of those items")
    sample_post_ids: list[str] = Field(description="up to 3 posts where it was used, newest")


class TrendingOut(Out):
    subreddit: str | None
    hours: int
    items: list[TrendingTermOut]  # strongest rise first
