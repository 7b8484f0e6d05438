"""The collector lease's row as a notice board: the running cycle, a requested one, the
next scheduled run, readable by every process sharing the database.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    ("running_cycle_id", sa.String(32)),
    ("requested_cycle_id", sa.String(32)),
    ("requested_at", sa.DateTime(timezone=True)),
    ("next_run_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("leases") as table:
        for name, kind in COLUMNS:
            table.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("leases") as table:
        for name, _ in reversed(COLUMNS):
            table.drop_column(name)
