"""Page setup of the printed template: readable text (≥ 9 pt) over as many pages as it needs.

Fitting a 25-column sheet to one landscape page shrinks its 11 pt text to 4–6 pt, which no
one can read or fill in by hand. A sheet is fitted to the page width only while that keeps
the text at ≥ 90 % (10–11 pt fonts print at ≥ 9 pt); a wider sheet prints at 90 % across
several pages, with the header row and the ID/name columns repeated on every page.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from typing import Any

A4_LANDSCAPE_PT, A4_PORTRAIT_PT = 842.0, 595.0
MARGIN_IN = 0.4  # left and right, inches
MIN_SCALE = 90  # percent: the smallest font used (10 pt) prints at 9 pt
# The column widths are estimates (a client's font may be wider than the one Excel measures
# with): leave this share of the page free before deciding that a sheet fits.
SAFETY = 0.92
LINE_PT = 16.0  # one wrapped line of 10–11 pt CJK text, in points, as LibreOffice and WPS draw it


def column_points(width: float) -> float:
    """An Excel column width (characters of the default font) in points: (7·w + 5) px at 96 dpi."""
    return (7 * width + 5) * 0.75


def fit_scale(widths: Sequence[float], landscape: bool) -> float:
    """The percentage at which `widths` fill the printable page width (100 when they already fit)."""
    page = (A4_LANDSCAPE_PT if landscape else A4_PORTRAIT_PT) - 2 * 72 * MARGIN_IN
    total = sum(column_points(w) for w in widths) or 1.0
    return min(100.0, 100.0 * page * SAFETY / total)


def setup_print(ws: Any, widths: Sequence[float], *, landscape: bool, header_row: int | None = None,
                repeat_cols: int = 0) -> int:
    """A4, fit to width when that stays readable, else print at MIN_SCALE across pages. Returns the scale."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=MARGIN_IN, right=MARGIN_IN, top=0.6, bottom=0.6)
    if header_row is not None:
        ws.repeat_rows(header_row)
    scale = fit_scale(widths, landscape)
    if scale >= MIN_SCALE:
        ws.fit_to_pages(1, 0)  # one page wide, as many pages down as there are rows
        return math.floor(scale)
    ws.set_print_scale(MIN_SCALE)
    ws.print_across()  # left to right first: the pages of one group of rows lie side by side
    if repeat_cols:
        ws.repeat_columns(0, repeat_cols - 1)
    return MIN_SCALE


def display_width(text: str) -> int:
    """Columns a text takes: a CJK or full-width character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrapped_height(text: str, width: float, line_pt: float = LINE_PT) -> float:
    """Row height (points) that shows `text` wrapped in a cell `width` characters wide.

    No client grows a row for wrapped text when it opens a file, so a long instruction in a
    row of fixed height is cut off ("(满分"); the row is made tall enough instead.
    """
    room = max(width - 2, 1)
    lines = sum(max(1, math.ceil(display_width(part) / room)) for part in text.split("\n"))
    return lines * line_pt + 4
