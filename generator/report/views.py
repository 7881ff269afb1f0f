"""Results turned into display strings for the templates: one place decides every format.

Numbers are formatted here from Decimals (half up) so templates never do arithmetic and
the PDF shows exactly the figures the engine computed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator.core.numbers import fmt, fmt_percent, fmt_plain, round_half_up
from generator.core.text import pick, t
from generator.model.results import EmployeeResult, HistoryOutcome, TeamResult
from generator.report.context import ReportMeta
from generator.report.rater_columns import employee_rater_view, rater_cells, shown


def money(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return ""
    return f"¥{round_half_up(value, places):,f}"


def percent_weight(value: Decimal) -> str:
    return f"{fmt_plain(value)}%"


def meta_view(meta: ReportMeta) -> dict[str, str]:
    return {
        "company": meta.company, "department": meta.department, "period": meta.period, "manager": meta.manager,
        "period_text": meta.period_text(), "period_label": meta.period_parts()[0], "period_range": meta.period_parts()[1],
        "scheme": meta.scheme_title(), "generated": meta.generated_at.strftime("%Y-%m-%d %H:%M"),
    }


ZH_COUNTS = "一二三四五六七八九十"  # 一式二份: the forms write the count in Chinese numerals


def signoff_view(meta: ReportMeta, team: bool = False) -> dict[str, Any]:
    """The signature boxes in order and the copies line. Without a scheme's own block: 被考核人 /
    考核人 / 复核人 on an employee's report, 考核人 / 复核人 on the team's (nobody is appraised there)."""
    lang, so = meta.lang, meta.signoff
    if so is None:
        keys = ("manager", "reviewer") if team else ("employee", "manager", "reviewer")
        return {"roles": [t(f"report.{k}", lang) for k in keys], "copies": ""}
    copies = ""
    if so.copies:
        n = ZH_COUNTS[so.copies - 1] if lang == "zh" and so.copies <= len(ZH_COUNTS) else str(so.copies)
        copies = t("report.copies", lang, n=n)
    return {"roles": [pick(r.name, r.name_en, lang) for r in so.roles], "copies": copies}


def _counts_in_rule(no_value: bool, value_text: str, applied: str) -> bool:
    """A deduction's counts ("迟到早退 2、事假 1") stand in its working already: printing them twice
    made a five-line cell that pushed an English report onto a second page."""
    parts = [x for x in value_text.replace("、", ", ").split(", ") if x]
    return no_value and bool(parts) and all(x in applied for x in parts)


def employee_view(r: EmployeeResult, meta: ReportMeta) -> dict[str, Any]:
    lang, p = meta.lang, meta.places
    rated = employee_rater_view(r, lang)
    sections = []
    for s in r.sections:
        inds = [i for i in r.indicators if i.section == s.id]
        sections.append({
            "name": pick(s.name, s.name_en, lang), "weight": percent_weight(s.weight), "in_total": s.in_total,
            "subtotal": fmt(s.subtotal, p), "weighted": fmt(s.weighted, p),
            "indicators": [{
                "name": pick(i.name, i.name_en, lang), "value_text": i.value_in(lang), "applied": i.applied.text(lang),
                "points": fmt(i.points, p), "max_points": fmt_plain(i.max_points), "weight": percent_weight(i.weight),
                "weighted": fmt(i.weighted, p), "raters": r.raters[i.id].text(lang) if i.id in r.raters else "",
                "rater_cells": [shown(c, p) for c in rater_cells(i, rated.columns)],
                "in_rule": _counts_in_rule(i.value is None, i.value_in(lang), i.applied.text(lang)),
            } for i in inds],
        })
    e = r.employee
    return {
        "name": e.name, "id": e.id, "position": e.position, "email": e.email,
        "sections": sections, "base_total": fmt(r.base_total, p),
        "multiplier": fmt_plain(r.multiplier) if r.multiplier is not None else "",
        "adjustments": [{"name": pick(a.name, a.name_en, lang), "count": fmt_plain(a.count),
                         "points": signed(a.points), "why": a.why.text(lang)} for a in r.adjustments],
        "vetoes": [{"name": pick(v.name, v.name_en, lang), "count": fmt_plain(v.count), "triggered": v.triggered,
                    "why": v.why.text(lang)} for v in r.vetoes],
        "total": fmt(r.total, p), "total_why": r.total_why.text(lang),
        "grade": pick(r.grade, r.grade_en, lang), "coefficient": fmt_plain(r.coefficient),
        "coefficient_why": r.coefficient_why.text(lang),
        "bonus": money(r.bonus.amount, meta.money_places) if r.bonus else "",
        "bonus_why": r.bonus.why.text(lang) if r.bonus else "",
        **pay_view(r, meta),
        "rank": str(r.rank) if r.rank is not None else "", "award": money(r.award, meta.money_places) if r.award else "",
        # a prize ranked by another figure than the total (presales: sales) says so beside the rank it contradicts
        "award_why": t("report.award_why", lang, basis=award_basis(meta))
        if r.award and _basis_value(r, meta) else "",
        "comment": r.comment, "rater_heads": rated.heads, "cols": rated.widths,
        **history_view(r, meta),
    }


def pay_view(r: EmployeeResult, meta: ReportMeta) -> dict[str, Any]:
    """A scheme's pay items, each with its working, when there are several (`bonus` is then their sum)."""
    if len(r.pay) < 2:
        return {"pay_items": []}
    return {"pay_items": [{"name": pick(x.name, x.name_en, meta.lang), "amount": money(x.amount, meta.money_places),
                           "why": x.why.text(meta.lang)} for x in r.pay]}


