"""Analytics: tracked topics (their mentions and hourly counts), hourly term counts for
trending, each read of a post's score for engagement, and how far retention has pruned.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)
LABELS = ("positive", "neutral", "negative")


def upgrade() -> None:
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("name_key", sa.String(100), nullable=False, unique=True),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("matched_version", sa.Integer, nullable=False),
        sa.Column("match_position", sa.String(40)),
        sa.Column("items_matched", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
    )
    op.create_table(
        "topic_mentions",
        sa.Column("topic_id", sa.Integer, primary_key=True),
        sa.Column("fullname", sa.String(20), primary_key=True),
        sa.Column("subreddit_key", sa.String(64), nullable=False),
        sa.Column("created_utc", UTC_TIME, nullable=False),
    )
    op.create_index("ix_topic_mentions_created", "topic_mentions", ["topic_id", "created_utc"])
    op.create_index("ix_topic_mentions_fullname", "topic_mentions", ["fullname"])
    op.create_table(
        "topic_hours",
        sa.Column("topic_id", sa.Integer, primary_key=True),
        sa.Column("subreddit_key", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("hour", UTC_TIME, primary_key=True),
        sa.Column("item_count", sa.Integer, nullable=False),
        *(sa.Column(label, sa.Integer, nullable=False) for label in LABELS),
        sa.Column("compound_sum", sa.Float, nullable=False),
    )
    op.create_index("ix_topic_hours_hour", "topic_hours", ["hour"])
    op.create_table(
        "term_hours",
        sa.Column("hour", UTC_TIME, primary_key=True),
        sa.Column("subreddit_key", sa.String(64), primary_key=True),
        sa.Column("term", sa.String(64), primary_key=True),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("author_bits", sa.BigInteger, nullable=False),
        sa.Column("authors", sa.Float, nullable=False),
        sa.Column("compound_sum", sa.Float, nullable=False),
        sa.Column("sample_post_id", sa.String(16)),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_term_hours_subreddit", "term_hours", ["subreddit_key", "hour"])
    op.create_table(
        "post_reads",
        sa.Column("post_id", sa.String(16), primary_key=True),
        sa.Column("read_at", UTC_TIME, primary_key=True),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("num_comments", sa.Integer, nullable=False),
    )
    op.create_table(
        "retention",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("pruned_before", UTC_TIME, nullable=False),
        sa.Column("pruned_at", UTC_TIME, nullable=False),
    )


def downgrade() -> None:
    names = ("retention", "post_reads", "term_hours", "topic_hours", "topic_mentions", "topics")
    for name in names:
        op.drop_table(name)
