"""Intervals with explicit closed/open edges, written as a manager would read them.

Band tables in the seeds differ in which side of an edge is closed ("75%>X≥65%" vs
"30<T≤45"), so every edge states it: "[0.65, 0.75)", "(30, 45]", "[75%, +inf)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from generator.core.numbers import fmt_plain, parse_percent

_INTERVAL = re.compile(r"^\s*([\[(])\s*([^,]*?)\s*,\s*([^,]*?)\s*([\])])\s*$")
_INF = {"inf", "+inf", "∞", "+∞", "-inf", "-∞", ""}


def parse_bound(text: str) -> Decimal | None:
    text = text.strip()
    if text.lower() in _INF:
        return None
    if text.endswith("%") or text.endswith("‰"):
        value = parse_percent(text)
    else:
        try:
            value = Decimal(text)
        except Exception:  # noqa: BLE001 - reported as a ValueError below
            value = None
    if value is None:
        raise ValueError(f"not a number: {text!r}")
    return value


@dataclass(frozen=True)
class Interval:
    low: Decimal | None  # None: unbounded below
    low_closed: bool
    high: Decimal | None  # None: unbounded above
    high_closed: bool

    @classmethod
    def parse(cls, text: str) -> Interval:
        m = _INTERVAL.match(str(text))
        if not m:
            raise ValueError(
                f"not an interval: {text!r}; write it like '[0.65, 0.75)' or '(30, 45]' or '[75%, +inf)'"
            )
        low = parse_bound(m.group(2))
        high = parse_bound(m.group(3))
        low_closed = m.group(1) == "[" and low is not None
        high_closed = m.group(4) == "]" and high is not None
        if low is not None and high is not None:
            if low > high or (low == high and not (low_closed and high_closed)):
                raise ValueError(f"empty interval: {text!r}")
        return cls(low, low_closed, high, high_closed)

    def contains(self, x: Decimal) -> bool:
        if self.low is not None and (x < self.low or (x == self.low and not self.low_closed)):
            return False
        if self.high is not None and (x > self.high or (x == self.high and not self.high_closed)):
            return False
        return True

    def text(self, percent: bool = False) -> str:
        def show(v: Decimal | None, sign: str) -> str:
            if v is None:
                return f"{sign}∞"
            return f"{fmt_plain(v * 100)}%" if percent else fmt_plain(v)

        return (
            f"{'[' if self.low_closed else '('}{show(self.low, '-')}, "
            f"{show(self.high, '+')}{']' if self.high_closed else ')'}"
        )

    def words(self, var: str = "X", percent: bool = False) -> str:
        """'65% ≤ X < 75%' — the way the seed forms write a band."""

        def show(v: Decimal) -> str:
            return f"{fmt_plain(v * 100)}%" if percent else fmt_plain(v)

        if self.low is not None and self.high is not None and self.low == self.high:
            return f"{var} = {show(self.low)}"
        # As the seed forms write open-ended bands: "X ≥ 92%", and "X < 50%" for [0, 50%).
        if self.high is None and self.low is not None:
            return f"{var} {'≥' if self.low_closed else '>'} {show(self.low)}"
        if self.high is not None and (self.low is None or (self.low == 0 and self.low_closed and self.high != 0)):
            return f"{var} {'≤' if self.high_closed else '<'} {show(self.high)}"
        parts = []
        if self.low is not None:
            parts.append(f"{show(self.low)} {'≤' if self.low_closed else '<'} ")
        parts.append(var)
        if self.high is not None:
            parts.append(f" {'≤' if self.high_closed else '<'} {show(self.high)}")
        return "".join(parts)


def coverage_problems(intervals: list[Interval], domain: Interval) -> list[str]:
    """Overlaps and gaps of `intervals` over `domain`, as plain sentences (empty: they tile it)."""
    problems: list[str] = []
    ordered = sorted(
        intervals,
        key=lambda i: (
            Decimal("-Infinity") if i.low is None else i.low,
            0 if i.low_closed else 1,
        ),
    )
    # Walk from the domain's lower edge; each interval must start exactly where the last ended.
    cur, cur_closed = domain.low, domain.low_closed  # the next point that still needs covering
    need_from_neg_inf = domain.low is None
    for iv in ordered:
        if need_from_neg_inf:
            if iv.low is not None:
                problems.append(f"gap below {iv.text()}")
            need_from_neg_inf = False
        elif cur is not None and iv is ordered[0] and (iv.low is None or iv.low < cur):
            pass  # the first band may reach below the domain: nothing there to score
        elif cur is not None:
            if iv.low is None or iv.low < cur or (iv.low == cur and iv.low_closed and not cur_closed):
                problems.append(f"{iv.text()} overlaps the band before it")
            elif iv.low > cur or (iv.low == cur and not iv.low_closed and cur_closed):
                problems.append(f"gap before {iv.text()}")
        elif iv is not ordered[0]:
            problems.append(f"{iv.text()} overlaps a band that is unbounded above")
        if iv.high is None:
            cur, cur_closed = None, False
        else:
            cur, cur_closed = iv.high, not iv.high_closed
    if cur is not None and (domain.high is None or cur < domain.high or (cur == domain.high and cur_closed and domain.high_closed)):
        problems.append(f"gap above {ordered[-1].text() if ordered else ''}".strip())
    return problems