VERDICT = {"triggered": "report.history_triggered", "undecidable": "report.history_undecidable",
           "clear": "report.history_clear"}


def _verdict(h: HistoryOutcome, lang: str) -> str:
    word = t(VERDICT[h.status], lang)
    return t("report.aside", lang, text=word, aside=pick(h.outcome, h.outcome_en, lang)) if h.outcome else word


def _status_class(h: HistoryOutcome) -> str:
    # Being first is good news (额外奖金); every other rule that fires is a warning (淘汰, 解雇预警).
    return "good" if h.triggered and h.kind == "first_in_a_row" else h.status


def history_view(r: EmployeeResult, meta: ReportMeta) -> dict[str, Any]:
    """The box of rules over consecutive periods: every rule's verdict, what fired first."""
    lang = meta.lang
    order = {"triggered": 0, "undecidable": 1, "clear": 2}
    rows = [{"name": pick(h.name, h.name_en, lang), "status": _status_class(h), "verdict": _verdict(h, lang),
             "periods": t("report.history_sep", lang).join(h.periods), "why": h.why.text(lang)}
            for h in sorted(r.history, key=lambda h: order.get(h.status, 3))]
    sep = t("report.history_sep", lang)
    return {"history": rows, "history_open": [row for row in rows if row["status"] != "clear"],
            "history_clear": sep.join(row["name"] for row in rows if row["status"] == "clear"),
            "history_outcomes": sep.join(pick(h.outcome or h.name, h.outcome_en or h.name_en, lang)
                                                                for h in r.verdicts),
            "history_alert": any(_status_class(h) == "triggered" for h in r.verdicts),
            "extra_pay": [{"name": pick(x.name, x.name_en, lang), "amount": money(x.amount, meta.money_places),
                           "why": x.why.text(lang)} for x in r.extra_pay]}


def history_marker(r: EmployeeResult, lang: str) -> tuple[str, str]:
    """The team report's cell: what fired (淘汰、额外奖金), else "cannot tell (2026-08)", else nothing."""
    sep = t("report.history_sep", lang)
    if r.verdicts:
        good = all(_status_class(h) == "good" for h in r.verdicts)
        return (sep.join(pick(h.outcome or h.name, h.outcome_en or h.name_en, lang) for h in r.verdicts),
                "history-good" if good else "history-hit")
    missing = sorted({p for h in r.undecided for p in h.missing})
    if r.undecided:
        word = t("report.history_undecidable", lang)
        return (t("report.aside", lang, text=word, aside=sep.join(missing)) if missing else word), "history-open"
    return "", ""


