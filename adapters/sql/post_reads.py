"""Each read of a post's score and comment count, kept as its history (post_reads)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from adapters.sql.tables import post_reads
from adapters.sql.upsert import upsert
from domain.model import Post


def record_reads(conn: Connection, reads: Iterable[tuple[Post, datetime]]) -> None:
    """One row per post and time read, in the transaction that writes the posts (one
    statement for the batch). The same post read twice at one time keeps the last."""
    rows: dict[tuple[str, datetime], dict[str, Any]] = {}
    for post, read_at in reads:
        rows[(post.id, read_at)] = {
            "post_id": post.id,
            "read_at": read_at,
            "score": post.score,
            "num_comments": post.num_comments,
        }
    upsert(conn, post_reads, list(rows.values()))
