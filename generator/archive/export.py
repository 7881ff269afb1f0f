"""`archive export`: the archive's rows for a period or an employee, as CSV or xlsx.

CSV is UTF-8 with a byte-order mark so that Excel and WPS open Chinese text correctly; numbers
are written as their exact decimal text. The xlsx has real numbers (formatted, after all
rounding) and text kept as text.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from generator.archive.rows import EXPORT_COLUMNS
from generator.core.files import atomic_target

FORMATS = ("csv", "xlsx")


def _heading(lang: str) -> list[str]:
    return [en if lang == "en" else zh for _key, zh, en in EXPORT_COLUMNS]


def _text(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("是" if value else "否")
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def write_export(rows: Sequence[dict[str, Any]], path: Path, fmt: str, lang: str = "zh") -> Path:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    keys = [key for key, _zh, _en in EXPORT_COLUMNS]
    with atomic_target(path) as tmp:
        if fmt == "csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                out = csv.writer(fh)
                out.writerow(_heading(lang))
                for row in rows:
                    out.writerow([_text(row.get(k), lang) for k in keys])
        else:
            wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                                "strings_to_numbers": False})
            ws = wb.add_worksheet("archive" if lang == "en" else "考核档案")
            head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
            number = wb.add_format({"num_format": "0.00"})
            for c, title in enumerate(_heading(lang)):
                ws.write_string(0, c, title, head)
                ws.set_column(c, c, max(10, len(title.encode("utf-8")) // 2 + 4))
            for r, row in enumerate(rows, start=1):
                for c, key in enumerate(keys):
                    value = row.get(key)
                    if isinstance(value, Decimal):
                        ws.write_number(r, c, float(value), number)  # the cell is a double; the value is rounded
                    elif isinstance(value, int) and not isinstance(value, bool):
                        ws.write_number(r, c, value)
                    else:
                        ws.write_string(r, c, _text(value, lang))
            ws.freeze_panes(1, 0)
            if rows:
                ws.autofilter(0, 0, len(rows), len(keys) - 1)
            wb.close()
    return path


__all__ = ["FORMATS", "write_export"]
