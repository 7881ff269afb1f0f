"""The 填写说明 sheet: how to fill the workbook, in words a manager reads, and one line per column.

Its words are in generator/core/text_input.py, in Chinese and English (an English template's Instructions sheet)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

from generator.core.numbers import fmt_plain
from generator.core.text import pick, t
from generator.history import periods
from generator.scheme.model import Column, InputKind, Scheme
from generator.workbook import layout as L
from generator.workbook.plan_cells import plan_step
from generator.workbook.print_setup import setup_print, wrapped_height

if TYPE_CHECKING:
    import xlsxwriter

    from generator.workbook.template import HeaderInfo

WIDTHS = (8, 26, 16, 22, 8, 50)  # 列, 表头, 类型, 范围, 必填, 说明: 130 characters, one landscape page wide
KIND_TEXT = {InputKind.PERCENT: "input.kind_percent", InputKind.COUNT: "input.kind_count", InputKind.MONEY: "input.kind_money",
             InputKind.LEVEL: "input.kind_level", InputKind.SCORE: "input.kind_score", InputKind.NUMBER: "input.kind_number"}
STEP_KEYS = tuple(f"input.step{n}" for n in range(1, 9))
COLUMN_HEADS = ("input.col_letter", "input.col_header", "input.col_kind", "input.col_range", "input.col_required",
                "input.col_note")
NOTES = {"preview": "input.note_preview", "comment": "input.note_comment", "email": "input.note_email"}


def period_step(scheme: Scheme, lang: str = "zh") -> str:
    """Step 9: how to write the 考核周期 cell for this scheme, and what a cut-off day means."""
    kind = periods.kind_word(scheme.period, lang)
    example, spelled = periods.EXAMPLES.get(scheme.period, periods.EXAMPLES["month"])
    if lang == "en":  # "2026年10月" means nothing to an English reader: the period in words instead
        spelled = periods.display(example, lang="en")
    text = t("input.period_step", lang, kind=kind, example=example, spelled=spelled,
             forms=periods.accepted_forms(lang, latin=lang == "en"))
    if scheme.cutoff_day is not None:
        d = scheme.cutoff_day
        sample = periods.parse(example)
        span = sample.range_text(d, lang) if sample is not None else ""
        text += t("input.cutoff", lang, d=d, d1=d + 1, example=example, span=span)
    return text


def _range(col: Column | None) -> str:
    if col is None:
        return ""
    if col.kind is InputKind.LEVEL:
        return "/".join(str(x) for x in col.levels)
    lo, hi = col.min, col.max
    if col.kind is InputKind.PERCENT:
        return f"{fmt_plain(lo * 100) if lo is not None else '…'}% – {fmt_plain(hi * 100) + '%' if hi is not None else '…'}"
    return f"{fmt_plain(lo) if lo is not None else '…'} – {fmt_plain(hi) if hi is not None else '…'}"


def _note(fld: L.Field, lang: str) -> str:
    col = fld.column
    if col is not None:
        # a scheme's help text has no English form: an English sheet leaves a Chinese one out
        return "" if lang == "en" and L.has_cjk(col.help) else col.help
    if fld.key in NOTES:
        return t(NOTES[fld.key], lang)
    return fld.note_en if lang == "en" else fld.note


def _kind(fld: L.Field, lang: str) -> str:
    if fld.column is not None:
        return t(KIND_TEXT[fld.column.kind], lang)
    own = fld.kind_en if lang == "en" else fld.kind
    return own or t("input.kind_text", lang)


def _note_lines(notes: str, lang: str) -> list[str]:
    """The scheme notes in `lang`: each Chinese line is followed by its English one in the built-in schemes."""
    lines = [line.strip() for line in notes.splitlines()]
    if lang == "en":  # a line mostly in Latin letters is English (it may quote a Chinese word or two)
        return [line for line in lines if line and sum(ch.isascii() and ch.isalpha() for ch in line)
                > sum(L.has_cjk(ch) for ch in line)]
    return [line for line in lines if L.has_cjk(line)]


def write_instructions(wb: xlsxwriter.Workbook, scheme: Scheme, header: HeaderInfo, fields: list[L.Field],
                       lang: str = "zh") -> None:
    ws = wb.add_worksheet(L.instructions_sheet(lang))
    f = wb.add_format
    title = f({"bold": True, "font_size": 16, "font_name": "等线"})
    bold = f({"bold": True, "font_name": "等线"})
    wrap = f({"text_wrap": True, "valign": "top", "font_name": "等线"})
    head = f({"bold": True, "border": 1, "bg_color": "#DDEBF7", "font_name": "等线"})
    cell = f({"border": 1, "text_wrap": True, "valign": "top", "font_name": "等线"})
    for i, width in enumerate(WIDTHS):
        ws.set_column(i, i, width)
    merged = sum(WIDTHS)
    ws.write(0, 0, t("input.instructions_title", lang, name=pick(scheme.name, scheme.name_en, lang)), title)
    ws.write(1, 0, t("input.scheme_line", lang, id=scheme.id, version=scheme.version, period=header.period,
                     shown=periods.display(header.period, scheme.cutoff_day, lang)), bold)
    row = 3
    steps = (*(t(key, lang) for key in STEP_KEYS), period_step(scheme, lang),
             *([plan_step(scheme, lang)] if scheme.improvement else []))
    for step in steps:
        ws.merge_range(row, 0, row, 5, step, wrap)
        ws.set_row(row, wrapped_height(step, merged))  # tall enough for the whole text, never cut off
        row += 1
    row += 1
    ws.write(row, 0, t("input.columns", lang), bold)
    row += 1
    for ci, key in enumerate(COLUMN_HEADS):
        ws.write(row, ci, t(key, lang), head)
    row += 1
    for i, fld in enumerate(fields):
        texts = (get_column_letter(i + 1), fld.label(lang), _kind(fld, lang), _range(fld.column),
                 t("input.yes", lang) if fld.required else "", _note(fld, lang))
        ws.write_row(row, 0, texts, cell)
        ws.set_row(row, max(wrapped_height(str(x), w) for x, w in zip(texts, WIDTHS, strict=True)))
        row += 1
    lines = _note_lines(scheme.notes, lang) if scheme.notes else []
    if scheme.notes and (lines or lang != "en"):
        row += 1
        ws.write(row, 0, t("input.scheme_notes", lang), bold)
        row += 1
        for line in lines:
            ws.merge_range(row, 0, row, 5, line, wrap)
            ws.set_row(row, wrapped_height(line, merged))
            row += 1
    ws.protect()
    setup_print(ws, WIDTHS, landscape=True)
