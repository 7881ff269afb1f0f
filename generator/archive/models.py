"""The archive's tables (SQLAlchemy 2 typed ORM). The migrations under migrations/versions/ create
exactly these; tests/test_archive_migrations.py checks that the two never drift apart.

- `appraisal_revisions`: one row per archived appraisal of a (department, period, scheme). Running a
  period again adds a row with the next `revision` number and moves `is_current` to it; no row is
  ever updated except that flag, and none is deleted.
- `employee_results`: one row per employee of a revision: the columns that are queried (工号, total,
  grade, coefficient, rank, pay) and `result_json`, the employee's full results.json object.
- `report_files`: the files a run wrote for a revision, with their SHA-256.
- `period_signoffs` (the state) and `signoff_log` (every close and reopen, never deleted).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine


def decimal_text(value: Decimal) -> str:
    """An exact decimal as plain text, never in exponent form (as results.json writes it)."""
    out = f"{value:f}"
    return "0" if out in ("-0", "-0.0") else out


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal stored exactly on every database.

    PostgreSQL: NUMERIC without precision, exact and comparable in SQL. SQLite has no exact
    decimal type (NUMERIC there is a float beyond 15 digits), so the value is kept as its text,
    "12345678901234.56" exactly; the archive never compares these columns in SQL.
    """

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String())
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal):  # a float here would already have lost digits
            raise TypeError(f"ExactDecimal takes a Decimal, not {type(value).__name__}")
        return decimal_text(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(value)


# Stable constraint names, so that later migrations can refer to them on both databases.
NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Revision(Base):
    __tablename__ = "appraisal_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company: Mapped[str] = mapped_column(String)
    department: Mapped[str] = mapped_column(String)
    period: Mapped[str] = mapped_column(String(32))
    scheme_id: Mapped[str] = mapped_column(String)
    scheme_version: Mapped[str] = mapped_column(String)
    scheme_hash: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer)  # 1, 2, … per (department, period, scheme_id)
    is_current: Mapped[bool] = mapped_column(Boolean)
    input_name: Mapped[str] = mapped_column(String)
    input_sha256: Mapped[str] = mapped_column(String(64))
    results_sha256: Mapped[str] = mapped_column(String(64))  # of the employees' JSON: same results → same hash
    generator_version: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(8))  # the language of the texts in the stored JSON
    source: Mapped[str] = mapped_column(String(16))  # "run" | "import"
    employees: Mapped[int] = mapped_column(Integer)
    average: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    team_json: Mapped[str] = mapped_column(Text)  # results.json "team": distribution, totals
    created_at: Mapped[datetime] = mapped_column(DateTime)  # local time, from the injected clock

    __table_args__ = (
        UniqueConstraint("department", "period", "scheme_id", "revision", name="uq_revision_number"),
        # at most one current revision per (department, period, scheme): the database enforces it
        Index("uq_one_current", "department", "period", "scheme_id", unique=True,
              sqlite_where=text("is_current"), postgresql_where=text("is_current")),
        Index("ix_revision_scheme_period", "department", "scheme_id", "period"),
    )


class EmployeeRecord(Base):
    __tablename__ = "employee_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("appraisal_revisions.id"))
    seq: Mapped[int] = mapped_column(Integer)  # place in the team's ranked order
    employee_id: Mapped[str] = mapped_column(String)  # 工号
    name: Mapped[str] = mapped_column(String)
    position: Mapped[str] = mapped_column(String)
    total: Mapped[Decimal] = mapped_column(ExactDecimal)
    grade: Mapped[str] = mapped_column(String)
    coefficient: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    rank: Mapped[int | None] = mapped_column(Integer)
    team_size: Mapped[int | None] = mapped_column(Integer)
    pay_total: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    bonus: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    award: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    result_json: Mapped[str] = mapped_column(Text)  # the employee's object of results.json, as written

    __table_args__ = (
        UniqueConstraint("revision_id", "employee_id", name="uq_employee_in_revision"),
        Index("ix_employee_history", "employee_id", "revision_id"),
    )


class ReportFile(Base):
    __tablename__ = "report_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("appraisal_revisions.id"), index=True)
    path: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String(32))  # "excel" | "team_pdf" | "employee_pdf" | "results"
    sha256: Mapped[str] = mapped_column(String(64))
    bytes: Mapped[int] = mapped_column(BigInteger)
    employee_id: Mapped[str | None] = mapped_column(String)
    report_id: Mapped[str | None] = mapped_column(String)


class PeriodSignOff(Base):
    """Whether a (department, period) is closed now. The log below says how it got there."""

    __tablename__ = "period_signoffs"

    department: Mapped[str] = mapped_column(String, primary_key=True)
    period: Mapped[str] = mapped_column(String(32), primary_key=True)
    closed: Mapped[bool] = mapped_column(Boolean)
    closed_by: Mapped[str | None] = mapped_column(String)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)


class SignOffLog(Base):
    __tablename__ = "signoff_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department: Mapped[str] = mapped_column(String)
    period: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))  # "close" | "reopen"
    by: Mapped[str] = mapped_column(String)
    at: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_signoff_log_period", "department", "period"),)
