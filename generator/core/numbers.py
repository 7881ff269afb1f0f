"""Exact numbers: every score and amount is a Decimal, rounded half up (四舍五入)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

# 28 significant digits is Decimal's default; we pin it so a changed global
# context elsewhere can never change a payroll figure.
CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP)

HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE = Decimal(1)


def D(value: object) -> Decimal:
    """Decimal from int, str or Decimal. Floats are refused: they are already inexact."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a bool is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {value!r}") from exc
    if isinstance(value, float):
        raise TypeError("floats are not accepted for exact arithmetic; pass a str")
    raise TypeError(f"cannot make a Decimal from {type(value).__name__}")


def quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """四舍五入 to `places` decimals (Python's round() would round half to even)."""
    with localcontext(CONTEXT):
        return value.quantize(quantum(places), rounding=ROUND_HALF_UP)


def div(a: Decimal, b: Decimal) -> Decimal:
    with localcontext(CONTEXT):
        return a / b


def mul(*values: Decimal) -> Decimal:
    result = ONE
    with localcontext(CONTEXT):
        for v in values:
            result = result * v
    return result


def clamp(value: Decimal, low: Decimal | None, high: Decimal | None) -> Decimal:
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return value


def fmt(value: Decimal | None, places: int = 2) -> str:
    """A number as a person writes it: fixed decimals, no exponent."""
    if value is None:
        return ""
    return f"{round_half_up(value, places):f}"


def fmt_plain(value: Decimal) -> str:
    """Shortest exact form: 0.75 not 0.7500, 100 not 1E+2."""
    text = f"{value.normalize():f}"
    return text


def fmt_percent(value: Decimal, places: int = 2) -> str:
    """0.755 → '75.5%' (trailing zeros dropped, exact)."""
    pct = round_half_up(value * HUNDRED, places)
    return f"{fmt_plain(pct)}%"


def _side(a: Decimal, b: Decimal) -> int:
    return (a > b) - (a < b)


def fmt_beside(value: Decimal, edges: Iterable[Decimal | None], percent: bool = False, places: int | None = None) -> str:
    """`value` shown next to the bands it was compared with, never appearing to cross an edge.

    14999/20000 is 74.995 %: rounded to 2 places it reads "75%" beside "65% ≤ X < 75%",
    which an employee would rightly dispute. Start at the usual precision (2 places of a
    percent, 4 of a plain number) and add digits until the shown number lies on the same side
    of every edge as the exact value; a value that never settles is shown exactly.
    """
    scale = HUNDRED if percent else ONE
    start = (2 if percent else 4) if places is None else places
    exact = value * scale
    scaled = [e * scale for e in edges if e is not None]
    for p in range(start, start + 13):
        shown = round_half_up(exact, p)
        if all(_side(shown, e) == _side(exact, e) for e in scaled):
            break
    else:
        shown = exact
    return f"{fmt_plain(shown)}%" if percent else fmt_plain(shown)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def clean_text(text: str) -> str:
    """NFKC (full-width digits, ％, ideographic space), no zero-width characters, trimmed."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    text = text.replace("\u00a0", " ").replace("\u2212", "-").replace("\uff0d", "-")
    return text.strip()


def parse_number(text: str) -> Decimal | None:
    """'1,234.50' / '１２３' / ' 95 ' → Decimal; None when it is not a plain number."""
    text = clean_text(text).replace(",", "").replace(" ", "")
    if text.startswith("¥") or text.startswith("￥"):
        text = text[1:]
    for suffix in ("元", "分", "秒", "次", "天", "人", "个", "条", "笔"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    if not _NUMBER.match(text):
        return None
    return Decimal(text)


def parse_percent(raw: object) -> Decimal | None:
    """A rate as a fraction: '95%', '95', '0.95', '９５％', '95分' and 0.95 all give 0.95.

    A bare number above 1 is read as percent points (managers type 95 for 95%);
    1 and below are read as a fraction already. 100 and 1 both mean 100%.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float):
        raw = repr(raw)
    if isinstance(raw, (int, Decimal)):
        value = D(raw)
        return div(value, HUNDRED) if value > 1 else value
    text = clean_text(str(raw)).replace(" ", "")
    if text.endswith("%"):
        number = parse_number(text[:-1])
        return None if number is None else div(number, HUNDRED)
    if text.endswith("‰"):
        number = parse_number(text[:-1])
        return None if number is None else div(number, Decimal(1000))
    number = parse_number(text)
    if number is None:
        return None
    return div(number, HUNDRED) if number > 1 else number
