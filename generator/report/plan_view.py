"""An employee's improvement plan and review meeting turned into display strings (PDF and Excel).

A plan that is required but not given shows as 未提交 — on paper, the gap is what a reviewer must see.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.core.text import pick, t
from generator.model.improvement import ImprovementStatus, PlanRecord
from generator.model.results import EmployeeResult


def _day(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def submission_text(s: ImprovementStatus, lang: str) -> str:
    """“2026-11-07(应于 2026-11-04 前提交,逾期 3 天)”, “2026-11-02(按时)”, or the due date alone."""
    p = s.plan or PlanRecord()
    due = t("plan.due", lang, due=s.due.isoformat()) if s.due else ""
    if p.submitted is None:
        return due
    if s.due is None:
        return p.submitted.isoformat()
    verdict = t("plan.late", lang, days=(p.submitted - s.due).days) if s.late else t("plan.on_time", lang)
    return t("report.aside", lang, text=p.submitted.isoformat(), aside=f"{due}{t('plan.sep', lang)}{verdict}")


def plan_view(r: EmployeeResult, lang: str) -> dict[str, Any] | None:
    """The plan box: title, why, and the cells; None when the employee has no plan and needs none."""
    s = r.improvement
    if s is None:
        return None
    p = s.plan or PlanRecord()
    absent = t("plan.not_given", lang) if s.required else ""
    not_held = t("plan.not_held", lang) if s.required else ""
    return {
        "title": pick(s.name, s.name_en, lang),
        "why": t("plan.required", lang, why=s.why.text(lang)) if s.required else t("plan.voluntary", lang),
        "missing": s.missing, "late": s.late,
        "goal": p.goal or absent, "actions": p.actions or absent, "deadline": _day(p.deadline) or absent,
        "submitted": submission_text(s, lang) or absent,
        "meeting_date": _day(p.meeting_date) or not_held, "meeting_by": p.meeting_by or not_held,
        # one cell on paper: “2026-11-02 · 王主管”
        "meeting": " · ".join(x for x in (_day(p.meeting_date), p.meeting_by) if x) or not_held,
        "statement": p.statement or not_held,
        "no_meeting": not p.has_meeting, "no_submission": p.submitted is None,
    }
