"""Measure a worksheet's XML before openpyxl builds it: where its cells and ranges really reach.

openpyxl creates an object for every cell it reads, for every cell of a merged range and of a
hyperlinked range; a declared `<dimension>` proves nothing. One far cell, a row of 16,384
headers or a merge over the whole sheet makes reading take minutes and gigabytes. So the raw
XML is scanned with plain patterns (no parser, linear time) and anything beyond the limits
is refused with the reference where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.workbook.limits import Limits

MAX_EXCEL_ROW, MAX_EXCEL_COL = 1_048_576, 16_384
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([^\"]{0,32})\"")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"([^\"]{0,32})\"")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s[^>]*?\bref=\"([^\"]{0,64})\"")
# Merged and hyperlinked ranges: openpyxl makes an object for each of their cells, and no team
# workbook merges more than a title row; 10,000 cells is generous.
MAX_AREA_CELLS = 10_000
_AREAS = re.compile(rb"<(?:\w+:)?(mergeCell|hyperlink)\s[^>]*?\bref=\"([^\"]{0,64})\"")


def parse_ref(ref: str) -> tuple[int, int] | None:
    """'AB12' → (row 12, column 28); None for anything that is not a cell inside Excel's grid."""
    m = _REF.match(ref.strip())
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    row = int(m.group(2))
    if not (1 <= row <= MAX_EXCEL_ROW and 1 <= col <= MAX_EXCEL_COL):
        return None
    return row, col


def area(ref: str) -> tuple[int, int, int, int] | None:
    """'A1:C3' or 'B2' → (min row, min col, max row, max col); None when malformed."""
    parts = ref.split(":")
    if len(parts) > 2:
        return None
    ends = [parse_ref(p) for p in parts]
    if any(e is None for e in ends):
        return None
    (r1, c1), (r2, c2) = ends[0], ends[-1]  # type: ignore[misc]
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


@dataclass(frozen=True)
class Problem:
    kind: str  # "bad-ref" | "far-cell" | "too-many-cells" | "dimension" | "area"
    ref: str  # the reference as written (cut to 32 characters)
    detail: str = ""


@dataclass
class Tally:
    """Cells counted over all sheets of one workbook (merged and hyperlinked areas included)."""

    cells: int = 0
    area_cells: int = 0


def scan_sheet(xml: bytes, limits: Limits, tally: Tally) -> Problem | None:
    """The first reason to refuse this sheet, or None."""
    m = _DIMENSION.search(xml, 0, 8192)
    if m:
        ref = m.group(1).decode("ascii", "replace")
        box = area(ref)
        if box is None:
            return Problem("dimension", ref[:32])
        if box[2] > limits.max_rows or box[3] > limits.max_columns:
            return Problem("dimension", ref[:32])
    for m in _CELL_REF.finditer(xml):
        ref = m.group(1).decode("ascii", "replace")
        at = parse_ref(ref)
        if at is None:
            return Problem("bad-ref", ref[:32])
        if at[0] > limits.max_rows or at[1] > limits.max_columns:
            return Problem("far-cell", ref[:32])
    for m in _ROW_REF.finditer(xml):
        text = m.group(1).decode("ascii", "replace")
        if not text.isdigit() or not 1 <= int(text) <= MAX_EXCEL_ROW:
            return Problem("bad-ref", text[:32])
        if int(text) > limits.max_rows:
            return Problem("far-cell", f"A{text}")
    rows = sum(1 for _ in _ROW.finditer(xml))  # rows without r="" are numbered one after another
    if rows > limits.max_rows:
        return Problem("far-cell", f"A{rows}")
    tally.cells += sum(1 for _ in _CELL.finditer(xml))
    for m in _AREAS.finditer(xml):
        ref = m.group(2).decode("ascii", "replace")
        box = area(ref)
        if box is None:
            return Problem("bad-ref", ref[:32])
        if box[2] > limits.max_rows or box[3] > limits.max_columns:
            return Problem("area", ref[:32], m.group(1).decode())
        size = (box[2] - box[0] + 1) * (box[3] - box[1] + 1)
        tally.cells += size
        tally.area_cells += size
        if tally.area_cells > MAX_AREA_CELLS:
            return Problem("area", ref[:32], m.group(1).decode())
    if tally.cells > limits.max_cells:
        return Problem("too-many-cells", "", str(tally.cells))
    return None


__all__ = ["Problem", "Tally", "area", "parse_ref", "scan_sheet"]
