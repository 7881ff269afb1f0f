"""Period sign-off (签核): a closed (department, period) takes no new revision until it is reopened.

`period_signoffs` holds the state, `signoff_log` every close and reopen with who, when and why;
log lines are only ever added. These functions run inside the repository's transactions.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from generator.archive.models import PeriodSignOff, Revision, SignOffLog
from generator.archive.rows import SignOff, SignOffEntry
from generator.core.findings import Finding, KpiError

# Locked, in this order, by every transaction that writes revisions or sign-off state (PostgreSQL),
# so a run and a close of the same period are serialised: no revision slips in after a close.
WRITE_TABLES = (PeriodSignOff.__tablename__, Revision.__tablename__)


def _error(code: str, zh: str, en: str, hint: str, hint_en: str, where: str = "") -> KpiError:
    return KpiError(Finding(code=code, file=where, message=zh, message_en=en, hint=hint, hint_en=hint_en))


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def state(s: Session, department: str, period: str) -> SignOff | None:
    row = s.get(PeriodSignOff, (department, period))
    if row is None or not row.closed:
        return None
    assert row.closed_by is not None and row.closed_at is not None
    return SignOff(department=department, period=period, closed_by=row.closed_by, closed_at=row.closed_at)


def closed_periods(s: Session) -> set[tuple[str, str]]:
    return {(d, p) for d, p in s.execute(select(PeriodSignOff.department, PeriodSignOff.period)
                                         .where(PeriodSignOff.closed))}


def refuse_if_closed(s: Session, department: str, period: str, where: str) -> None:
    closed = state(s, department, period)
    if closed is not None:
        raise _error(
            "archive-period-closed",
            f"{department} {period} 已于 {_when(closed.closed_at)} 由 {closed.closed_by} 签核关闭,不能再存入新的考核结果",
            f"{department} {period} was signed off by {closed.closed_by} on {_when(closed.closed_at)}; "
            "it takes no new results",
            f"如确需重新考核,先执行 kpi-report archive reopen {period} --department {department} --by 姓名 --reason \"原因\"",
            f"to appraise it again, first run kpi-report archive reopen {period} --department {department} "
            "--by NAME --reason \"why\"", where)


def _need(value: str, zh: str, en: str) -> str:
    value = (value or "").strip()
    if not value:
        raise _error("archive-signoff-incomplete", f"缺少{zh}", f"{en} is missing",
                     f"请填写{zh}后重试", f"give the {en} and retry")
    return value


def close(s: Session, department: str, period: str, by: str, now: datetime, where: str) -> SignOff:
    by = _need(by, "签核人(--by)", "name of who signs off (--by)")
    row = s.get(PeriodSignOff, (department, period))
    if row is not None and row.closed:
        assert row.closed_by is not None and row.closed_at is not None
        raise _error("archive-already-closed",
                     f"{department} {period} 已于 {_when(row.closed_at)} 由 {row.closed_by} 签核关闭",
                     f"{department} {period} is already closed (by {row.closed_by} on {_when(row.closed_at)})",
                     "无需再次关闭;如需修改,先 reopen", "nothing to do; to change it, reopen it first")
    archived = s.scalar(select(Revision.id).where(Revision.department == department, Revision.period == period,
                                                  Revision.is_current).limit(1))
    if archived is None:  # most likely a mistyped department or period: say so rather than freeze nothing
        raise _error("archive-nothing-to-close", f"存档中没有 {department} {period} 的考核结果,无法签核",
                     f"the archive holds no results for {department} {period}; nothing to sign off",
                     "用 kpi-report archive list 查看已存档的部门和考核周期,核对拼写",
                     "see kpi-report archive list for the departments and periods archived; check the spelling",
                     where)
    if row is None:
        s.add(PeriodSignOff(department=department, period=period, closed=True, closed_by=by, closed_at=now))
    else:
        row.closed, row.closed_by, row.closed_at = True, by, now
    s.add(SignOffLog(department=department, period=period, action="close", by=by, at=now, reason=None))
    return SignOff(department=department, period=period, closed_by=by, closed_at=now)


def reopen(s: Session, department: str, period: str, by: str, reason: str, now: datetime) -> SignOffEntry:
    by = _need(by, "操作人(--by)", "name of who reopens (--by)")
    reason = _need(reason, "重新打开的原因(--reason)", "reason for reopening (--reason)")
    row = s.get(PeriodSignOff, (department, period))
    if row is None or not row.closed:
        raise _error("archive-not-closed", f"{department} {period} 没有签核关闭,无需重新打开",
                     f"{department} {period} is not closed; there is nothing to reopen",
                     "用 kpi-report archive list 查看各期的签核状态", "see kpi-report archive list for what is closed")
    row.closed, row.closed_by, row.closed_at = False, None, None
    s.add(SignOffLog(department=department, period=period, action="reopen", by=by, at=now, reason=reason))
    return SignOffEntry(department=department, period=period, action="reopen", by=by, at=now, reason=reason)


def log(s: Session, department: str, period: str) -> list[SignOffEntry]:
    rows = s.scalars(select(SignOffLog).where(SignOffLog.department == department, SignOffLog.period == period)
                     .order_by(SignOffLog.id))
    return [SignOffEntry(department=r.department, period=r.period, action=r.action, by=r.by, at=r.at,
                         reason=r.reason) for r in rows]
