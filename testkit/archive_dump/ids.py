"""Reddit-style base36 ids and fullnames."""

from __future__ import annotations

import zlib
from functools import cache

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

# Where the id counters start: the size of real ids from late 2024 on (7 base36 digits).
FIRST_POST_ID = int("1h00000", 36)
FIRST_COMMENT_ID = int("m000000", 36)
_FIRST_USER_ID = int("1000000", 36)
_FIRST_SUBREDDIT_ID = int("2q00000", 36)


# Two digits per step: ids are made a few million times, this halves the cost.
_PAIRS = [high + low for high in _DIGITS for low in _DIGITS]


def base36(number: int) -> str:
    """Lower-case base36, as Reddit writes ids."""
    pairs: list[str] = []
    while number >= 36:
        number, pair = divmod(number, 36 * 36)
        pairs.append(_PAIRS[pair])
    text = _DIGITS[number] + "".join(reversed(pairs))
    return text.lstrip("0") or "0"


@cache  # each post's id is also the link_id of its comments
def post_id(rank: int) -> str:
    return base36(FIRST_POST_ID + rank)


def comment_id(rank: int) -> str:
    return base36(FIRST_COMMENT_ID + rank)


@cache
def user_fullname(user: int) -> str:
    # A large odd stride so neighbouring users do not get neighbouring ids.
    return "t2_" + base36(_FIRST_USER_ID + user * 7919)


def subreddit_fullname(name: str) -> str:
    """A stable t5_ id per name, so a subreddit keeps its id whatever the seed."""
    return "t5_" + base36(_FIRST_SUBREDDIT_ID + zlib.crc32(name.encode()) % 36**5)
