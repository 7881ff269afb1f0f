"""Open an input workbook safely and take it apart: header block, scheme identity, columns, raw rows.

Nothing here judges the numbers (validate.py does); this module finds where things are and
reports what is structurally wrong: missing, renamed, duplicate or extra columns, a missing
meta sheet, an unknown scheme or version. Cached formula values are read only when the file
says they were computed (no fullCalcOnLoad), and then only for the preview check.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.xml
from defusedxml import ElementTree as SafeET
from openpyxl.utils import column_index_from_string, get_column_letter

from generator.core.findings import Finding, Findings, Severity
from generator.scheme.model import Scheme
from generator.workbook import layout as L
from generator.workbook.normalize import is_blank, text_of

if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - defusedxml is a declared dependency
    raise ImportError("defusedxml must be installed: workbooks are untrusted input")

EVENT_WORDS = ("加分", "扣分", "奖励", "处罚", "罚款", "雷区", "否决", "投诉", "事故", "违规", "违纪", "通报")


class Reporter:
    """Findings for one workbook, with its file name and the data sheet filled in.

    `sheet` is the data sheet's name in this workbook (考核数据, or Data in an English one): a finding
    names the sheet it is on, so the annotated copy marks the right cell."""

    def __init__(self, path: Path, findings: Findings, sheet: str = L.DATA_SHEET):
        self.path = path
        self.findings = findings
        self.sheet = sheet
        self.errors = 0  # errors added through this reporter, kept ones and those past the cap alike


    def add(self, code: str, cell: str, zh: str, en: str, hint: str = "", hint_en: str = "", value: str = "",
            severity: Severity = Severity.ERROR, sheet: str | None = None) -> None:
        self.errors += severity is Severity.ERROR  # counting here keeps a 5,000-row check linear
        self.findings.add(Finding(code=code, message=zh, message_en=en, severity=severity, file=str(self.path),
                                  sheet=(sheet or self.sheet) if cell else "", cell=cell, value=value, hint=hint, hint_en=hint_en))


@dataclass
class RawCell:
    value: Any
    fmt_id: int = 0
    formula: bool = False
    error: bool = False  # '#DIV/0!' and the like
    merged_from: str = ""  # top-left cell when the value came from a merged range
    percent_format: bool = False  # the cell's number format shows a percentage
    bad_format: bool = False  # its style names a number format the file does not define
    hidden: str = ""  # "row" | "column" when the cell is in a hidden row or column


@dataclass
class Sheet:
    """What the reader found, before any judgement of values."""

    header_row: int
    cells: dict[str, str]  # field key → column letter
    meta: dict[str, str]
    header_values: dict[str, Any]  # header block key → raw value
    header_fmt: dict[str, int]
    rows: list[tuple[int, dict[str, RawCell]]] = field(default_factory=list)
    cached_preview: dict[int, Any] = field(default_factory=dict)  # row → cached value, when trustworthy
    calc_trusted: bool = False


def open_workbook(source: Path | bytes, data_only: bool = False) -> Any:
    """openpyxl's workbook from a path or from bytes sniff() already checked (preferred: no second read)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions (WPS, DV lists)
        src = io.BytesIO(source) if isinstance(source, bytes) else source
        return openpyxl.load_workbook(src, data_only=data_only, keep_vba=False, keep_links=False, rich_text=False)


