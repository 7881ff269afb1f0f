"""The Excel report (xlsxwriter): summary, indicator working, adjustments and vetoes, grades.

Every text that came from a workbook (names, ids, comments, department) is written with
write_string, so '=HYPERLINK(...)' or '@SUM(...)' stays text and never becomes a formula.
Numbers are written as numbers with explicit formats; Excel stores doubles, so a Decimal
is converted only at this last step, after all rounding (half up) is done.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from generator.core.files import atomic_target
from generator.core.numbers import div
from generator.core.text import pick, t
from generator.model.results import TeamResult
from generator.report.context import ReportMeta
from generator.report.excel_plan import write_plans
from generator.report.pay_excel import pay_items_sheet
from generator.report.rater_excel import write_raters
from generator.report.views import VERDICT, adjustment_sum, award_basis, history_marker

# "74.995%", "30.00001 秒", "1.15": a number, its decimals, a percent sign or a unit.
_SHOWN = re.compile(r"^-?\d+(\.(\d+))?(%)?(?: ([^\d\s][^\d]*))?$")
POINTS, MONEY, PERCENT, PLAIN = "0.00", "¥#,##0.00", "0.0%", "0.####"
GREEN, RED, BLUE = "#C6EFCE", "#FFC7CE", "#1F4E79"


def _display_width(text: str) -> int:
    """Columns a text takes in Excel's units: a CJK or full-width character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _n(value: Decimal) -> float:
    return float(value)  # the cell is an IEEE double anyway; the Decimal is already rounded


def _hf(text: str) -> str:
    """Header/footer text: '&' starts a control code there, so a user's '&' is doubled."""
    return text.replace("&", "&&")[:80]


