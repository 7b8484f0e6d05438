"""Page cursors of the API: opaque to clients; a comment's creation time and id inside."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime

from domain.model import CommentKey


def encode(key: CommentKey) -> str:
    text = f"{key.created_utc.astimezone(UTC).isoformat()}|{key.id}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor: str) -> CommentKey:
    """ValueError unless `cursor` is one that `encode` made."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created, _, comment_id = text.partition("|")
        moment = datetime.fromisoformat(created)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValueError("not a cursor this API gave") from None
    if not comment_id or moment.tzinfo is None:
        raise ValueError("not a cursor this API gave")
    return CommentKey(moment.astimezone(UTC), comment_id)
