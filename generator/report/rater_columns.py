"""Which rater columns a report needs: 自评 | 同事评 | 上级评 side by side, before the combined result.

A scheme without raters gets no column at all (no empty 自评 column on a sales report). The
columns are the raters of the rated indicators, in the scheme's order; an indicator that is not
rated leaves its rater cells blank, and a rater who gave no score shows "—" (the combination's
working says where that rater's weight went).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.core.numbers import fmt
from generator.core.text import pick
from generator.model.results import EmployeeResult, IndicatorResult, RaterPoints

ABSENT = "—"  # a rater who gave no score: not 0, which would read as a score of nought


@dataclass(frozen=True)
class RaterColumn:
    id: str
    name: str
    name_en: str = ""

    def header(self, lang: str = "zh") -> str:
        return pick(self.name, self.name_en or self.id, lang)


def rater_columns(indicators: Iterable[IndicatorResult]) -> tuple[RaterColumn, ...]:
    """The rater columns of these indicators, first appearance first (the scheme's order); () without raters."""
    seen: dict[str, RaterColumn] = {}
    for ind in indicators:
        for p in ind.rater_points:
            seen.setdefault(p.rater, RaterColumn(p.rater, p.name, p.name_en))
    return tuple(seen.values())


def team_rater_columns(results: Iterable[EmployeeResult]) -> tuple[RaterColumn, ...]:
    return rater_columns(i for r in results for i in r.indicators)


def rater_cells(ind: IndicatorResult, columns: tuple[RaterColumn, ...]) -> list[RaterPoints | None]:
    """One entry per column: the rater's points, or None where the indicator has no such rater."""
    by_id = {p.rater: p for p in ind.rater_points}
    return [by_id.get(c.id) for c in columns]


def shown(p: RaterPoints | None, places: int) -> str:
    """A rater's cell as the PDF prints it: "" (not rated), "—" (no score) or the points, rounded like points."""
    if p is None:
        return ""
    return ABSENT if p.points is None else fmt(p.points, places)


# The PDF's indicator table: the rater columns take their room mostly from the rule column (which
# wraps), so the table keeps its A4 width whatever the number of raters. Percentages of the table width.
_BASE = {"name": 17, "value": 14, "rule": 39, "points": 13, "weight": 7, "weighted": 10}
_RATED = {"name": 15, "value": 12, "points": 10, "weight": 7, "weighted": 9}  # "28.00 / 30" still on one line
RATERS_ROOM = 26  # at most this much for all rater columns: the rule column keeps a quarter of the table


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def rater_width(head: str) -> int:
    """A rater column wide enough for its header on one line at 8.5 pt ("上级评" 6%, "Supervisor" 10%)
    and for "100.00"; about 0.9% of A4's text width per half-width character, plus the cell padding."""
    return max(6, min(10, round(_display_width(head) * 0.9 + 1.5)))


def pdf_widths(heads: list[str]) -> dict[str, Any]:
    """Column widths (%) of the employee PDF's indicator table with these rater column headers."""
    if not heads:
        return {**_BASE, "raters": []}
    raters = [rater_width(h) for h in heads]
    if sum(raters) > RATERS_ROOM:  # many raters: narrower columns (headers wrap), never off the page
        raters = [max(4, RATERS_ROOM // len(heads))] * len(heads)
    return {**_RATED, "rule": 100 - sum(_RATED.values()) - sum(raters), "raters": raters}


@dataclass(frozen=True)
class RaterView:
    """The employee PDF's rater columns, their headers and the indicator table's widths (%)."""

    columns: tuple[RaterColumn, ...]
    heads: list[str]
    widths: dict[str, Any]


def employee_rater_view(r: EmployeeResult, lang: str) -> RaterView:
    columns = rater_columns(r.indicators)
    heads = [c.header(lang) for c in columns]
    return RaterView(columns, heads, pdf_widths(heads))
