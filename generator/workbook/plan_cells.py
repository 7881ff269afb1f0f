"""The improvement-plan columns of the data sheet (改进目标 … 员工陈述): written by the template, read
and checked here, for a scheme with an `improvement:` section (model/improvement.py).

They sit after 备注 and before the preview total. Every one is optional at reading time: whether a
given employee needs a plan is only known once the team is ranked (engine/improvement.py), so a
missing plan is a warning placed then (appraisal.py), not here. What is checked here is the cell
itself: a date that is not a date is an error (invalid-date), a text too long is an error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from openpyxl.utils.datetime import from_excel

from generator.core.findings import Severity
from generator.core.numbers import clean_text
from generator.core.text import pick, t
from generator.model.improvement import PlanRecord
from generator.model.results import TeamResult
from generator.scheme.model import Scheme
from generator.workbook.layout import Field
from generator.workbook.limits import Limits
from generator.workbook.normalize import EAST_ASIAN_DATE_FORMATS, is_blank, shown, text_of
from generator.workbook.reader import RawCell, Reporter

PLAN_FIELDS: tuple[Field, ...] = (
    Field("plan_goal", "改进目标", "Improvement goal", width=22, note="需要改进计划的员工填写:要达到的目标",
          note_en="for an employee who needs an improvement plan: the goal to reach"),
    Field("plan_actions", "改进措施", "Improvement actions", width=28, note="具体措施(分析原因、培训、辅导…)",
          note_en="the concrete actions (finding the causes, training, coaching …)"),
    Field("plan_deadline", "完成期限", "Plan deadline", width=12, kind="日期", note="改进目标的完成日期,如 2026-12-31",
          kind_en="Date", note_en="the date the goal is to be reached, e.g. 2026-12-31"),
    Field("plan_submitted", "方案提交日期", "Plan submitted on", width=12, kind="日期",
          note="改进计划交给上级(或报总部备案)的日期;用于检查是否按时提交", kind_en="Date",
          note_en="the date the plan went to the manager (or head office); it shows whether it was on time"),
    Field("meeting_date", "面谈日期", "Review meeting date", width=12, kind="日期", note="绩效面谈(评估会议)的日期",
          kind_en="Date", note_en="the date of the appraisal review meeting"),
    Field("meeting_by", "面谈人", "Review meeting held by", width=10, note="主持面谈的上级",
          note_en="the manager who held the meeting"),
    Field("meeting_statement", "员工陈述", "Employee's statement", width=28, note="员工在面谈中的意见或陈述",
          note_en="the employee's view or statement in the meeting"),
)
KEYS = tuple(f.key for f in PLAN_FIELDS)
DATE_KEYS = frozenset({"plan_deadline", "plan_submitted", "meeting_date"})
TEXT_KEYS = frozenset(KEYS) - DATE_KEYS
NAMES = {f.key: (f.header, f.header_en) for f in PLAN_FIELDS}
DATE_FORMAT = "yyyy-mm-dd"

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def plan_step(scheme: Scheme, lang: str = "zh") -> str:
    """The 填写说明 line saying who needs a plan and by when, in the scheme's own words."""
    rule = scheme.improvement
    if rule is None:
        return ""
    who = []
    if rule.below:
        grade = rule.below
        if lang == "en":  # the grade's English label when the scheme gives one
            grade = next((g.label_en for g in scheme.grades if g.label == rule.below and g.label_en), grade)
        who.append(t("input.plan_below", lang, grade=grade))
    if rule.bottom:
        who.append(t("input.plan_bottom", lang, n=rule.bottom))
    text = t("input.plan_step", lang, who=t("input.plan_or", lang).join(who), name=pick(rule.name, rule.name_en, lang))
    if rule.meeting:
        text += t("input.plan_meeting", lang)
    text += t("input.plan_end", lang)
    if rule.due_days is not None:
        text += t("input.plan_due", lang, days=rule.due_days)
    return text


# -- template ---------------------------------------------------------------------------------


