"""When a running cycle last recorded its progress (a cycle whose process died is closed
at that time, not at the next start), and when each listing was last rescanned deep for
items Reddit listed late.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("collection_cycles") as table:
        table.add_column(sa.Column("updated_at", sa.DateTime(timezone=True)))
    with op.batch_alter_table("cursors") as table:
        table.add_column(sa.Column("rescanned_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("cursors") as table:
        table.drop_column("rescanned_at")
    with op.batch_alter_table("collection_cycles") as table:
        table.drop_column("updated_at")