def values_were_computed(path: Path | bytes) -> bool:
    """False when workbook.xml asks for a full recalculation on load: its cached values were never computed.

    xlsxwriter and openpyxl write fullCalcOnLoad="1" (xlsxwriter stores 0 for every formula);
    Excel, WPS and LibreOffice drop it when they save computed values. openpyxl's own reading of
    calcPr defaults the flag to True when absent, so the attribute is read here directly.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(path) if isinstance(path, bytes) else path) as zf:
            name = next((n for n in zf.namelist() if n.endswith("workbook.xml") and n.startswith("xl/")), None)
            if name is None:
                return False
            root = SafeET.fromstring(zf.read(name))
    except Exception:  # noqa: BLE001 - unreadable: treat cached values as untrustworthy
        return False
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] == "calcPr":
            return el.get("fullCalcOnLoad", "0").lower() not in ("1", "true")
    return True


def read_meta(wb: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    if L.META_SHEET in wb.sheetnames:
        for row in wb[L.META_SHEET].iter_rows(min_row=1, max_row=20, max_col=2, values_only=True):
            if row[0] is not None and row[1] is not None:
                meta[str(row[0]).strip()] = str(row[1]).strip()
    names = {L.NAME_SCHEME_ID: "scheme_id", L.NAME_SCHEME_VERSION: "scheme_version", L.NAME_PERIOD: "period"}
    for name, key in names.items():
        dn = wb.defined_names.get(name)
        if dn is not None and key not in meta:
            meta[key] = str(dn.attr_text).strip().strip('"')
    return meta


def find_header_row(ws: Any) -> int | None:
    for r in range(1, L.HEADER_SEARCH_ROWS + 1):
        keys = {L.header_key(c.value) for c in ws[r] if c.value is not None}
        if ({"工号", "employeeid"} & keys) and ({"姓名", "name"} & keys):
            return r
    return None


def merged_values(ws: Any, first_row: int) -> dict[str, tuple[Any, str]]:
    """Every cell of a merged range in the data area → (top-left value, top-left ref)."""
    out: dict[str, tuple[Any, str]] = {}
    for rng in ws.merged_cells.ranges:
        if rng.max_row < first_row:
            continue
        top = ws.cell(rng.min_row, rng.min_col)
        for r in range(max(rng.min_row, first_row), rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    out[f"{get_column_letter(c)}{r}"] = (top.value, top.coordinate)
    return out


def map_columns(ws: Any, header_row: int, scheme: Scheme, rep: Reporter) -> dict[str, str]:
    fields = L.fields(scheme)
    expected_letter = L.letters(scheme)
    by_key: dict[str, L.Field] = {}
    for f in fields:
        by_key.setdefault(L.header_key(f.header), f)
        by_key.setdefault(L.header_key(f.header_en), f)
        if f.column is not None:
            by_key.setdefault(L.header_key(f.column.header), f)
    found: dict[str, str] = {}
    unknown: dict[str, str] = {}  # letter → header text
    for cell in ws[header_row]:
        if cell.value is None or str(cell.value).strip() == "":
            continue
        letter = cell.column_letter
        f = by_key.get(L.header_key(cell.value))
        if f is None:
            unknown[letter] = text_of(cell.value)
        elif f.key in found:
            rep.add("duplicate-column", f"{letter}{header_row}", f"表头“{f.header}”出现了两次(另见第 {found[f.key]} 列)。",
                    f"column {f.header_en!r} appears twice (also column {found[f.key]}).",
                    "删除重复的一列。", "delete the duplicate column.", value=text_of(cell.value))
        else:
            found[f.key] = letter
    for f in fields:
        if f.key in found:
            continue
        essential = f.required or f.column is not None
        severity = Severity.ERROR if essential else Severity.WARNING
        where = expected_letter[f.key]
        if where in unknown and where not in found.values():
            rep.add("renamed-column", f"{where}{header_row}",
                    f"第 {where} 列的表头是“{unknown[where]}”,应为“{f.header}”。表头被改动后工具无法确认这一列的含义。",
                    f"column {where} is headed {unknown[where]!r}; it should be {f.header_en!r}.",
                    f"把表头改回“{f.header}”,或用 kpi-report template 重新生成模板。",
                    f"restore the header {f.header!r}, or generate the template again.",
                    value=unknown.pop(where), severity=severity)
        else:
            rep.add("missing-column", f"{where}{header_row}", f"缺少“{f.header}”列。",
                    f"the column {f.header_en!r} is missing.",
                    "不要删除模板中的列;请用 kpi-report template 重新生成模板,或把这一列补回原位置。",
                    "do not delete template columns; generate the template again or restore it.",
                    value="", severity=severity)
    for letter, header in unknown.items():
        has_data = any(not is_blank(ws[f"{letter}{r}"].value) for r in range(header_row + 1, min(ws.max_row, L.MAX_DATA_ROWS) + 1))
        if has_data and any(w in header for w in EVENT_WORDS):
            rep.add("unknown-event", f"{letter}{header_row}",
                    f"“{header}”不是本考核方案中的加扣分项或雷区,这一列的内容不会计入考核。",
                    f"{header!r} is not an adjustment or veto event of this scheme; it would not count.",
                    "只能使用方案中已定义的加扣分项与雷区(见“填写说明”);确需新增请联系 HR 修改考核方案。",
                    "use only the scheme's adjustment and veto columns; ask HR to change the scheme if needed.",
                    value=header)
        else:
            rep.add("extra-column", f"{letter}{header_row}", f"多出了一列“{header}”,工具不会读取其中的内容。",
                    f"extra column {header!r}: its contents are ignored.", "如不需要请删除这一列。", "delete it if not needed.",
                    value=header, severity=Severity.WARNING)
    return found


def number_format(c: Any) -> str | None:
    """The cell's number format code; None when its style names a format the file never defines
    (openpyxl raises on such a cell, and on saving a copy of it)."""
    try:
        return str(c.number_format)
    except Exception:  # noqa: BLE001 - IndexError/KeyError from openpyxl's style tables
        return None


def hidden_columns(ws: Any) -> set[str]:
    """Letters of the hidden columns (groups are expanded; the reader bounded the sheet's width)."""
    out: set[str] = set()
    for key, dim in ws.column_dimensions.items():
        if not dim.hidden:
            continue
        lo = dim.min or column_index_from_string(key)
        hi = min(dim.max or lo, MAX_SCAN_COLUMNS)
        out.update(get_column_letter(i) for i in range(lo, hi + 1))
    return out


MAX_SCAN_COLUMNS = 16_384


def read_rows(ws: Any, header_row: int, cells: dict[str, str], rep: Reporter) -> list[tuple[int, dict[str, RawCell]]]:
    merged = merged_values(ws, header_row + 1)
    last = ws.max_row
    if last - header_row > L.MAX_DATA_ROWS:
        rep.add("too-many-rows", f"A{header_row + L.MAX_DATA_ROWS + 1}",
                f"数据超过 {L.MAX_DATA_ROWS} 行,只读取了前 {L.MAX_DATA_ROWS} 行。",
                f"more than {L.MAX_DATA_ROWS} rows; only the first {L.MAX_DATA_ROWS} were read.",
                "一个工作簿只放一个团队;删除多余的行。", "one team per workbook; delete the extra rows.")
        last = header_row + L.MAX_DATA_ROWS
    hidden_cols = hidden_columns(ws) & set(cells.values())
    index = {key: column_index_from_string(letter) for key, letter in cells.items()}
    present = ws._cells  # (row, column) → cell; looking up here creates no cell for an empty place
    rows = []
    for r in range(header_row + 1, last + 1):
        raw: dict[str, RawCell] = {}
        dim = ws.row_dimensions.get(r)  # get: indexing would create a dimension for every row
        row_hidden = bool(dim is not None and dim.hidden)
        for key, letter in cells.items():
            ref = f"{letter}{r}"
            if ref in merged:
                value, top = merged[ref]
                raw[key] = RawCell(value, merged_from=top)
                continue
            c = present.get((r, index[key]))
            if c is None:
                raw[key] = RawCell(None)
                continue
            fmt = number_format(c)
            raw[key] = RawCell(c.value, fmt_id=c._style.numFmtId if c.has_style else 0, formula=c.data_type == "f",
                               error=c.data_type == "e", percent_format="%" in (fmt or ""), bad_format=fmt is None,
                               hidden="row" if row_hidden else "column" if letter in hidden_cols else "")
        content = [k for k, v in raw.items() if k != "preview" and (v.formula or not is_blank(v.value))]
        if content and not all(raw[k].merged_from for k in content):
            rows.append((r, raw))
    return rows


def find_header_block(ws: Any) -> tuple[dict[str, str], str]:
    """Where each header-block value really is: key → value cell, and the label cell of the first
    field found away from its template place ("" when the block is where the template put it).

    Labels (公司, 部门, 考核周期 …) are looked for in the first rows; the value is the cell to the
    right of its label. A field whose label is nowhere keeps its template cell.
    """
    wanted = {L.header_key(zh): (key, ref) for key, zh, _en, ref in L.HEADER_FIELDS}
    wanted.update({L.header_key(en): (key, ref) for key, _zh, en, ref in L.HEADER_FIELDS})
    found: dict[str, str] = {}
    moved = ""
    for row in ws.iter_rows(min_row=1, max_row=L.HEADER_SEARCH_ROWS, max_col=12):
        for c in row:
            if not isinstance(c.value, str) or len(c.value) > 30:
                continue
            hit = wanted.get(L.header_key(c.value.replace(":", "").replace(":", "")))
            if hit is None or hit[0] in found or not hasattr(c, "column"):
                continue
            key, ref = hit
            value_ref = f"{get_column_letter(c.column + 1)}{c.row}"
            found[key] = value_ref
            if value_ref != ref and not moved:
                moved = c.coordinate
    return {key: found.get(key, ref) for key, _zh, _en, ref in L.HEADER_FIELDS}, moved
