"""The drop-folder journal: every file `kpi-report watch` took from an inbox (archive/inbox.py).

Revision ID: 0003_inbox
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_inbox"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("inbox", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("claim_path", sa.String(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("result", sa.String(16), nullable=True),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        sa.Column("final_path", sa.String(), nullable=True),
        sa.Column("department", sa.String(), nullable=True),
        sa.Column("period", sa.String(32), nullable=True),
        sa.Column("report_folder", sa.String(), nullable=True),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("findings", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_inbox_files"),
        sa.ForeignKeyConstraint(["duplicate_of"], ["inbox_files.id"], name="fk_inbox_files_duplicate_of_inbox_files"),
    )
    # the database itself allows one processing row per content
    op.create_index("uq_inbox_primary", "inbox_files", ["sha256"], unique=True,
                    sqlite_where=sa.text("is_primary"), postgresql_where=sa.text("is_primary"))
    op.create_index("ix_inbox_files_sha256", "inbox_files", ["sha256"])
    op.create_index("ix_inbox_files_state", "inbox_files", ["inbox", "state"])

