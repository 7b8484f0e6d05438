"""Trending answers computed ahead by the collecting process, so that a request reads one
row instead of a week of hourly term counts.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trending_snapshots",
        sa.Column("subreddit_key", sa.String(64), primary_key=True),
        sa.Column("hours", sa.Integer, primary_key=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("terms", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("trending_snapshots")
