"""Read what people really type into a cell, as an exact Decimal or a plain-words problem.

Managers type "95%", "９５", "95分", 0.95; numbers stored as text; "1,234.50"; non-breaking
and zero-width spaces; a "-" for nothing. Chinese Excel/WPS turn some typing into dates
whose built-in formats (numFmt 27–36 and 50–58) openpyxl does not know, so it hands back a
plain integer: such a cell in a number column is reported, and in the period cell converted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.utils.datetime import from_excel

from generator.core.numbers import clean_text, fmt_plain, parse_number, parse_percent
from generator.history.periods import canonical
from generator.scheme.model import InputKind

# Built-in East-Asian date/time formats (ECMA-376 18.8.30, zh-CN/zh-TW/ja/ko): not in openpyxl's table.
EAST_ASIAN_DATE_FORMATS = frozenset(range(27, 37)) | frozenset(range(50, 59))
PLACEHOLDERS = {"-", "--", "—", "——", "/", "无", "n/a", "na", "null", "none"}
CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True)
class Parsed:
    value: Decimal | None
    problem: str = ""  # "" | "wrong-type" | "date-in-number" | "not-whole-number" | "invalid-level"
    detail: str = ""  # what was found, in words
    detail_en: str = ""


def shown(raw: object) -> str:
    """The value as the manager sees it, for messages."""
    if raw is None:
        return ""
    if isinstance(raw, float):
        return fmt_plain(Decimal(repr(raw)))
    if isinstance(raw, (dt.datetime, dt.date)):
        return raw.strftime("%Y-%m-%d")
    return str(raw)


def is_blank(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        text = clean_text(raw)
        return text == "" or text.lower() in PLACEHOLDERS
    return False


def to_decimal(raw: object) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))  # shortest repr: 0.95 stays 0.95, not 0.9499999…
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, str):
        return parse_number(raw)
    return None


def parse_level(raw: object) -> Decimal | None:
    if isinstance(raw, str):
        text = clean_text(raw).replace(" ", "")
        for prefix in ("第", "等级", "level"):
            if text.lower().startswith(prefix):
                text = text[len(prefix):]
        text = text.removesuffix("级").removesuffix("等")
        if text in CHINESE_DIGITS:
            return Decimal(CHINESE_DIGITS[text])
        return parse_number(text)
    return to_decimal(raw)


def parse_cell(raw: object, kind: InputKind, num_fmt_id: int = 0, percent_format: bool = False) -> Parsed:
    """One input cell → Parsed. Blank is value None without a problem (the caller decides if required).

    A number in a cell formatted as a percentage is already a fraction (Excel stores 109% as 1.09):
    only in a General cell is a bare number above 1 read as percent points (95 → 95%).
    """
    if is_blank(raw):
        return Parsed(None)
    if isinstance(raw, bool):
        return Parsed(None, "wrong-type", "是/否(TRUE/FALSE)", "TRUE/FALSE")
    if isinstance(raw, (dt.datetime, dt.date, dt.time)) or (
        isinstance(raw, (int, float)) and num_fmt_id in EAST_ASIAN_DATE_FORMATS
    ):
        return Parsed(None, "date-in-number", "日期", "a date")
    if kind is InputKind.PERCENT and percent_format and isinstance(raw, (int, float)):
        value = to_decimal(raw)
    elif kind is InputKind.PERCENT:
        value = parse_percent(raw)
    elif kind is InputKind.LEVEL:
        value = parse_level(raw)
    else:
        value = to_decimal(raw)
    if value is None or not value.is_finite():
        return Parsed(None, "wrong-type", "文字", "text")
    if kind is InputKind.COUNT and value != value.to_integral_value():
        return Parsed(value, "not-whole-number", "小数", "a fraction")
    if kind is InputKind.LEVEL and value != value.to_integral_value():
        return Parsed(value, "invalid-level", "小数", "a fraction")
    return Parsed(value)


def bare_percent(raw: object, percent_format: bool = False) -> Decimal | None:
    """A number typed without a % sign into a General cell: the only form of a rate read two ways.

    "95%", "9.5‰" and any number in a cell formatted as a percentage say what they mean.
    """
    if percent_format or isinstance(raw, bool) or is_blank(raw):
        return None
    if isinstance(raw, str):
        text = clean_text(raw)
        if text.endswith(("%", "‰")):
            return None
        return parse_number(text)
    return to_decimal(raw)


@dataclass(frozen=True)
class Ambiguous:
    ref: str
    typed: Decimal
    read: Decimal  # the fraction the tool uses
    other: Decimal  # the fraction the other form would give


def ambiguous_percents(cells: list[tuple[str, object, bool]], high: Decimal | None) -> list[Ambiguous]:
    """Cells of one percent column (ref, raw value, formatted as %) whose bare number reads two ways.

    The rule (stated in the 填写说明 sheet): a bare number up to 1 is a fraction (0.95 → 95%,
    1 → 100%), above 1 it is percent points (95 → 95%, 1.5 → 1.5%). Alone that is fine; but
    when one column holds both forms, 1 may mean 1% and 1.5 may mean 150% (when the column
    allows it: `high` is its maximum, a fraction). Those cells are returned, with both readings.
    """
    bare = [(ref, x) for ref, raw, fmt in cells if (x := bare_percent(raw, fmt)) is not None and x >= 0]
    top = high if high is not None else Decimal(2)

    def both_ways(x: Decimal) -> bool:
        return x == 1 or 1 < x <= top

    fractions = any(0 < x < 1 for _, x in bare)
    points = any(x > 1 and not both_ways(x) for _, x in bare)
    found = []
    for ref, x in bare:
        if x == 1 and points:
            found.append(Ambiguous(ref, x, Decimal(1), x / 100))
        elif 1 < x <= top and fractions:
            found.append(Ambiguous(ref, x, x / 100, x))
    return found


def text_of(raw: object) -> str:
    """A text cell (工号, 姓名, 岗位, 邮箱, 备注): numbers typed there come back as written."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float):
        d = Decimal(repr(raw))
        return fmt_plain(d) if d == d.to_integral_value() else str(d)
    if isinstance(raw, (dt.datetime, dt.date)):
        return raw.strftime("%Y-%m-%d")
    return clean_text(str(raw))


def parse_period(raw: object, num_fmt_id: int = 0) -> str | None:
    """A 考核周期 cell → its canonical form, or None.

    Months: '2026-10', '2026年10月', '2026/10', 202610, a date, an East-Asian date serial → '2026-10';
    quarters '2026Q4', '2026年第四季度' → '2026Q4'; halves '2026H2', '2026年下半年' → '2026H2';
    years 2026, '2026年度' → '2026' (history/periods.py reads the text).
    """
    if raw is None:
        return None
    if isinstance(raw, (dt.datetime, dt.date)):
        return f"{raw.year:04d}-{raw.month:02d}"
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if num_fmt_id in EAST_ASIAN_DATE_FORMATS or 20000 < raw < 80000:
            day = from_excel(raw)
            return f"{day.year:04d}-{day.month:02d}"
        if not float(raw).is_integer() and abs(raw * 10 - round(raw * 10)) < 1e-6 and round(raw * 10) % 10 == 1:
            return None  # 2026.1 as a number: 2026.10 typed in a General cell reads the same, January or October?
        raw = str(int(raw)) if float(raw).is_integer() else str(raw)
    return canonical(clean_text(str(raw)))


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
