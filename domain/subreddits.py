"""Subreddit names as users write them, and as redditpulse keeps them."""

from __future__ import annotations

import re
from collections.abc import Iterable

SUBREDDIT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{1,20}$")


def normalise_subreddits(values: Iterable[object]) -> list[str]:
    """Names without an r/ prefix, blanks and repeats (in any case) dropped, order kept.

    ValueError names every value that is not a subreddit name.
    """
    names = [str(v).strip().removeprefix("r/") for v in values if str(v).strip()]
    bad = [n for n in names if not SUBREDDIT_NAME.match(n)]
    if bad:
        raise ValueError(f"not a subreddit name: {', '.join(bad)}")
    unique: dict[str, str] = {}
    for name in names:  # Reddit names are case-insensitive: keep the first spelling
        unique.setdefault(name.lower(), name)
    return list(unique.values())
