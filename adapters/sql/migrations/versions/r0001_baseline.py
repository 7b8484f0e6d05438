"""The schema as it stood before migrations: posts, comments, sentiments, cycles, cursors.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)


def _collected() -> list[sa.Column[object]]:
    return [
        sa.Column("removed", sa.String(8)),
        sa.Column("first_collected_at", UTC_TIME, nullable=False),
        sa.Column("last_collected_at", UTC_TIME, nullable=False),
        sa.Column("next_refresh_at", UTC_TIME),
    ]


def upgrade() -> None:
    op.create_table(
        "posts",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("subreddit", sa.String(64), nullable=False),
        sa.Column("subreddit_key", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("author", sa.String(64)),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("num_comments", sa.Integer, nullable=False),
        sa.Column("created_utc", UTC_TIME, nullable=False),
        sa.Column("edited_utc", UTC_TIME),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("permalink", sa.Text, nullable=False),
        *_collected(),
    )
    op.create_index("ix_posts_subreddit_created", "posts", ["subreddit_key", "created_utc"])
    op.create_index("ix_posts_created", "posts", ["created_utc"])
    op.create_index("ix_posts_next_refresh", "posts", ["next_refresh_at"])
    op.create_table(
        "comments",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("post_id", sa.String(16), nullable=False),
        sa.Column("parent_id", sa.String(20), nullable=False),
        sa.Column("subreddit", sa.String(64), nullable=False),
        sa.Column("subreddit_key", sa.String(64), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("author", sa.String(64)),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("created_utc", UTC_TIME, nullable=False),
        sa.Column("edited_utc", UTC_TIME),
        *_collected(),
    )
    op.create_index("ix_comments_post", "comments", ["post_id", "created_utc"])
    op.create_index("ix_comments_next_refresh", "comments", ["next_refresh_at"])
    op.create_index("ix_comments_subreddit_created", "comments", ["subreddit_key", "created_utc"])
    op.create_index("ix_comments_created", "comments", ["created_utc"])
    op.create_table(
        "sentiments",
        sa.Column("fullname", sa.String(20), primary_key=True),
        sa.Column("compound", sa.Float, nullable=False),
        sa.Column("positive", sa.Float, nullable=False),
        sa.Column("neutral", sa.Float, nullable=False),
        sa.Column("negative", sa.Float, nullable=False),
        sa.Column("label", sa.String(8), nullable=False),
        sa.Column("scored_at", UTC_TIME, nullable=False),
    )
    op.create_table(
        "collection_cycles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("trigger", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("finished_at", UTC_TIME),
        sa.Column("subreddits", sa.JSON, nullable=False),
        sa.Column("posts_collected", sa.Integer, nullable=False),
        sa.Column("comments_collected", sa.Integer, nullable=False),
        sa.Column("failures", sa.JSON, nullable=False),
        sa.Column("gaps", sa.JSON, nullable=False, server_default="[]"),
        sa.Column("requests_made", sa.Integer, nullable=False, server_default="0"),
        sa.Column("budget_remaining", sa.Integer),
        sa.Column("items_refreshed", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_cycles_started", "collection_cycles", ["started_at"])
    op.create_table(
        "cursors",
        sa.Column("subreddit_key", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("watermark", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
    )


def downgrade() -> None:
    for table in ("cursors", "collection_cycles", "sentiments", "comments", "posts"):
        op.drop_table(table)