def signed(value: Decimal) -> str:
    return f"+{fmt_plain(value)}" if value > 0 else fmt_plain(value)


def adjustment_sum(r: EmployeeResult) -> Decimal:
    return sum((a.points for a in r.adjustments), Decimal(0))


def award_basis(meta: ReportMeta) -> str:
    """What the ranking prizes are ranked by, in the report's language ("" when there are none)."""
    if meta.award_by == "total":
        return t("report.award_by_total", meta.lang)
    return pick(meta.award_by_name, meta.award_by_name_en, meta.lang) if meta.award_by else ""


def _basis_value(r: EmployeeResult, meta: ReportMeta) -> str:
    """The figure a prize was ranked by, when it is not the total shown beside it."""
    if meta.award_by in ("", "total"):
        return ""
    value = r.values.get(meta.award_by)
    if value is None:
        return ""
    return money(value, meta.money_places) if meta.award_by_money else fmt_plain(value)


def team_view(team: TeamResult, meta: ReportMeta) -> dict[str, Any]:
    lang, p = meta.lang, meta.places
    first = team.employees[0] if team.employees else None
    # companion sections (in_total: false) stay in the employee reports and the Excel: the team page has no room
    section_names = [f"{pick(s.name, s.name_en, lang)} {percent_weight(s.weight)}"
                     for s in first.sections if s.in_total] if first else []
    coefs = [g.coefficient for g in team.distribution]
    best, worst = (max(coefs), min(coefs)) if coefs else (None, None)
    rows = []
    for r in team.employees:
        rows.append({
            "rank": str(r.rank or ""), "id": r.employee.id, "name": r.employee.name, "position": r.employee.position,
            "sections": [fmt(s.weighted, p) for s in r.sections if s.in_total], "adjustments": signed(adjustment_sum(r)),
            "multiplier": f"×{fmt_plain(r.multiplier)}" if r.multiplier is not None else "",
            "total": fmt(r.total, p), "grade": pick(r.grade, r.grade_en, lang), "coefficient": fmt_plain(r.coefficient),
            "bonus": money(r.bonus.amount, meta.money_places) if r.bonus else "",
            "award": money(r.award, meta.money_places) if r.award else "",
            "award_basis": _basis_value(r, meta),
            "grade_class": "grade-top" if r.coefficient == best else "grade-low" if r.coefficient == worst else "",
            "history": (marker := history_marker(r, lang))[0], "history_class": marker[1],
        })
    return {
        "headcount": str(len(team.employees)), "average": fmt(team.average, p) if team.average is not None else "",
        "bonus_total": money(team.bonus_total, meta.money_places), "awards_total": money(team.awards_total, meta.money_places),
        "sections": section_names, "rows": rows,
        "has_adjustments": any(r.adjustments for r in team.employees),
        # 重关指标值 multiplies the sections' sum: without it the columns would not add up to the total
        "has_multiplier": any(r.multiplier is not None for r in team.employees),
        "has_bonus": any(r.bonus for r in team.employees), "has_awards": team.awards_total != 0,
        "pay_items": any(len(r.pay) > 1 for r in team.employees),
        "has_history": any(row["history"] for row in rows),
        "award_basis": award_basis(meta),
        "award_note": t("report.award_note", lang, basis=award_basis(meta)) if meta.award_by not in ("", "total") else "",
        "distribution": [{"label": pick(g.label, g.label_en, lang), "coefficient": fmt_plain(g.coefficient),
                          "count": str(g.count), "share": fmt_percent(g.share, 1)} for g in team.distribution],
    }
