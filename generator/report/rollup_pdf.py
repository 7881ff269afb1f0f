"""The roll-up PDF (jinja2 + WeasyPrint): per team the ranking over the period, the team's average per
period as a line chart, and each employee's totals per period as a small chart.

Display strings are made here (`team_view`), so the template does no arithmetic and the PDF shows
the roll-up's exact decimals; a missing period is written "缺" / "missing", never 0.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator import __version__
from generator.archive.rollup import EmployeeRollup, Rollup, TeamRollup, team_awards_total
from generator.core.text import pick, t, texts
from generator.report.pdf import CHART_FONT, PdfWriter, template_env
from generator.report.rollup_chart import short_label, trend_chart, trend_sheet
from generator.report.views import money

SHEET = 24  # trend charts per page: 4 columns × 6 rows


class RollupPdfWriter(PdfWriter):
    STYLESHEETS = ("fonts.css", "report.css", "rollup.css")


def chart_range(team: TeamRollup) -> tuple[Decimal, Decimal]:
    """The scheme's score range, widened to any value outside it, so every chart of a team shares a scale."""
    values = [v for e in team.employees for v in e.totals if v is not None]
    lo = min([team.scheme.total_min, *values])
    hi = max([team.scheme.total_max if team.scheme.total_max is not None else lo + 1, *values])
    return lo, hi


def awards_text(e: EmployeeRollup, lang: str) -> str:
    return "; ".join(t("rollup.place", lang, period=a.period, place=a.place, amount=money(a.amount))
                     + ("" if a.final else t("rollup.provisional", lang)) for a in e.awards)


def rules_text(team: TeamRollup, lang: str) -> list[str]:
    """What the scheme says about this roll-up, in words: ranked by, grade rule, award rule, versions."""
    rule = team.scheme.rollup
    lines = [f"{t('rollup.ranked_by', lang)}{t('report.colon', lang)}{t('rollup.by_' + rule.score, lang)}"
             f"{t('rollup.sep', lang)}{t('rollup.grade_rule', lang)}"]
    if rule.awards is not None:
        a = rule.awards
        lines.append(t("rollup.award_rule", lang, name=pick(a.name, a.name_en, lang) or t("rollup.award", lang),
                       per=t(f"rollup.per_{a.per}", lang), n=len(a.prizes),
                       prizes="/".join(f"{p.normalize():f}" for p in a.prizes)))
    if team.archived_versions != (team.scheme.version,):
        lines.append(t("rollup.versions", lang, versions=", ".join(team.archived_versions),
                       version=team.scheme.version))
    if team.missing:
        lines.append(t("rollup.team_missing", lang, months="、".join(team.missing)))
    return lines


def team_view(team: TeamRollup, lang: str) -> dict[str, Any]:
    lo, hi = chart_range(team)
    labels = [short_label(p, lang) for p in team.parts]
    missing = t("rollup.missing", lang)
    few = len(team.parts) <= 6
    rows, cards = [], []

    for e in team.employees:
        grade = pick(e.grade, e.grade_en, lang)
        rows.append({"rank": e.rank or "—", "id": e.employee_id, "name": e.name, "position": e.position,
                     "totals": [missing if v is None else f"{v:f}" for v in e.totals], "sum": f"{e.sum:f}",
                     "average": f"{e.average:f}", "grade": grade, "award": awards_text(e, lang),
                     "note": t("rollup.unranked", lang, months="、".join(e.missing)) if e.rank is None else ""})
        rank = f"#{e.rank} · " if e.rank else ""
        cards.append((f"{e.name} {e.employee_id}  {rank}{e.average:f} · {grade}", e.totals))
    sheets = [trend_sheet(cards[i:i + SHEET], labels, lo, hi, reference=team.averages, font=CHART_FONT,
                          show_values=few) for i in range(0, len(cards), SHEET)]
    # fixed table layout (widths from <colgroup>): WeasyPrint's auto layout measures every cell twice
    has_awards = team.scheme.rollup.awards is not None
    many = len(team.parts) > 6  # a year: twelve month columns, shorter headers and a smaller type
    # the grade column holds "Unqualified" / "Basically qualified" in English without breaking a word
    fixed = ([3.5, 6.5, 6.0] + [5.5, 5.5, 9.5] + ([12.0] if has_awards else []) if many else
             [4.0, 7.5, 7.5] + [7.0, 7.0, 9.5] + ([17.0] if has_awards else []))
    part = (100 - sum(fixed)) / max(len(team.parts), 1)
    widths = fixed[:3] + [part] * len(team.parts) + fixed[3:]
    return {
        "company": team.company, "department": team.department, "widths": [f"{w:.2f}%" for w in widths],
        "many": many, "heads": labels if many else list(team.parts),
        "scheme": f"{pick(team.scheme.name, team.scheme.name_en, lang)} ({team.scheme.id} v{team.scheme.version})",
        "parts": list(team.parts), "rows": rows, "sheets": sheets, "headcount": len(team.employees),
        "awards_total": money(team_awards_total(team)), "has_awards": has_awards,
        "rules": rules_text(team, lang),
        "chart": trend_chart(labels, team.averages, lo, hi, width=520, height=170, font=CHART_FONT,
                             missing_text=missing),
    }


def rollup_html(rollup: Rollup, lang: str, generated_at: datetime) -> str:
    return template_env().get_template("rollup.html.j2").render(
        lang=lang, t=texts("report", lang), r=texts("rollup", lang), period=rollup.period.label(lang),
        period_code=str(rollup.period), teams=[team_view(team, lang) for team in rollup.teams],
        generated=generated_at.strftime("%Y-%m-%d %H:%M"), version=__version__)


def write_rollup_pdf(rollup: Rollup, path: Path, lang: str, generated_at: datetime) -> Path:
    return RollupPdfWriter().write(rollup_html(rollup, lang, generated_at), path)


__all__ = ["chart_range", "rollup_html", "team_view", "write_rollup_pdf"]
