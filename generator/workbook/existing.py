"""Before a template is written over a file that is already there: does that file hold someone's work?

A manager who types `template -o 十月.xlsx` a second time must not lose a month's figures. A
fresh template (or one pre-filled from a roster: names only) may be replaced; a template with
any figure typed in, or a file this tool did not make, is kept unless the user says --force.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.core.text import t
from generator.workbook import layout as L

# Columns a roster fills in: a template holding only these holds nobody's work yet.
_IDENTITY = {L.header_key(f.header) for f in (*L.FIXED_BEFORE, L.PREVIEW)} | {
    L.header_key(f.header_en) for f in (*L.FIXED_BEFORE, L.PREVIEW)}


@dataclass(frozen=True)
class Occupied:
    """Why `path` may not be replaced without --force."""

    path: Path
    filled_rows: int | None  # None: not a template of this tool (or unreadable)

    def text(self, lang: str) -> str:
        if self.filled_rows is None:
            return t("template.not_workbook", lang, path=self.path)
        return t("template.holds_data", lang, path=self.path, n=self.filled_rows)


def filled_rows(path: Path) -> int | None:
    """How many data rows of our template at `path` hold a typed figure; None if it is not our template."""
    from openpyxl import load_workbook  # openpyxl is slow to import; only asked when a file is in the way

    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 — anything unreadable is "not ours", which only makes us more careful
        return None
    try:
        sheet = L.find_data_sheet(wb.sheetnames)
        if L.META_SHEET not in wb.sheetnames or sheet is None:
            return None
        ws = wb[sheet]
        header: list[str] = []
        count = 0
        for n, row in enumerate(ws.iter_rows(min_row=1, max_row=L.FIRST_DATA_ROW + L.MAX_DATA_ROWS, values_only=True),
                                start=1):
            if n == L.HEADER_ROW:
                header = [L.header_key(v) for v in row]
            if n < L.FIRST_DATA_ROW:
                continue
            typed = [v for i, v in enumerate(row)
                     if v not in (None, "") and (i >= len(header) or header[i] not in _IDENTITY)]
            count += bool(typed)
        return count
    finally:
        wb.close()


def occupied(path: Path) -> Occupied | None:
    """None when writing a template at `path` loses nothing: no file, or a template with no figure typed."""
    if not path.exists():
        return None
    if not path.is_file():
        return Occupied(path, None)
    rows = filled_rows(path)
    return None if rows == 0 else Occupied(path, rows)


__all__ = ["Occupied", "filled_rows", "occupied"]
