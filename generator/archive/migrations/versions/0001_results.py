"""Appraisal revisions, every employee's results and the report files.

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

# An exact decimal: NUMERIC on PostgreSQL, its text on SQLite (see models.ExactDecimal).
EXACT = sa.Numeric().with_variant(sa.String(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "appraisal_revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("company", sa.String(), nullable=False),
        sa.Column("department", sa.String(), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("scheme_id", sa.String(), nullable=False),
        sa.Column("scheme_version", sa.String(), nullable=False),
        sa.Column("scheme_hash", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("input_name", sa.String(), nullable=False),
        sa.Column("input_sha256", sa.String(64), nullable=False),
        sa.Column("results_sha256", sa.String(64), nullable=False),
        sa.Column("generator_version", sa.String(32), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.Column("average", EXACT, nullable=True),
        sa.Column("team_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_appraisal_revisions"),
        sa.UniqueConstraint("department", "period", "scheme_id", "revision", name="uq_revision_number"),
    )
    op.create_index("uq_one_current", "appraisal_revisions", ["department", "period", "scheme_id"], unique=True,
                    sqlite_where=sa.text("is_current"), postgresql_where=sa.text("is_current"))
    op.create_index("ix_revision_scheme_period", "appraisal_revisions", ["department", "scheme_id", "period"])

    op.create_table(
        "employee_results",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("position", sa.String(), nullable=False),
        sa.Column("total", EXACT, nullable=False),
        sa.Column("grade", sa.String(), nullable=False),
        sa.Column("coefficient", EXACT, nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("team_size", sa.Integer(), nullable=True),
        sa.Column("pay_total", EXACT, nullable=True),
        sa.Column("bonus", EXACT, nullable=True),
        sa.Column("award", EXACT, nullable=True),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_employee_results"),
        sa.ForeignKeyConstraint(["revision_id"], ["appraisal_revisions.id"],
                                name="fk_employee_results_revision_id_appraisal_revisions"),
        sa.UniqueConstraint("revision_id", "employee_id", name="uq_employee_in_revision"),
    )
    op.create_index("ix_employee_history", "employee_results", ["employee_id", "revision_id"])

    op.create_table(
        "report_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("employee_id", sa.String(), nullable=True),
        sa.Column("report_id", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_report_files"),
        sa.ForeignKeyConstraint(["revision_id"], ["appraisal_revisions.id"],
                                name="fk_report_files_revision_id_appraisal_revisions"),
    )
    op.create_index("ix_report_files_revision_id", "report_files", ["revision_id"])
