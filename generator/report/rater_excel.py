"""The Excel report's rater sheet: each rater's points side by side, then the combined result.

One row per employee and rated indicator: 工号 | 姓名 | 考核部分 | 考核指标 | 自评 | 同事评 | 上级评 |
综合评分 | 得分 | 满分 | 评分人合成. Written only when some indicator is rated (team_rater_columns),
so a scheme without raters gets no such sheet. A rater who gave no score is a blank cell, never 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.core.numbers import round_half_up
from generator.core.text import pick
from generator.model.results import TeamResult
from generator.report.rater_columns import rater_cells, team_rater_columns

if TYPE_CHECKING:
    from generator.report.excel import _Book


def write_raters(b: _Book, team: TeamResult) -> None:
    columns = team_rater_columns(team.employees)
    if not columns:
        return
    lang, places = b.lang, b.meta.places
    headers = [b.t("report.employee_id"), b.t("report.name"), b.t("report.section"), b.t("report.indicator"),
               *(c.header(lang) for c in columns), b.t("report.rater_combined"), b.t("report.points"),
               b.t("report.max_points"), b.t("report.raters")]
    k = len(columns)
    ws = b.sheet("report.sheet_raters", [10, 10, 12, 16, *([10] * k), 10, 9, 8, 44], 3, headers)
    names = {s.id: pick(s.name, s.name_en, lang) for r in team.employees[:1] for s in r.sections}
    row = 4
    for r in team.employees:
        for i in r.indicators:
            if not i.rater_points:
                continue
            for c, v in enumerate([r.employee.id, r.employee.name, names.get(i.section, i.section),
                                   pick(i.name, i.name_en, lang)]):
                b.text(ws, row, c, v)
            # rounded like points (an average of peers is 17.33), as the PDF shows them; the combination used the exact values
            for c, p in enumerate(rater_cells(i, columns), start=4):
                b.num(ws, row, c, round_half_up(p.points, places) if p is not None and p.points is not None else None)
            combined = round_half_up(i.value, places) if i.value is not None else None
            b.num(ws, row, 4 + k, combined, "total")  # the combination of the points beside it
            b.num(ws, row, 5 + k, i.points)
            b.num(ws, row, 6 + k, i.max_points, "plain")
            b.text(ws, row, 7 + k, r.raters[i.id].text(lang) if i.id in r.raters else "", "wrap")
            row += 1
    if row > 4:
        ws.autofilter(3, 0, row - 1, len(headers) - 1)