def date_validation(title: str, note: str, lang: str = "zh") -> dict[str, object]:
    """Excel's own check on the date columns: a date from 2000 to 2099."""
    return {"validate": "date", "criteria": "between", "minimum": dt.date(2000, 1, 1), "maximum": dt.date(2099, 12, 31),
            "input_title": title[:32], "input_message": (note + t("input.date_format", lang))[:250],
            "error_title": t("input.error_title", lang), "error_message": t("input.date_error", lang)}


def write_plan_cell(ws: Any, r: int, ci: int, key: str, value: object, text_fmt: Any, date_fmt: Any) -> None:
    """One plan cell of a template row: a date as an Excel date, text as text, blank when empty."""
    if key in DATE_KEYS:
        if isinstance(value, dt.date):
            ws.write_datetime(r, ci, dt.datetime(value.year, value.month, value.day), date_fmt)
        elif value:
            ws.write_string(r, ci, str(value), date_fmt)  # a fixture may hold a wrong date on purpose
        else:
            ws.write_blank(r, ci, None, date_fmt)
    elif value:
        ws.write_string(r, ci, str(value), text_fmt)
    else:
        ws.write_blank(r, ci, None, text_fmt)


# -- reading -----------------------------------------------------------------------------------


def parse_date(raw: object, fmt_id: int = 0) -> dt.date | None:
    """A date cell: an Excel date, a date serial, or text such as 2026-11-04, 2026/11/4, 2026年11月4日.

    Raises ValueError for anything else (a day that does not exist, a year outside 2000–2099)."""
    if isinstance(raw, dt.datetime):
        day = raw.date()
    elif isinstance(raw, dt.date):
        day = raw
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if not (fmt_id in EAST_ASIAN_DATE_FORMATS or 20000 < raw < 80000):
            raise ValueError("a number, not a date")
        day = from_excel(raw)
        day = day.date() if isinstance(day, dt.datetime) else day
    else:
        text = clean_text(str(raw))
        m = _DATE_RE.match(text) or _COMPACT_RE.match(text)
        if not m:
            raise ValueError("not a date")
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if not 2000 <= day.year <= 2099:
        raise ValueError("year out of range")
    return day


def read_plans(rows: list[tuple[int, dict[str, RawCell]]], ref_of: Callable[[str, int], str], rep: Reporter,
               limits: Limits) -> dict[int, PlanRecord]:
    """Each row's plan (row → PlanRecord), for rows with any plan cell filled; bad cells are findings."""
    plans: dict[int, PlanRecord] = {}
    for r, raw in rows:
        found: dict[str, Any] = {}
        for key in KEYS:
            cell = raw.get(key)
            if cell is None or (is_blank(cell.value) and not cell.formula):
                continue
            zh, en = NAMES[key]
            where = ref_of(key, r)
            if cell.formula:
                rep.add("formula-in-input", where, f"“{zh}”中填的是公式,工具不读取公式。", f"the {en} holds a formula.",
                        "直接填写内容(可复制后“选择性粘贴 → 数值”)。", "type the value itself (Paste Special → Values).",
                        value=str(cell.value)[:60])
            elif key in DATE_KEYS:
                try:
                    found[key] = parse_date(cell.value, cell.fmt_id)
                except (ValueError, OverflowError, TypeError):
                    rep.add("invalid-date", where, f"“{zh}”的“{shown(cell.value)[:30]}”不是有效日期。",
                            f"the {en} {shown(cell.value)[:30]!r} is not a valid date.",
                            "写成 2026-11-04 这样的日期(年-月-日),或在 Excel 中选择日期格式后填写。",
                            "write a date such as 2026-11-04 (year-month-day), or type it in a date-formatted cell.",
                            value=shown(cell.value)[:40])
            else:
                text = text_of(cell.value)
                most = limits.chars("comment")  # a plan is written like a comment, and has its limit
                if len(text) <= most:
                    found[key] = text
                    continue
                rep.add("text-too-long", where, f"“{zh}”有 {len(text)} 个字,超过上限 {most} 个字。",
                        f"the {en} has {len(text)} characters, more than the limit of {most}.",
                        f"缩短到 {most} 个字以内(上限与“备注”相同,由 KPI_REPORT_MAX_COMMENT_CHARS 调整)。",
                        f"shorten it to {most} characters (the comment limit, KPI_REPORT_MAX_COMMENT_CHARS).",
                        value=text[:40] + "…")
        record = PlanRecord(goal=found.get("plan_goal", ""), actions=found.get("plan_actions", ""),
                            deadline=found.get("plan_deadline"), submitted=found.get("plan_submitted"),
                            meeting_date=found.get("meeting_date"), meeting_by=found.get("meeting_by", ""),
                            statement=found.get("meeting_statement", ""))
        if not record.empty:
            plans[r] = record
    return plans


