"""The annotated copy (<name>-批注.xlsx, <name>-annotated.xlsx): every bad cell filled and commented, plus a findings sheet.

The input file is opened read-only and never written; the copy goes to a temporary file next
to its target and is renamed into place. A file that cannot be opened at all (not Excel,
encrypted, damaged) still gets a copy holding the findings sheet alone.
"""

from __future__ import annotations

import math
import warnings
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from generator.core.files import atomic_target
from generator.core.findings import Finding, Severity
from generator.core.text import t
from generator.workbook.reader import number_format, open_workbook
from generator.workbook.roundtrip import restore

if TYPE_CHECKING:
    from generator.workbook.load import LoadedWorkbook

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")

def _severity(f: Finding, lang: str) -> str:
    return t("annotate.error", lang) if f.severity is Severity.ERROR else t("annotate.warning", lang)


def _columns(lang: str) -> list[str]:
    return [t("annotate.col_no", lang), t("annotate.col_severity", lang), t("annotate.col_where", lang),
            t("annotate.col_problem", lang), t("annotate.col_value", lang), t("annotate.col_hint", lang),
            t("annotate.col_code", lang)]


def annotate(loaded: LoadedWorkbook, out_path: Path, lang: str = "zh") -> Path:
    """Write the annotated copy of `loaded` to out_path and return it."""
    out_path = Path(out_path)
    if out_path.resolve() == Path(loaded.path).resolve():
        raise ValueError("the annotated copy must not overwrite the input")
    wb = _copy_of(loaded)
    try:
        _write(wb, loaded, out_path, lang)
    except Exception:  # noqa: BLE001 - something in the original cannot be saved again: findings alone
        _write(_blank(), loaded, out_path, lang)
    return out_path


def _copy_of(loaded: LoadedWorkbook) -> openpyxl.Workbook:
    if loaded.sha256 and loaded.data:  # read as a workbook; sniff() bounded what it holds
        try:
            wb = open_workbook(loaded.data)
            _make_savable(wb)
            restore(wb)  # the copy is what gets fixed and handed in again: as whole as the template
            return wb
        except Exception:  # noqa: BLE001 - fall back to a findings-only copy
            pass
    return _blank()


def _blank() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    return wb


def _write(wb: openpyxl.Workbook, loaded: LoadedWorkbook, out_path: Path, lang: str) -> None:
    _mark_cells(wb, loaded.findings.items, lang)
    _findings_sheet(wb, loaded, t, lang)
    with atomic_target(out_path) as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb.save(tmp)


def _make_savable(wb: openpyxl.Workbook) -> None:
    """Values openpyxl reads but cannot write back: an empty date cell (t="d" without a value), an
    integer too long for a float, a style naming an undefined number format. Each is kept as the
    text the manager typed, or cleared, so the copy can still show where the problems are."""
    for ws in wb.worksheets:
        for c in list(ws._cells.values()):  # the cells that exist; iter_rows would create the whole grid
            if c.__class__.__name__ == "MergedCell":
                continue
            v = c.value
            if c.data_type == "d" and v is None:
                c.data_type = "n"
            elif isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2 ** 53:
                c.value = str(v)[:200]
            elif isinstance(v, float) and not math.isfinite(v):
                c.value = str(v)
            if c.has_style and number_format(c) is None:
                c.number_format = "General"


def _clean(v: object) -> object:
    """Text for the findings sheet without the control characters XML cannot hold (a file name may)."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v


def _mark_cells(wb: openpyxl.Workbook, findings: list[Finding], lang: str) -> None:
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.sheet in wb.sheetnames and f.cell:
            by_cell[(f.sheet, f.cell)].append(f)
    for (sheet, ref), items in by_cell.items():
        cell = wb[sheet][ref]
        if cell.__class__.__name__ == "MergedCell":
            continue
        worst = Severity.ERROR if any(f.severity is Severity.ERROR for f in items) else Severity.WARNING
        cell.fill = ERROR_FILL if worst is Severity.ERROR else WARNING_FILL
        lines = []
        for f in items:
            label = _severity(f, lang)
            hint = f.hint_text(lang)
            lines.append(f"【{label}】{f.text(lang)}" + (f"\n→ {hint}" if hint else ""))
        text = str(_clean("\n".join(lines)))
        comment = Comment(text, "kpi-report")
        comment.width = 320
        comment.height = 90 + 40 * len(items)
        cell.comment = comment


def _findings_sheet(wb: openpyxl.Workbook, loaded: LoadedWorkbook, t: dict, lang: str) -> None:
    title = t("annotate.title", lang)
    ws = wb.create_sheet(title if title not in wb.sheetnames else f"{title}_", 0)
    findings = loaded.findings
    ws["A1"] = _clean(f"{title} — {Path(loaded.path).name}")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = t("annotate.summary", lang, e=len(findings.errors), w=len(findings.warnings))
    for ci, name in enumerate(_columns(lang), start=1):
        c = ws.cell(4, ci, name)
        c.font = Font(bold=True)
        c.fill = HEAD_FILL
    row = 5
    for n, f in enumerate(findings, start=1):
        where = f.where or t("annotate.file", lang)
        values = (n, _severity(f, lang), where, f.text(lang), f.value, f.hint_text(lang), f.code)
        for ci, v in enumerate(values, start=1):
            c = ws.cell(row, ci, _clean(v))
            if isinstance(v, str) and v.startswith("="):
                c.data_type = "s"  # a value found in a cell stays text in the copy, never a formula
            c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row, 2).fill = ERROR_FILL if f.severity is Severity.ERROR else WARNING_FILL
        if f.sheet in wb.sheetnames and f.cell:
            link = ws.cell(row, 3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{f.sheet}'!{f.cell}", display=_clean(where))
            link.font = Font(color="0563C1", underline="single")
        row += 1
    if findings.dropped:
        ws.cell(row + 1, 1, t("annotate.dropped", lang, n=findings.dropped)).font = Font(bold=True, color="C00000")
    for letter, width in zip("ABCDEFG", (6, 8, 16, 60, 16, 44, 26), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # all columns on one page width
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    for other in wb.worksheets:
        other.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    wb.active = 0


__all__ = ["annotate"]
