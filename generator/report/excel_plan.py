"""The team Excel report's 改进计划 sheet: everyone who needs an improvement plan (or gave one), with
the plan, the review meeting and whether it came in on time. Only for a scheme with `improvement:`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from generator.core.text import pick, t
from generator.model.improvement import ImprovementStatus, PlanRecord
from generator.model.results import TeamResult

if TYPE_CHECKING:
    from generator.report.excel import _Book


def status_text(s: ImprovementStatus, lang: str) -> str:
    """未提交 / 逾期 3 天 / 按时 / the date alone when no due rule; 未要求 for a voluntary plan."""
    if not s.required:
        return t("plan.voluntary", lang)
    if s.missing:
        return t("plan.not_given", lang)
    p = s.plan or PlanRecord()
    if s.late and p.submitted and s.due:
        return t("plan.late", lang, days=(p.submitted - s.due).days)
    if s.due and p.submitted:
        return t("plan.on_time", lang)
    return ""


def write_plans(b: _Book, team: TeamResult) -> None:
    people = [r for r in team.employees if r.improvement is not None]
    if not people:
        return
    lang = b.lang
    keys = ("plan.col_id", "plan.col_name", "plan.col_total", "plan.col_grade", "plan.col_rank", "plan.col_reason",
            "plan.col_status", "plan.col_due", "plan.goal", "plan.actions", "plan.deadline", "plan.submitted",
            "plan.meeting_date", "plan.meeting_by", "plan.col_statement")
    widths = [10, 10, 8, 8, 6, 26, 12, 12, 28, 36, 12, 12, 12, 10, 30]
    ws = b.sheet("plan.sheet", widths, 3, [b.t(k) for k in keys])
    date_fmt = b.wb.add_format({**b.base, "border": 1, "num_format": "yyyy-mm-dd"})

    def day(row: int, col: int, d: dt.date | None) -> None:
        if d is None:
            ws.write_blank(row, col, None, b.f["text"])
        else:
            ws.write_datetime(row, col, dt.datetime(d.year, d.month, d.day), date_fmt)

    row = 4
    for r in people:
        s = r.improvement
        assert s is not None
        p = s.plan or PlanRecord()
        b.text(ws, row, 0, r.employee.id)
        b.text(ws, row, 1, r.employee.name)
        b.num(ws, row, 2, r.total, "total")
        b.text(ws, row, 3, pick(r.grade, r.grade_en, lang))
        ws.write_number(row, 4, r.rank or 0, b.f["int"])
        b.text(ws, row, 5, s.why.text(lang), "wrap")
        b.text(ws, row, 6, status_text(s, lang))
        day(row, 7, s.due)
        b.text(ws, row, 8, p.goal, "wrap")
        b.text(ws, row, 9, p.actions, "wrap")
        day(row, 10, p.deadline)
        day(row, 11, p.submitted)
        day(row, 12, p.meeting_date)
        b.text(ws, row, 13, p.meeting_by)
        b.text(ws, row, 14, p.statement, "wrap")
        row += 1
    ws.autofilter(3, 0, row - 1, len(keys) - 1)
    for key in ("plan.not_given",):
        ws.conditional_format(4, 6, row - 1, 6, {"type": "cell", "criteria": "==", "value": f'"{b.t(key)}"',
                                                 "format": b.f["bad"]})
    late_word = b.t("plan.late_word")  # the part every late status shares
    ws.conditional_format(4, 6, row - 1, 6, {"type": "text", "criteria": "containing", "value": late_word,
                                             "format": b.f["bad"]})
