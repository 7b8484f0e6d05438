"""Hourly aggregates per subreddit and kind, and a row per subreddit, built for stored items.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import itertools
import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

log = logging.getLogger("adapters.sql.schema")
UTC_TIME = sa.DateTime(timezone=True)
LABELS = ("positive", "neutral", "negative")


def upgrade() -> None:
    op.create_table(
        "sentiment_hours",
        sa.Column("subreddit_key", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("hour", UTC_TIME, primary_key=True),
        sa.Column("item_count", sa.Integer, nullable=False),
        *(sa.Column(label, sa.Integer, nullable=False) for label in LABELS),
        sa.Column("compound_sum", sa.Float, nullable=False),
    )
    op.create_table(
        "subreddits",
        sa.Column("subreddit_key", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("last_collected_at", UTC_TIME, nullable=False),
    )
    op.execute(
        "INSERT INTO subreddits (subreddit_key, name, last_collected_at) "
        "SELECT subreddit_key, max(subreddit), max(last_collected_at) FROM ("
        "SELECT subreddit_key, subreddit, last_collected_at FROM posts UNION ALL "
        "SELECT subreddit_key, subreddit, last_collected_at FROM comments) AS items "
        "GROUP BY subreddit_key"
    )
    for table, prefix, kind in (("posts", "t3_", "post"), ("comments", "t1_", "comment")):
        _count_hours(table, prefix, kind)


def downgrade() -> None:
    op.drop_table("subreddits")
    op.drop_table("sentiment_hours")


def _count_hours(table: str, prefix: str, kind: str) -> None:
    """One month of items at a time, with a log line each: a big database takes a while."""
    bind = op.get_bind()
    created = sa.table(table, sa.column("created_utc", UTC_TIME)).c.created_utc
    first, last = bind.execute(sa.select(sa.func.min(created), sa.func.max(created))).one()
    if first is None:
        return
    months = _months(_utc(first), _utc(last))
    hour = (
        "date_trunc('hour', t.created_utc, 'UTC')"
        if bind.dialect.name == "postgresql"
        else "strftime('%Y-%m-%d %H:00:00.000000', t.created_utc)"
    )
    labels = ", ".join(f"sum(CASE WHEN s.label = '{label}' THEN 1 ELSE 0 END)" for label in LABELS)
    insert = sa.text(
        f"INSERT INTO sentiment_hours (subreddit_key, kind, hour, item_count, {', '.join(LABELS)}, "
        f"compound_sum) SELECT t.subreddit_key, '{kind}', {hour}, count(*), {labels}, "
        f"coalesce(sum(s.compound), 0) FROM {table} t "
        f"LEFT JOIN sentiments s ON s.fullname = '{prefix}' || t.id "
        f"WHERE t.created_utc >= :start AND t.created_utc < :end "
        f"GROUP BY t.subreddit_key, {hour}"
    ).bindparams(sa.bindparam("start", type_=UTC_TIME), sa.bindparam("end", type_=UTC_TIME))
    for number, (start, end) in enumerate(itertools.pairwise(months), start=1):
        bind.execute(insert, {"start": start, "end": end})
        log.info("hourly aggregates of %s: %s done (%d of %d months)",
                 table, f"{start:%Y-%m}", number, len(months) - 1)  # fmt: skip


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _months(first: datetime, last: datetime) -> list[datetime]:
    """Month starts from first's month to the one after last's."""
    current = first.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    bounds = [current]
    while current <= last:
        year, month = divmod(current.month, 12)
        current = current.replace(year=current.year + year, month=month + 1)
        bounds.append(current)
    return bounds
