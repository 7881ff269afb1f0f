"""The Excel sheet of a scheme's pay items (`pay:` with several items): one column per item, and their sum.

Kept apart from excel.py (its size, and so that the summary's fixed columns stay where they are):
the summary shows the sum in its pay column; this sheet shows what it is made of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.core.text import pick
from generator.model.results import TeamResult

if TYPE_CHECKING:
    from generator.report.excel import _Book


def pay_items_sheet(b: _Book, team: TeamResult) -> None:
    """Nothing when every employee has at most one pay item (the `bonus:` schemes)."""
    if not any(len(r.pay) > 1 for r in team.employees):
        return
    lang = b.lang
    items = next(r.pay for r in team.employees if len(r.pay) > 1)
    headers = [b.t("report.employee_id"), b.t("report.name"), b.t("report.total"),
               *[pick(x.name, x.name_en, lang) for x in items], b.t("report.pay_sum"), b.t("report.working")]
    ws = b.sheet("report.sheet_pay", [10, 10, 9, *([14] * len(items)), 14, 70], 3, headers)
    for i, r in enumerate(team.employees):
        row = 4 + i
        b.text(ws, row, 0, r.employee.id)
        b.text(ws, row, 1, r.employee.name)
        b.num(ws, row, 2, r.total, "total")
        amounts = {x.id: x.amount for x in r.pay}
        for j, x in enumerate(items):
            b.num(ws, row, 3 + j, amounts.get(x.id), "money")
        b.num(ws, row, 3 + len(items), r.bonus.amount if r.bonus else None, "money")
        b.text(ws, row, 4 + len(items), "\n".join(f"{pick(x.name, x.name_en, lang)}: {x.why.text(lang)}"
                                                   for x in r.pay), "wrap")
    if team.employees:
        ws.autofilter(3, 0, 3 + len(team.employees), len(headers) - 1)
