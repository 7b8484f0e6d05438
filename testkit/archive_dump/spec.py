"""What to generate: DumpSpec and the rates of the quirks of real dump files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from typing import Literal

from testkit.archive_dump.names import OTHER_SUBREDDITS, TARGET_SUBREDDITS, numbered

Layout = Literal["subreddit", "monthly"]


@dataclass(frozen=True)
class QuirkRates:
    """Share of items (0..1) that show each quirk of real dump files."""

    string_created_utc: float = 0.02  # "1700000000" instead of 1700000000, as in older files
    edited: float = 0.05  # `edited` is a timestamp instead of false
    deleted_author: float = 0.03  # account deleted: author "[deleted]", text kept
    deleted_text: float = 0.03  # deleted by its author: text and author "[deleted]"
    removed_text: float = 0.03  # removed by a moderator or by Reddit: text "[removed]"
    duplicate: float = 0.01  # a second, fresher copy (later retrieved_on, other score) follows
    extra_keys: float = 0.02  # keys an importer does not know

    @classmethod
    def none(cls) -> QuirkRates:
        """Clean files: no quirk at all."""
        return cls(**{f.name: 0.0 for f in fields(cls)})


@dataclass(frozen=True)
class DumpSpec:
    """Everything that decides the generated files; the same spec gives the same bytes."""

    subreddits: Sequence[str] | int = 14  # names, or how many names to take from a built-in list
    other_subreddits: int = 0  # subreddits an importer filtering by subreddit should skip
    posts: int = 1_000  # across all subreddits, other ones included
    comments: int = 10_000
    days: float = 30
    end: datetime | None = None  # None: now (UTC) rounded down to the day
    layout: Layout = "subreddit"
    seed: int = 1
    quirks: QuirkRates = field(default_factory=QuirkRates)
    link_post_rate: float = 0.5  # posts with a URL and an empty selftext
    bad_lines: int = 0  # lines that are no valid item, spread over the files
    truncate_last_line: bool = False  # one file ends with a cut-short line, as a broken download
    plain: bool = False  # uncompressed .ndjson instead of .zst

    def target_names(self) -> list[str]:
        if isinstance(self.subreddits, int):
            return numbered(TARGET_SUBREDDITS, self.subreddits)
        return list(self.subreddits)

    def other_names(self) -> list[str]:
        return numbered(OTHER_SUBREDDITS, self.other_subreddits)

    def window(self) -> tuple[int, int]:
        """[start, end) of created_utc in epoch seconds."""
        end = self.end or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        if end.tzinfo is None:
            end = end.replace(tzinfo=UTC)
        start = end - timedelta(days=self.days)
        return int(start.timestamp()), int(end.timestamp())

    def check(self) -> None:
        """Raise ValueError for a spec that cannot be generated."""
        targets, others = self.target_names(), self.other_names()
        if isinstance(self.subreddits, str) or not targets:
            raise ValueError("subreddits: give a count > 0 or a list of names")
        if len(set(targets + others)) != len(targets) + len(others):
            raise ValueError("subreddit names must be distinct")
        if self.posts < 0 or self.comments < 0 or self.bad_lines < 0:
            raise ValueError("posts, comments and bad_lines cannot be negative")
        if self.comments and not self.posts:
            raise ValueError("comments need at least one post")
        start, end = self.window()
        if end - start < 3600:
            raise ValueError("days: the window must be at least an hour")
        if self.bad_lines and not self.posts:
            raise ValueError("bad lines go between items: generate some")
        rates = [getattr(self.quirks, rate.name) for rate in fields(QuirkRates)]
        text_rates = self.quirks.deleted_author + self.quirks.deleted_text
        if not all(0 <= rate <= 1 for rate in [*rates, self.link_post_rate]):
            raise ValueError("rates are shares between 0 and 1")
        if text_rates + self.quirks.removed_text > 1:
            raise ValueError("deleted_author, deleted_text and removed_text exclude each other")