class _Book:
    def __init__(self, path: Path, meta: ReportMeta):
        self.meta, self.lang = meta, meta.lang
        # strings_to_formulas/urls off: a value is written as what it is, never reinterpreted.
        self.wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                                  "strings_to_numbers": False})
        # 'created' from the run's clock, not now(): the same input and clock give the same file.
        self.wb.set_properties({"title": t("report.team_title", self.lang), "company": meta.company,
                                "created": meta.generated_at,
                                "comments": f"{meta.report_id()} · kpi-report {meta.generator_version}"})
        add = self.wb.add_format
        font = "Microsoft YaHei" if self.lang == "zh" else "Calibri"
        base = {"font_name": font, "font_size": 10, "valign": "vcenter"}
        self.base = base
        self.value_formats: dict[str, Any] = {}
        self.widths: dict[tuple[str, int], int] = {}
        self.lines: dict[tuple[str, int], int] = {}
        self.f: dict[str, Any] = {
            "title": add({**base, "bold": True, "font_size": 14, "font_color": BLUE}),
            "meta": add({**base, "font_color": "#444444"}),
            "head": add({**base, "bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "align": "center"}),
            "text": add({**base, "border": 1}),
            "wrap": add({**base, "border": 1, "text_wrap": True}),
            "points": add({**base, "border": 1, "num_format": POINTS}),
            "total": add({**base, "border": 1, "num_format": POINTS, "bold": True}),
            "money": add({**base, "border": 1, "num_format": MONEY}),
            "percent": add({**base, "border": 1, "num_format": PERCENT}),
            "plain": add({**base, "border": 1, "num_format": PLAIN}),
            "int": add({**base, "border": 1, "num_format": "0"}),
            "good": add({"bg_color": GREEN, "font_color": "#006100"}),
            "bad": add({"bg_color": RED, "font_color": "#9C0006"}),
        }

    def t(self, key: str) -> str:
        return t(key, self.lang)  # the module-level t, in this book's language

    def text(self, ws: Worksheet, row: int, col: int, value: str, fmt: str = "text") -> None:
        ws.write_string(row, col, value or "", self.f[fmt])
        if fmt == "wrap" and value:
            # xlsxwriter cannot measure text, and Excel/WPS/LibreOffice do not grow a row for
            # wrapped text on opening; estimate the lines so nothing is hidden or overprinted.
            width = self.widths.get((ws.name, col), 10)
            lines = sum(max(1, -(-_display_width(part) // max(width - 1, 1))) for part in value.split("\n"))
            key = (ws.name, row)
            if lines > self.lines.get(key, 1):
                self.lines[key] = lines
                ws.set_row(row, 14 * lines + 3)

    def num(self, ws: Worksheet, row: int, col: int, value: Decimal | None, fmt: str = "points") -> None:
        if value is None:
            ws.write_blank(row, col, None, self.f["text"])
        else:
            ws.write_number(row, col, _n(value), self.f[fmt])

    def shown(self, ws: Worksheet, row: int, col: int, value: Decimal | None, text: str) -> None:
        """The measured value as one cell: a number whose format prints exactly `text`.

        `text` is what the PDF shows ("74.995%", "30.00001 秒"), already given enough digits
        never to cross a band edge; the format copies its decimals and unit so the cell reads
        the same and still sorts and sums as a number. Anything else (counts by item) is text.
        """
        m = _SHOWN.match(text or "")
        if value is None or not m:
            self.text(ws, row, col, text, "wrap")
            return
        digits, percent, unit = len(m.group(2) or ""), m.group(3), m.group(4)
        code = "0" + ("." + "0" * digits if digits else "") + ("%" if percent else "")
        if unit:
            code += ' "' + unit.replace('"', "") + '"'
        if code not in self.value_formats:
            self.value_formats[code] = self.wb.add_format({**self.base, "border": 1, "num_format": code})
        ws.write_number(row, col, _n(value), self.value_formats[code])

    def sheet(self, key: str, widths: list[int], head_row: int, headers: list[str]) -> Worksheet:
        ws = self.wb.add_worksheet(self.t(key))
        for i, w in enumerate(widths):
            ws.set_column(i, i, w)
            self.widths[(ws.name, i)] = w
        m = self.meta
        self.text(ws, 0, 0, f"{m.company} {m.department} {m.period_text()} {self.t('report.team_title')}", "title")
        self.text(ws, 1, 0, f"{self.t('report.scheme')}: {m.scheme_title()}  ·  "
                  f"{self.t('report.report_id')}: {m.report_id()}  ·  "
                  f"{self.t('report.generated')}: {m.generated_at:%Y-%m-%d %H:%M}", "meta")
        ws.set_row(head_row, 30)
        for c, h in enumerate(headers):
            self.text(ws, head_row, c, h, "head")
        ws.freeze_panes(head_row + 1, 3 if len(headers) > 3 else 0)
        # Print: A4 landscape, one page wide, header row on every page, period and page x / y.
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(head_row)
        ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
        ws.set_header(f"&L{_hf(m.company)}&C{_hf(m.department)} {_hf(m.period)}&R{_hf(self.t(key))}")
        ws.set_footer(f"&L{m.report_id()}&R&P / &N")
        return ws


def write_excel(team: TeamResult, meta: ReportMeta, path: Path) -> Path:
    with atomic_target(path) as tmp:
        book = _Book(tmp, meta)
        _summary(book, team)
        _detail(book, team)
        write_raters(book, team)  # only when some indicator is rated
        _sections(book, team)
        _adjustments(book, team)
        _working(book, team)
        pay_items_sheet(book, team)
        _history(book, team)
        write_plans(book, team)  # 改进计划: report/excel_plan.py
        _grades(book, team)
        book.wb.close()
    return path


def _summary(b: _Book, team: TeamResult) -> None:
    lang = b.lang
    first = team.employees[0] if team.employees else None
    sections = [f"{pick(s.name, s.name_en, lang)} " + (f"{s.weight.normalize():f}%" if s.in_total else
                b.t("report.companion")) for s in first.sections] if first else []
    headers = [b.t("report.rank"), b.t("report.employee_id"), b.t("report.name"), b.t("report.position"), *sections,
               b.t("report.adjustment_sum"), b.t("report.total"), b.t("report.grade"), b.t("report.coefficient"),
               b.t("report.pay_sum" if any(len(r.pay) > 1 for r in team.employees) else "report.bonus"),
               b.t("report.award"), b.t("report.vetoes")]
    ns = len(sections)
    widths = [6, 10, 10, 12, *([12] * ns), 9, 9, 10, 9, 13, 12, 18]
    with_history = any(r.history for r in team.employees)
    if with_history:  # the last column, so the fixed column positions below stay as they are
        headers.append(b.t("report.history_short"))
        widths.append(22)
    head = 3
    ws = b.sheet("report.sheet_summary", widths, head, headers)
    for i, r in enumerate(team.employees):
        row = head + 1 + i
        b.num(ws, row, 0, Decimal(r.rank) if r.rank is not None else None, "int")
        b.text(ws, row, 1, r.employee.id)
        b.text(ws, row, 2, r.employee.name)
        b.text(ws, row, 3, r.employee.position)
        for j, s in enumerate(r.sections):
            b.num(ws, row, 4 + j, s.weighted)
        c = 4 + ns
        b.num(ws, row, c, adjustment_sum(r), "plain")
        b.num(ws, row, c + 1, r.total, "total")
        b.text(ws, row, c + 2, pick(r.grade, r.grade_en, lang))
        b.num(ws, row, c + 3, r.coefficient, "plain")
        b.num(ws, row, c + 4, r.bonus.amount if r.bonus else None, "money")
        b.num(ws, row, c + 5, r.award, "money")
        b.text(ws, row, c + 6, t("report.list_sep", lang).join(pick(v.name, v.name_en, lang) for v in r.vetoes if v.triggered), "wrap")
        if with_history:
            b.text(ws, row, c + 7, history_marker(r, lang)[0], "wrap")
    last = head + len(team.employees)
    c = 4 + ns
    if team.employees:
        ws.autofilter(head, 0, last, len(headers) - 1)
        ws.conditional_format(head + 1, c + 1, last, c + 1, {"type": "data_bar", "bar_color": "#63BE7B",
                                                              "min_type": "num", "min_value": 0})
        ws.conditional_format(head + 1, c + 3, last, c + 3, {"type": "cell", "criteria": ">", "value": 1,
                                                              "format": b.f["good"]})
        ws.conditional_format(head + 1, c + 3, last, c + 3, {"type": "cell", "criteria": "<", "value": 1,
                                                              "format": b.f["bad"]})
        ws.conditional_format(head + 1, c + 6, last, c + 6, {"type": "no_blanks", "format": b.f["bad"]})
        if with_history:  # good news (额外奖金) green, by value so that sorting keeps it right; the rest red
            for text in sorted({m[0] for r in team.employees if (m := history_marker(r, lang))[1] == "history-good"}):
                ws.conditional_format(head + 1, c + 7, last, c + 7, {"type": "cell", "criteria": "==",
                                                                      "value": f'"{text}"', "format": b.f["good"]})
            ws.conditional_format(head + 1, c + 7, last, c + 7, {"type": "no_blanks", "format": b.f["bad"]})
    # Team figures under the table, outside the filter range so sorting never moves them.
    foot = last + 2
    for k, (key, value, fmt) in enumerate([("report.headcount", Decimal(len(team.employees)), "int"),
                                           ("report.average", team.average, "points"),
                                           ("report.bonus_total", team.bonus_total, "money"),
                                           ("report.awards_total", team.awards_total, "money")]):
        b.text(ws, foot + k, 2, b.t(key), "head")
        b.num(ws, foot + k, 3, value, fmt)
    if team.awards_total:  # rank 2 may get the first prize: say what the prizes are ranked by
        b.text(ws, foot + 4, 2, b.t("report.award_by"), "head")
        b.text(ws, foot + 4, 3, award_basis(b.meta) if b.meta.award_by in ("", "total") else
               t("report.award_note", lang, basis=award_basis(b.meta)))


def _working(b: _Book, team: TeamResult) -> None:
    """How each total, coefficient and bonus came about, and the manager's comment."""
    lang = b.lang
    working = " · " + b.t("report.working")
    headers = [b.t("report.employee_id"), b.t("report.name"), b.t("report.total"), b.t("report.total") + working,
               b.t("report.coefficient") + working, b.t("report.bonus") + working, b.t("report.comment")]
    ws = b.sheet("report.sheet_working", [10, 10, 9, 50, 36, 40, 36], 3, headers)
    for i, r in enumerate(team.employees):
        row = 4 + i
        b.text(ws, row, 0, r.employee.id)
        b.text(ws, row, 1, r.employee.name)
        b.num(ws, row, 2, r.total, "total")
        b.text(ws, row, 3, r.total_why.text(lang), "wrap")
        b.text(ws, row, 4, r.coefficient_why.text(lang), "wrap")
        b.text(ws, row, 5, r.bonus.why.text(lang) if r.bonus else "", "wrap")
        b.text(ws, row, 6, r.comment, "wrap")
    if team.employees:
        ws.autofilter(3, 0, 3 + len(team.employees), len(headers) - 1)


def _detail(b: _Book, team: TeamResult) -> None:
    lang = b.lang
    headers = [b.t("report.employee_id"), b.t("report.name"), b.t("report.section"), b.t("report.indicator"),
               b.t("report.value"), b.t("report.rule"), b.t("report.points"),
               b.t("report.max_points"), b.t("report.weight"), b.t("report.weighted"), b.t("report.score_rate"),
               b.t("report.raters")]
    ws = b.sheet("report.sheet_detail", [10, 10, 12, 16, 18, 48, 9, 8, 8, 10, 9, 40], 3, headers)
    names = {s.id: pick(s.name, s.name_en, lang) for r in team.employees[:1] for s in r.sections}
    row = 4
    for r in team.employees:
        for i in r.indicators:
            b.text(ws, row, 0, r.employee.id)
            b.text(ws, row, 1, r.employee.name)
            b.text(ws, row, 2, names.get(i.section, i.section))
            b.text(ws, row, 3, pick(i.name, i.name_en, lang))
            # One 实际值 column, printing exactly what the PDF prints (no second, rounded copy).
            b.shown(ws, row, 4, i.value, i.value_in(lang))
            b.text(ws, row, 5, i.applied.text(lang), "wrap")
            b.num(ws, row, 6, i.points)
            b.num(ws, row, 7, i.max_points, "plain")
            b.num(ws, row, 8, i.weight / 100, "percent")
            b.num(ws, row, 9, i.weighted)
            b.num(ws, row, 10, div(i.points, i.max_points) if i.max_points else None, "percent")
            b.text(ws, row, 11, r.raters[i.id].text(lang) if i.id in r.raters else "", "wrap")
            row += 1
    if row > 4:
        ws.autofilter(3, 0, row - 1, len(headers) - 1)
        # Colour by share of the indicator's own maximum: 7 of 10 and 70 of 100 look the same.
        ws.conditional_format(4, 10, row - 1, 10, {"type": "3_color_scale", "min_type": "num", "min_value": 0,
                                                   "mid_type": "num", "mid_value": 0.6,
                                                   "max_type": "num", "max_value": 1})


def _sections(b: _Book, team: TeamResult) -> None:
    """Each section's subtotal (Σ weighted points, out of 100) and what it counts toward the total."""
    lang = b.lang
    headers = [b.t("report.employee_id"), b.t("report.name"), b.t("report.section"), b.t("report.weight"),
               b.t("report.subtotal"), b.t("report.section_weighted")]
    ws = b.sheet("report.sheet_sections", [10, 10, 16, 8, 10, 12], 3, headers)
    row = 4
    for r in team.employees:
        for s in r.sections:
            b.text(ws, row, 0, r.employee.id)
            b.text(ws, row, 1, r.employee.name)
            b.text(ws, row, 2, pick(s.name, s.name_en, lang))
            b.num(ws, row, 3, s.weight / 100, "percent")
            b.num(ws, row, 4, s.subtotal)
            b.num(ws, row, 5, s.weighted)
            row += 1
    if row > 4:
        ws.autofilter(3, 0, row - 1, len(headers) - 1)


def _adjustments(b: _Book, team: TeamResult) -> None:
    lang = b.lang
    headers = [b.t("report.employee_id"), b.t("report.name"), b.t("report.kind"), b.t("report.adjustment"),
               b.t("report.count"), b.t("report.points"), b.t("report.triggered"), b.t("report.working")]
    ws = b.sheet("report.sheet_adjust", [10, 10, 10, 18, 8, 9, 9, 60], 3, headers)
    row = 4
    for r in team.employees:
        for a in r.adjustments:
            for c, v in enumerate([r.employee.id, r.employee.name, b.t("report.kind_adjustment"), pick(a.name, a.name_en, lang)]):
                b.text(ws, row, c, v)
            b.num(ws, row, 4, a.count, "plain")
            b.num(ws, row, 5, a.points, "plain")
            b.text(ws, row, 6, "")
            b.text(ws, row, 7, a.why.text(lang), "wrap")
            row += 1
        for v in r.vetoes:
            for c, cell in enumerate([r.employee.id, r.employee.name, b.t("report.kind_veto"), pick(v.name, v.name_en, lang)]):
                b.text(ws, row, c, cell)
            b.num(ws, row, 4, v.count, "plain")
            b.text(ws, row, 5, "")
            b.text(ws, row, 6, b.t("report.yes") if v.triggered else b.t("report.no"))
            b.text(ws, row, 7, v.why.text(lang), "wrap")
            row += 1
    if row > 4:
        ws.autofilter(3, 0, row - 1, len(headers) - 1)
        ws.conditional_format(4, 6, row - 1, 6, {"type": "cell", "criteria": "==", "value": f'"{b.t("report.yes")}"',
                                                 "format": b.f["bad"]})


def _history(b: _Book, team: TeamResult) -> None:
    """Every rule over consecutive periods per employee: verdict, the periods, the working (only when applied)."""
    if not any(r.history for r in team.employees):
        return
    lang = b.lang
    headers = [b.t("report.employee_id"), b.t("report.name"), b.t("report.history_rule"), b.t("report.history_verdict"),
               b.t("report.history_periods"), b.t("report.working")]
    ws = b.sheet("report.history", [10, 10, 24, 16, 24, 60], 3, headers)
    row, good = 4, set()
    for r in team.employees:
        for h in r.history:
            verdict = b.t(VERDICT[h.status])
            if h.outcome:
                verdict = t("report.aside", lang, text=verdict, aside=pick(h.outcome, h.outcome_en, lang))
            if h.triggered and h.kind == "first_in_a_row":
                good.add(verdict)
            for c, v in enumerate([r.employee.id, r.employee.name, pick(h.name, h.name_en, lang), verdict,
                                   t("report.history_sep", lang).join(h.periods)]):
                b.text(ws, row, c, v)
            b.text(ws, row, 5, h.why.text(lang), "wrap")
            row += 1
        for x in r.extra_pay:
            for c, v in enumerate([r.employee.id, r.employee.name, pick(x.name, x.name_en, lang),
                                   b.t("report.history_pay")]):
                b.text(ws, row, c, v)
            b.num(ws, row, 4, x.amount, "money")
            b.text(ws, row, 5, x.why.text(lang), "wrap")
            row += 1
    ws.autofilter(3, 0, row - 1, len(headers) - 1)
    for text in sorted(good):
        ws.conditional_format(4, 3, row - 1, 3, {"type": "cell", "criteria": "==", "value": f'"{text}"',
                                                 "format": b.f["good"]})
    for key, fmt in (("report.history_triggered", "bad"), ("report.history_undecidable", "bad")):
        ws.conditional_format(4, 3, row - 1, 3, {"type": "text", "criteria": "begins with", "value": b.t(key),
                                                 "format": b.f[fmt]})


def _grades(b: _Book, team: TeamResult) -> None:
    lang = b.lang
    headers = [b.t("report.grade"), b.t("report.coefficient"), b.t("report.people"), b.t("report.share")]
    ws = b.sheet("report.sheet_grades", [14, 10, 8, 9], 3, headers)
    ws.freeze_panes(4, 0)
    for i, g in enumerate(team.distribution):
        b.text(ws, 4 + i, 0, pick(g.label, g.label_en, lang))
        b.num(ws, 4 + i, 1, g.coefficient, "plain")
        b.num(ws, 4 + i, 2, Decimal(g.count), "int")
        b.num(ws, 4 + i, 3, g.share, "percent")
    last = 3 + len(team.distribution)
    if not team.distribution:
        return
    name = b.t("report.sheet_grades")
    chart = b.wb.add_chart({"type": "column"})
    chart.add_series({
        "name": b.t("report.people"),
        "categories": [name, 4, 0, last, 0],
        "values": [name, 4, 2, last, 2],
        "data_labels": {"value": True},
        "points": [{"fill": {"color": c}} for c in ("#2E7D32", "#558B2F", "#F9A825", "#EF6C00", "#C62828",
                                                    "#6A1B9A", "#37474F")][: len(team.distribution)],
    })
    chart.set_title({"name": b.t("report.distribution")})
    chart.set_legend({"none": True})
    chart.set_y_axis({"name": b.t("report.people"), "major_gridlines": {"visible": True}, "min": 0})
    ws.insert_chart(3, 5, chart, {"x_scale": 1.3, "y_scale": 1.2})
