"""The roll-up workbook (xlsxwriter): one sheet per team with the ranking over the period and a native
Excel line chart of the team's average total per period.

Texts from the archive (names, 工号, departments) are written with write_string, so nothing becomes a
formula. A missing period is the text "缺" / "missing" in its cell (never 0), and a blank in the
chart's data, which the chart shows as a gap.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter

from generator.archive.rollup import Rollup, TeamRollup
from generator.core.files import atomic_target, safe_part
from generator.core.text import pick, t
from generator.report.rollup_pdf import awards_text, chart_range, rules_text

POINTS, MONEY, BLUE = "0.00", "¥#,##0.00", "#1F4E79"


def _sheet_name(team: TeamRollup, taken: set[str]) -> str:
    """≤ 31 characters, none of []:*?/\\, unique in the workbook (two schemes of one department)."""
    base = safe_part(f"{team.department} {team.scheme.id}", "team", limit=60)
    for ch in "[]:*?/\\'":
        base = base.replace(ch, "_")
    name, n = base[:31], 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _team_sheet(wb: xlsxwriter.Workbook, f: dict[str, object], team: TeamRollup, rollup: Rollup, lang: str,
                taken: set[str]) -> None:
    ws = wb.add_worksheet(_sheet_name(team, taken))
    name = ws.get_name()
    ws.write_string(0, 0, f"{team.company} {t('rollup.title', lang)} · {rollup.period.label(lang)}", f["title"])
    ws.write_string(1, 0, f"{t('report.department', lang)}{t('report.colon', lang)}{team.department}    "
                          f"{t('report.scheme', lang)}{t('report.colon', lang)}"
                          f"{pick(team.scheme.name, team.scheme.name_en, lang)} ({team.scheme.id} v{team.scheme.version})")
    rules = rules_text(team, lang)
    for i, line in enumerate(rules):
        ws.write_string(2 + i, 0, line, f["note"])
    head_row = 3 + len(rules)
    parts = list(team.parts)
    heads = [t("rollup.rank", lang), t("report.employee_id", lang), t("report.name", lang),
             t("report.position", lang), *parts, t("rollup.sum", lang), t("rollup.average", lang),
             t("rollup.grade", lang), t("rollup.award", lang), t("rollup.awards_total", lang)]
    for c, h in enumerate(heads):
        ws.write_string(head_row, c, h, f["head"])
    missing = t("rollup.missing", lang)
    first_part, after = 4, 4 + len(parts)
    for r, e in enumerate(team.employees, start=head_row + 1):
        if e.rank is None:
            ws.write_string(r, 0, "—", f["center"])
        else:
            ws.write_number(r, 0, e.rank, f["center"])
        ws.write_string(r, 1, e.employee_id)
        ws.write_string(r, 2, e.name)
        ws.write_string(r, 3, e.position)
        for c, v in enumerate(e.totals, start=first_part):
            if v is None:
                ws.write_string(r, c, missing, f["missing"])
            else:
                ws.write_number(r, c, float(v), f["points"])
        ws.write_number(r, after, float(e.sum), f["points"])
        ws.write_number(r, after + 1, float(e.average), f["bold_points"])
        ws.write_string(r, after + 2, pick(e.grade, e.grade_en, lang), f["center"])
        note = t("rollup.unranked", lang, months="、".join(e.missing)) if e.rank is None else ""
        ws.write_string(r, after + 3, "; ".join(x for x in (awards_text(e, lang), note) if x))
        ws.write_number(r, after + 4, float(e.award_total), f["money"])
    last = head_row + len(team.employees)
    ws.autofilter(head_row, 0, last, len(heads) - 1)
    ws.set_landscape()  # printed on A4, one page wide, the header row repeated on every page
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(head_row)
    ws.freeze_panes(head_row + 1, 3)
    ws.set_column(0, 0, 6)
    ws.set_column(1, 3, 12)
    ws.set_column(first_part, after + 2, 10)
    ws.set_column(after + 3, after + 3, 36)
    ws.set_column(after + 4, after + 4, 14)

    # the chart's data under the table: one row of period labels, one of the team's averages
    data = last + 2
    ws.write_string(data, 0, t("rollup.sheet_data", lang), f["note"])
    ws.write_string(data + 1, 0, t("rollup.team_average", lang))
    for c, (p, avg) in enumerate(zip(parts, team.averages, strict=True), start=1):
        ws.write_string(data, c, p, f["head"])
        if avg is not None:
            ws.write_number(data + 1, c, float(avg), f["points"])  # blank when missing: a gap in the line
    lo, hi = chart_range(team)
    chart = wb.add_chart({"type": "line"})
    chart.add_series({"name": t("rollup.team_average", lang), "categories": [name, data, 1, data, len(parts)],
                      "values": [name, data + 1, 1, data + 1, len(parts)], "marker": {"type": "circle", "size": 6},
                      "data_labels": {"value": True, "num_format": POINTS}, "line": {"color": BLUE, "width": 2}})
    chart.set_title({"name": f"{team.department} · {t('rollup.team_trend', lang)}"})
    chart.set_y_axis({"min": float(lo), "max": float(hi), "num_format": "0"})
    chart.set_legend({"none": True})
    chart.show_blanks_as("gap")
    chart.set_size({"width": 640, "height": 300})
    ws.insert_chart(data + 3, 1, chart)


def write_rollup_excel(rollup: Rollup, path: Path, lang: str, generated_at: datetime) -> Path:
    with atomic_target(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False})
        wb.set_properties({"title": f"{t('rollup.title', lang)} {rollup.period}", "created": generated_at})
        font = {"font_name": "Microsoft YaHei" if lang == "zh" else "Calibri", "font_size": 10}
        add = wb.add_format
        f: dict[str, object] = {
            "title": add({**font, "bold": True, "font_size": 14, "font_color": BLUE}),
            "head": add({**font, "bold": True, "bg_color": "#DCE6F1", "border": 1, "align": "center"}),
            "note": add({**font, "font_color": "#444444"}),
            "points": add({**font, "num_format": POINTS}),
            "bold_points": add({**font, "num_format": POINTS, "bold": True}),
            "money": add({**font, "num_format": MONEY}),
            "center": add({**font, "align": "center"}),
            "missing": add({**font, "align": "center", "font_color": "#C62828"}),
        }
        taken: set[str] = set()
        for team in rollup.teams:
            _team_sheet(wb, f, team, rollup, lang, taken)
        wb.close()
    return path


__all__ = ["write_rollup_excel"]
