"""What the archive hands back: plain frozen dataclasses, detached from the database session.

Every number is a Decimal, exactly as it was archived.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class RevisionInfo:
    """One archived appraisal of a (department, period, scheme)."""

    company: str
    department: str
    period: str
    scheme_id: str
    scheme_version: str
    scheme_hash: str
    revision: int
    is_current: bool
    input_name: str
    input_sha256: str
    generator_version: str
    lang: str
    source: str  # "run" (saved from a pipeline outcome) | "import" (from an older results.json)
    employees: int
    average: Decimal | None
    created_at: datetime


@dataclass(frozen=True)
class EmployeeRow:
    """One employee's archived result, with where it comes from."""

    department: str
    period: str
    scheme_id: str
    revision: int
    employee_id: str  # 工号
    name: str
    position: str
    total: Decimal
    grade: str
    coefficient: Decimal | None
    rank: int | None
    team_size: int | None
    pay_total: Decimal | None
    bonus: Decimal | None
    award: Decimal | None
    result_json: str  # the employee's object of results.json (every number as an exact decimal string)

    def result(self) -> dict[str, Any]:
        return json.loads(self.result_json)


@dataclass(frozen=True)
class FileRow:
    path: str
    kind: str
    sha256: str
    bytes: int
    employee_id: str | None
    report_id: str | None


@dataclass(frozen=True)
class SignOff:
    """A closed (department, period): who closed it and when."""

    department: str
    period: str
    closed_by: str
    closed_at: datetime


@dataclass(frozen=True)
class SignOffEntry:
    """One line of the sign-off log."""

    department: str
    period: str
    action: str  # "close" | "reopen"
    by: str
    at: datetime
    reason: str | None


@dataclass(frozen=True)
class Values:
    """What `diff` compares for one employee in one revision."""

    name: str
    total: Decimal
    grade: str
    pay_total: Decimal | None
    bonus: Decimal | None
    award: Decimal | None
    rank: int | None


@dataclass(frozen=True)
class Change:
    """One employee whose total, grade or pay differs between two revisions.

    kind: "changed" (both sides, `fields` names what differs: "total", "grade", "pay"), "added" (only
    in the newer revision: `old` is None) or "removed" (only in the older one: `new` is None).
    """

    department: str
    period: str
    scheme_id: str
    old_revision: int
    new_revision: int
    employee_id: str
    kind: str
    fields: tuple[str, ...]
    old: Values | None
    new: Values | None


@dataclass(frozen=True)
class PeriodSummary:
    """One (department, period, scheme) in the archive, as `archive list` shows it."""

    period: str
    department: str
    company: str
    scheme_id: str
    scheme_version: str
    revisions: int
    current_revision: int
    employees: int  # in the current revision
    closed: bool
    archived_at: datetime  # when the current revision was archived


# Columns of `Archive.export_rows`, in order, with their headings (zh, en) for the CSV / xlsx writer.
EXPORT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("period", "考核周期", "Period"),
    ("department", "部门", "Department"),
    ("company", "公司", "Company"),
    ("scheme_id", "考核方案", "Scheme"),
    ("scheme_version", "方案版本", "Scheme version"),
    ("revision", "版本号", "Revision"),
    ("employee_id", "工号", "Employee ID"),
    ("name", "姓名", "Name"),
    ("position", "岗位", "Position"),
    ("total", "总分", "Total"),
    ("grade", "等级", "Grade"),
    ("coefficient", "绩效系数", "Coefficient"),
    ("rank", "排名", "Rank"),
    ("team_size", "团队人数", "Team size"),
    ("bonus", "绩效奖金", "Bonus"),
    ("award", "名次奖", "Ranking prize"),
    ("pay_total", "合计发放", "Pay total"),
    ("closed", "已签核", "Signed off"),
)

__all__ = ["EXPORT_COLUMNS", "Change", "EmployeeRow", "FileRow", "PeriodSummary", "RevisionInfo", "SignOff",
           "SignOffEntry", "Values"]
