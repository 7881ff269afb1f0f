"""Write the standardized input workbook for a scheme (xlsxwriter: files Excel/WPS open cleanly).

Sheets: 填写说明 (instructions), 考核数据 (header block + one row per employee) and a very
hidden meta sheet holding the scheme id, version, content hash and period. With lang="en" every
word a manager sees is English (sheets Instructions and Data); the reader takes either. Input cells are unlocked and
validated; everything else is protected (without a password: the protection is against
accidents, not against the manager). The preview total is a formula for convenience only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from generator.core.files import atomic_target
from generator.core.numbers import fmt_plain
from generator.core.text import pick, t
from generator.history import periods
from generator.model.results import Employee
from generator.scheme.model import InputKind, Scheme
from generator.workbook import layout as L
from generator.workbook import plan_cells
from generator.workbook.instructions import write_instructions
from generator.workbook.preview import total_formula
from generator.workbook.print_setup import setup_print


@dataclass
class TemplateRow:
    employee: Employee
    values: Mapping[str, object] = field(default_factory=dict)  # Column.key → Decimal | int | str
    comment: str = ""
    preview: Decimal | None = None  # cached value for the preview formula (a filled sample only)


@dataclass
class HeaderInfo:
    period: str
    company: str = ""
    department: str = ""
    manager: str = ""


def canonical_period(scheme: Scheme, period: str) -> str:
    """The period as the template writes it: canonical (2026年第四季度 → 2026Q4) when it is of the scheme's
    kind; anything else is written as given, so that reading the workbook reports it (period-kind-mismatch)."""
    reading = periods.parse(period)
    return str(reading) if reading is not None and reading.kind == scheme.period else period


def _validation(col_kind: InputKind, lo: Decimal | None, hi: Decimal | None, levels: tuple[int, ...],
                title: str, help_text: str, lang: str = "zh") -> dict[str, object]:
    msg = help_text[:250]
    base: dict[str, object] = {"input_title": title[:32], "input_message": msg,
                               "error_title": t("input.error_title", lang)[:32]}
    if col_kind is InputKind.LEVEL:
        allowed = "/".join(str(x) for x in levels)
        return {**base, "validate": "list", "source": [str(x) for x in levels],
                "error_message": t("input.error_level", lang, allowed=allowed)}
    if col_kind is InputKind.PERCENT:
        top = max(Decimal(100), (hi or Decimal(1)) * 100)
        return {**base, "validate": "decimal", "criteria": "between", "minimum": float(lo or 0), "maximum": float(top),
                "error_message": t("input.error_percent", lang, top=fmt_plain(top))}
    low = float(lo) if lo is not None else -1e9
    high = float(hi) if hi is not None else 1e9
    kind = "integer" if col_kind is InputKind.COUNT else "decimal"
    words = t("input.words_integer" if col_kind is InputKind.COUNT else "input.words_number", lang)
    return {**base, "validate": kind, "criteria": "between", "minimum": low, "maximum": high,
            "error_message": t("input.error_number", lang, low=fmt_plain(Decimal(str(low))),
                               high=fmt_plain(Decimal(str(high))), words=words)}


_HELP_KIND = {InputKind.PERCENT: "input.help_percent", InputKind.COUNT: "input.help_count",
              InputKind.MONEY: "input.help_money", InputKind.LEVEL: "input.help_level",
              InputKind.SCORE: "input.help_score", InputKind.NUMBER: "input.help_number"}


def _help(col_kind: InputKind, unit: str, lo: Decimal | None, hi: Decimal | None, required: bool, extra: str,
          lang: str = "zh") -> str:
    parts = [t(_HELP_KIND[col_kind], lang)
             + (t("input.help_unit", lang, unit=unit) if unit and col_kind is not InputKind.PERCENT else "")]
    if col_kind is not InputKind.LEVEL and (lo is not None or hi is not None):
        show = (lambda v: f"{fmt_plain(v * 100)}%") if col_kind is InputKind.PERCENT else fmt_plain
        parts.append(t("input.help_range", lang, lo=show(lo) if lo is not None else "…",
                       hi=show(hi) if hi is not None else "…"))
    parts.append(t("input.help_required" if required else "input.help_optional", lang))
    # A scheme's help text is Chinese (a scheme has no English form of it): an English template leaves it out.
    if extra and not (lang == "en" and L.has_cjk(extra)):
        parts.append(extra)
    return t("input.help_sep", lang).join(parts)


def write_template(scheme: Scheme, header: HeaderInfo, out_path: Path, rows: Sequence[TemplateRow] = (),
                   *, blank_rows: int = L.BLANK_ROWS, spare_rows: int = 0, calc_on_load: bool = True,
                   created: dt.datetime | None = None, lang: str = "zh") -> Path:
    """Write the workbook to out_path (atomically) and return it. `rows` pre-fills employees.

    Without rows the sheet offers `blank_rows` empty rows; with rows, `spare_rows` more under them
    (unlocked, validated, with the preview formula) so people can be added; empty rows are ignored.
    `lang` is the language of every word written ("zh" or "en"); the data the caller gives is written as is.
    """
    header = dataclasses.replace(header, period=canonical_period(scheme, header.period))
    with atomic_target(out_path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False, "strings_to_formulas": False})
        wb.calc_on_load = calc_on_load  # False only for fixtures that imitate a file Excel has recalculated
        name = pick(scheme.name, scheme.name_en, lang)
        wb.set_properties({"title": f"{name} {header.period}", "subject": t("input.subject", lang),
                           "author": "kpi-report", "company": header.company, "comments": f"{scheme.id} {scheme.version}",
                           **({"created": created} if created else {})})
        fields = L.fields(scheme)
        write_instructions(wb, scheme, header, fields, lang)
        data = wb.add_worksheet(L.data_sheet(lang))
        _write_data(wb, data, scheme, header, fields, rows, blank_rows if not rows else max(spare_rows, 0), lang)
        data.activate()
        _write_meta(wb, scheme, header)
        wb.close()
    return out_path


def _write_data(wb: xlsxwriter.Workbook, ws, scheme: Scheme, header: HeaderInfo, fields: list[L.Field],
                rows: Sequence[TemplateRow], empty_rows: int, lang: str = "zh") -> None:
    f = wb.add_format
    title = f({"bold": True, "font_size": 14, "font_name": "等线"})
    label = f({"bold": True, "align": "right", "font_name": "等线"})
    editable = f({"locked": False, "bottom": 1, "bg_color": "#FFF9DB", "font_name": "等线"})
    fixed = f({"bottom": 1, "bg_color": "#EEEEEE", "font_name": "等线"})
    # A scheme's name can be longer than its two cells (most English names are): shrunk, never cut off.
    fixed_fit = f({"bottom": 1, "bg_color": "#EEEEEE", "font_name": "等线", "shrink": True})
    note = f({"italic": True, "font_color": "#666666", "font_size": 10, "font_name": "等线"})
    head = f({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center", "border": 1,
              "bg_color": "#DDEBF7", "font_name": "等线"})
    head_req = f({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center", "border": 1,
                  "bg_color": "#BDD7EE", "font_name": "等线"})
    cell_in = f({"locked": False, "border": 1, "bg_color": "#FFFDE7", "font_name": "等线"})
    cell_text = f({"locked": False, "border": 1, "bg_color": "#FFFDE7", "font_name": "等线", "num_format": "@"})
    cell_pct = f({"locked": False, "border": 1, "bg_color": "#FFFDE7", "font_name": "等线", "num_format": "0.0#%"})
    cell_calc = f({"border": 1, "bg_color": "#EEEEEE", "num_format": "0.00", "font_name": "等线"})
    cell_date = f({"locked": False, "border": 1, "bg_color": "#FFFDE7", "font_name": "等线",
                   "num_format": plan_cells.DATE_FORMAT})

    last = len(fields) - 1
    name = pick(scheme.name, scheme.name_en, lang)
    ws.merge_range(0, 0, 0, min(last, 9), t("input.data_title", lang, name=name), title)
    values = {"company": header.company, "department": header.department, "manager": header.manager,
              "period": header.period, "scheme_name": name, "scheme_ref": f"{scheme.id} {scheme.version}"}
    for key, zh, en, ref in L.HEADER_FIELDS:
        row, col = _rc(ref)
        ws.write(row, col - 1, en if lang == "en" else zh, label)
        fmt = editable if key in L.EDITABLE_HEADER else fixed_fit if key == "scheme_name" else fixed
        ws.merge_range(row, col, row, col + 1, values[key], fmt)
    ws.write(L.HEADER_ROW - 2, 0, t("input.note", lang), note)

    hr = L.HEADER_ROW - 1
    ws.set_row(hr, 48)
    n_rows = len(rows) + empty_rows
    first, last_row = L.FIRST_DATA_ROW - 1, L.FIRST_DATA_ROW - 1 + max(n_rows, 1) - 1
    letters = L.letters(scheme)
    for ci, fld in enumerate(fields):
        ws.set_column(ci, ci, fld.width)
        ws.write(hr, ci, fld.label(lang), head_req if fld.required else head)
        col = fld.column
        if col is not None:
            help_text = _help(col.kind, L.unit_word(col.unit, lang), col.min, col.max, col.required, col.help, lang)
            ws.data_validation(first, ci, last_row, ci, _validation(col.kind, col.min, col.max, col.levels,
                                                                    pick(col.header, col.header_en, lang), help_text,
                                                                    lang))
        elif fld.key in plan_cells.DATE_KEYS:
            ws.data_validation(first, ci, last_row, ci, plan_cells.date_validation(
                fld.label(lang), fld.note_en if lang == "en" else fld.note, lang))
    formula_for = _formula_factory(scheme, letters)
    preview_ci = len(fields) - 1
    for i in range(n_rows):
        r = first + i
        item = rows[i] if i < len(rows) else None
        for ci, fld in enumerate(fields[:-1]):
            value = _cell_value(fld, item)
            if fld.key in plan_cells.NAMES:
                plan_cells.write_plan_cell(ws, r, ci, fld.key, value, cell_text, cell_date)
                continue
            fmt = cell_text if fld.key in ("id", "name", "position", "email", "comment") else cell_in
            if fld.column is not None and fld.column.kind is InputKind.PERCENT:
                fmt = cell_pct
            if value is None or value == "":
                ws.write_blank(r, ci, None, fmt)
            elif isinstance(value, str):
                ws.write_string(r, ci, value, fmt)
            else:
                ws.write_number(r, ci, float(value), fmt)
        formula = formula_for(r + 1)
        if formula is None:
            ws.write_string(r, preview_ci, "", cell_calc)
        else:
            cached = float(item.preview) if item is not None and item.preview is not None else ""
            ws.write_formula(r, preview_ci, formula, cell_calc, cached)
    if formula_for(L.FIRST_DATA_ROW) is None:
        ws.write_comment(hr, preview_ci, t("input.no_preview", lang), {"x_scale": 2})
    ws.freeze_panes(L.HEADER_ROW, 2)
    ws.autofilter(hr, 0, last_row, preview_ci)
    ws.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True,
                    "select_locked_cells": True, "select_unlocked_cells": True})
    # Readable on paper: fitted to the width only while the text stays ≥ 9 pt, else across pages
    # with the header row and the ID and name columns on every page.
    setup_print(ws, [fld.width for fld in fields], landscape=True, header_row=hr, repeat_cols=2)
    ws.set_header(f"&L{name}&R{header.period}")
    ws.set_footer(t("input.footer", lang))


def _rc(ref: str) -> tuple[int, int]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    col, row = coordinate_from_string(ref)
    return row - 1, column_index_from_string(col) - 1


def _cell_value(fld: L.Field, item: TemplateRow | None) -> object:
    if item is None:
        return None
    emp = item.employee
    fixed = {"id": emp.id, "name": emp.name, "position": emp.position, "email": emp.email, "comment": item.comment}
    if fld.key in fixed:
        return fixed[fld.key]
    return item.values.get(fld.key)


def _formula_factory(scheme: Scheme, letters: dict[str, str]):
    def make(row: int) -> str | None:
        return total_formula(scheme, lambda key: f"{letters[key]}{row}")

    return make


def _write_meta(wb: xlsxwriter.Workbook, scheme: Scheme, header: HeaderInfo) -> None:
    meta = wb.add_worksheet(L.META_SHEET)
    # new facts go last: rows 1–3 are where older templates have them
    facts = [("scheme_id", scheme.id), ("scheme_version", scheme.version), ("period", header.period),
             ("layout_version", L.LAYOUT_VERSION), ("generator", "kpi-report")]
    names = [(L.NAME_SCHEME_ID, scheme.id), (L.NAME_SCHEME_VERSION, scheme.version), (L.NAME_PERIOD, header.period)]
    if scheme.content_hash:  # a Scheme built in code has none: its workbooks are read without the check
        facts.append(("scheme_hash", scheme.content_hash))
        names.append((L.NAME_SCHEME_HASH, scheme.content_hash))
    for i, (k, v) in enumerate(facts):
        meta.write_string(i, 0, k)
        meta.write_string(i, 1, v)
    meta.protect()
    meta.very_hidden()
    for name, value in names:
        wb.define_name(name, '="' + value.replace('"', '""') + '"')

