"""Page cursors of the API: the creation time (microseconds since 1970, UTC) and id of
the last comment given, as `1732900000123456_abc123`. Clients pass them back unread.

Every string that matches PATTERN (which the OpenAPI document declares) decodes to a
position, so a cursor is never rejected for what it says, only for its shape.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from domain.model import CommentKey

PATTERN = r"^[0-9]{1,16}_[a-z0-9]{1,13}$"  # 16 digits: times up to the year 2286
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def encode(key: CommentKey) -> str:
    micros = (key.created_utc - EPOCH) // timedelta(microseconds=1)
    return f"{micros}_{key.id}"


def decode(cursor: str) -> CommentKey:
    """ValueError unless `cursor` matches PATTERN."""
    if not re.fullmatch(PATTERN, cursor):
        raise ValueError("not a cursor this API gave")
    micros, _, comment_id = cursor.partition("_")
    return CommentKey(EPOCH + timedelta(microseconds=int(micros)), comment_id)
