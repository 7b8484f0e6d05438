"""Reads whose cost does not grow with history: running totals per subreddit, and the
hourly aggregates indexed by hour.

Subreddit summaries summed every hour a subreddit ever had (a year of 14 subreddits is
245,000 rows); they now read one row per subreddit. A window of hours over all
subreddits read the whole table; it is now an index range.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TOTALS = ("posts", "comments", "scored")


def upgrade() -> None:
    with op.batch_alter_table("subreddits") as table:
        for name in TOTALS:
            table.add_column(sa.Column(name, sa.Integer, nullable=False, server_default="0"))
        table.add_column(sa.Column("compound_sum", sa.Float, nullable=False, server_default="0"))
    op.execute(
        "UPDATE subreddits SET "
        "posts = coalesce((SELECT sum(h.item_count) FROM sentiment_hours h "
        "WHERE h.subreddit_key = subreddits.subreddit_key AND h.kind = 'post'), 0), "
        "comments = coalesce((SELECT sum(h.item_count) FROM sentiment_hours h "
        "WHERE h.subreddit_key = subreddits.subreddit_key AND h.kind = 'comment'), 0), "
        "scored = coalesce((SELECT sum(h.positive + h.neutral + h.negative) "
        "FROM sentiment_hours h WHERE h.subreddit_key = subreddits.subreddit_key), 0), "
        "compound_sum = coalesce((SELECT sum(h.compound_sum) FROM sentiment_hours h "
        "WHERE h.subreddit_key = subreddits.subreddit_key), 0)"
    )
    op.create_index("ix_sentiment_hours_hour", "sentiment_hours", ["hour"])


def downgrade() -> None:
    op.drop_index("ix_sentiment_hours_hour", "sentiment_hours")
    with op.batch_alter_table("subreddits") as table:
        for name in (*TOTALS, "compound_sum"):
            table.drop_column(name)