# -- after the team is ranked: who lacks a plan, whose plan is late ----------------------------

PLAN_PARTS = ("plan_goal", "plan_actions", "plan_deadline")
MEETING_PARTS = ("meeting_date", "meeting_by", "meeting_statement")


def _listed(keys: tuple[str, ...] | list[str]) -> tuple[str, str]:
    """The parts' names as a list in each language: 改进目标、完成期限 / goal, deadline."""
    return "、".join(NAMES[k][0] for k in keys), ", ".join(NAMES[k][1] for k in keys)


def _empty_parts(plan: PlanRecord | None, keys: tuple[str, ...]) -> list[str]:
    values = {} if plan is None else {
        "plan_goal": plan.goal, "plan_actions": plan.actions, "plan_deadline": plan.deadline,
        "plan_submitted": plan.submitted, "meeting_date": plan.meeting_date, "meeting_by": plan.meeting_by,
        "meeting_statement": plan.statement}
    return [k for k in keys if not values.get(k)]


def report_plans(team: TeamResult, scheme: Scheme, cells: dict[str, str], rep: Reporter) -> None:
    """Warnings at the cells of each employee who needs a plan: parts missing, meeting missing, late."""
    rule = scheme.improvement
    if rule is None:
        return
    for r in team.employees:
        status = r.improvement
        if status is None or not status.required:
            continue
        e = r.employee

        def at(key: str, row: int = r.row) -> str:
            return f"{cells.get(key) or cells.get('id', 'A')}{row}"

        plan_keys = PLAN_PARTS + (("plan_submitted",) if rule.due_days is not None else ())
        missing = _empty_parts(status.plan, plan_keys)
        if missing:
            zh, en = _listed(missing)
            rep.add("missing-improvement-plan", at(missing[0]),
                    f"{e.name}({e.id})需要{rule.name}({status.why.zh}),但缺少:{zh}。",
                    f"{e.name} ({e.id}) needs an improvement plan ({status.why.en}), but {en} is missing.",
                    f"与员工面谈后填写{zh};报告照常生成,{rule.name}一栏会显示“未提交”。",
                    f"fill in {en} after the review meeting; the reports are written all the same, "
                    "showing the plan as not submitted.", value=e.id, severity=Severity.WARNING)
        if rule.meeting:
            absent = _empty_parts(status.plan, MEETING_PARTS)
            if absent:
                zh, en = _listed(absent)
                rep.add("missing-review-meeting", at(absent[0]),
                        f"{e.name}({e.id})需要绩效面谈记录({status.why.zh}),但缺少:{zh}。",
                        f"{e.name} ({e.id}) needs a review meeting record ({status.why.en}), but {en} is missing.",
                        f"与员工面谈后填写{zh}。", f"hold the review meeting and fill in {en}.", value=e.id,
                        severity=Severity.WARNING)
        if status.late and status.plan is not None and status.plan.submitted and status.due:
            days = (status.plan.submitted - status.due).days
            rep.add("improvement-plan-late", at("plan_submitted"),
                    f"{e.name}({e.id})的{rule.name}于 {status.plan.submitted.isoformat()} 提交,"
                    f"应在 {status.due.isoformat()} 前提交(考核期结束后 {rule.due_days} 天内),晚了 {days} 天。",
                    f"{e.name}'s ({e.id}) plan was submitted on {status.plan.submitted.isoformat()}, due by "
                    f"{status.due.isoformat()} ({rule.due_days} days after the period), {days} days late.",
                    "核对提交日期;确实逾期时按公司规定处理,报告会注明“逾期”。",
                    "check the date; if it is late, the company's rule applies and the reports mark it late.",
                    value=status.plan.submitted.isoformat(), severity=Severity.WARNING)
