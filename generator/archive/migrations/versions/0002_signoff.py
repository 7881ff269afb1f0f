"""Period sign-off: whether a (department, period) is closed, and the log of every close and reopen.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "period_signoffs",
        sa.Column("department", sa.String(), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("closed_by", sa.String(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("department", "period", name="pk_period_signoffs"),
    )
    op.create_table(
        "signoff_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("department", sa.String(), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("by", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_signoff_log"),
    )
    op.create_index("ix_signoff_log_period", "signoff_log", ["department", "period"])
