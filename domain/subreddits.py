"""Subreddit names as users write them, and as redditpulse keeps them."""

from __future__ import annotations

import re
from collections.abc import Iterable

SUBREDDIT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{1,20}$")


# A name as users write it: maybe r/ or /r/ before it, / after it, spaces around; or
# nothing at all.
WRITTEN = re.compile(r"^\s*(?:/?r/)?([A-Za-z0-9][A-Za-z0-9_]{1,20})?/?\s*$")


def subreddit_name(value: str) -> str | None:
    """One name as a user may write it (r/Python, /r/python/, " python "), as kept; None
    for a blank. ValueError if it is not a subreddit name."""
    written = WRITTEN.fullmatch(value)
    if written is None:
        raise ValueError(f"not a subreddit name: {value.strip()}")
    return written[1]


def normalise_subreddits(values: Iterable[object]) -> list[str]:
    """Names without an r/ prefix, blanks and repeats (in any case) dropped, order kept.

    ValueError names every value that is not a subreddit name.
    """
    names, bad = [], []
    for value in values:
        try:
            name = subreddit_name(str(value))
        except ValueError:
            bad.append(str(value).strip())
            continue
        if name is not None:
            names.append(name)
    if bad:
        raise ValueError(f"not a subreddit name: {', '.join(bad)}")
    unique: dict[str, str] = {}
    for name in names:  # Reddit names are case-insensitive: keep the first spelling
        unique.setdefault(name.lower(), name)
    return list(unique.values())
