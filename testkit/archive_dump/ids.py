"""Reddit-style base36 ids and fullnames."""

from __future__ import annotations

import zlib

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

# Where the id counters start: the size of real ids from late 2024 on (7 base36 digits).
FIRST_POST_ID = int("1h00000", 36)
FIRST_COMMENT_ID = int("m000000", 36)
_FIRST_USER_ID = int("1000000", 36)
_FIRST_SUBREDDIT_ID = int("2q00000", 36)


def base36(number: int) -> str:
    """Lower-case base36, as Reddit writes ids."""
    if number == 0:
        return "0"
    digits: list[str] = []
    while number:
        number, digit = divmod(number, 36)
        digits.append(_DIGITS[digit])
    return "".join(reversed(digits))


def post_id(rank: int) -> str:
    return base36(FIRST_POST_ID + rank)


def comment_id(rank: int) -> str:
    return base36(FIRST_COMMENT_ID + rank)


def user_fullname(user: int) -> str:
    # A large odd stride so neighbouring users do not get neighbouring ids.
    return "t2_" + base36(_FIRST_USER_ID + user * 7919)


def subreddit_fullname(name: str) -> str:
    """A stable t5_ id per name, so a subreddit keeps its id whatever the seed."""
    return "t5_" + base36(_FIRST_SUBREDDIT_ID + zlib.crc32(name.encode()) % 36**5)
