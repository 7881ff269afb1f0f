"""Appraisal periods: a month, a quarter, a half-year or a year, and the dates they cover.

Written `2026-10`, `2026Q4`, `2026H2`, `2026`; typed by managers as `2026年10月`, `2026/10`,
`2026年第四季度`, `2026年下半年`, `2026年度` and the like. A scheme with a month cut-off day
(GS组: 26日–25日) makes "2026-10" mean 2026-09-26 … 2026-10-25. Periods of one kind are
ordered and can be stepped back, which is what rules over consecutive periods need.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

KINDS = ("month", "quarter", "half", "year")
PER_YEAR = {"month": 12, "quarter": 4, "half": 2, "year": 1}
MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # "month" | "quarter" | "half" | "year"
    index: int  # 1-based within the year: month 1–12, quarter 1–4, half 1–2, year 1

    def __post_init__(self) -> None:
        if self.kind not in PER_YEAR or not 1 <= self.index <= PER_YEAR[self.kind] or not 1900 <= self.year <= 9999:
            raise ValueError(f"not a period: {self.year} {self.kind} {self.index}")

    def __str__(self) -> str:
        if self.kind == "month":
            return f"{self.year:04d}-{self.index:02d}"
        if self.kind == "quarter":
            return f"{self.year:04d}Q{self.index}"
        if self.kind == "half":
            return f"{self.year:04d}H{self.index}"
        return f"{self.year:04d}"

    def label(self, lang: str = "zh") -> str:
        """How reports name it: 2026年10月 / 2026年第4季度 / 2026年下半年 / 2026年度 (English: October 2026 …)."""
        if lang == "en":
            if self.kind == "month":
                return dt.date(self.year, self.index, 1).strftime("%B %Y")
            if self.kind == "quarter":
                return f"Q{self.index} {self.year}"
            if self.kind == "half":
                return f"{'first' if self.index == 1 else 'second'} half of {self.year}"
            return f"year {self.year}"
        if self.kind == "month":
            return f"{self.year}年{self.index}月"
        if self.kind == "quarter":
            return f"{self.year}年第{self.index}季度"
        if self.kind == "half":
            return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
        return f"{self.year}年度"

    def shift(self, n: int) -> Period:
        """The period n steps later (n < 0: earlier) of the same kind."""
        per = PER_YEAR[self.kind]
        ordinal = self.year * per + self.index - 1 + n
        return Period(ordinal // per, self.kind, ordinal % per + 1)

    def previous(self, n: int = 1) -> list[Period]:
        """The n periods before this one, oldest first."""
        return [self.shift(-k) for k in range(n, 0, -1)]

    def first_month(self) -> int:
        return (self.index - 1) * MONTHS_IN[self.kind] + 1

    def months(self) -> list[Period]:
        """The months this period is made of, in order (a month is made of itself)."""
        first = self.first_month()
        return [Period(self.year, "month", m) for m in range(first, first + MONTHS_IN[self.kind])]

    def contains(self, other: Period) -> bool:
        return all(m in self.months() for m in other.months())

    def dates(self, cutoff_day: int | None = None) -> tuple[dt.date, dt.date]:
        """First and last day covered. With a cut-off day d, a month runs from (d+1) of the month before to d."""
        first_month, last_month = self.months()[0], self.months()[-1]
        if cutoff_day is None:
            start = dt.date(self.year, first_month.index, 1)
            end_next = last_month.shift(1)
            return start, dt.date(end_next.year, end_next.index, 1) - dt.timedelta(days=1)
        before = first_month.shift(-1)
        return (dt.date(before.year, before.index, cutoff_day) + dt.timedelta(days=1),
                dt.date(last_month.year, last_month.index, cutoff_day))

    def range_text(self, cutoff_day: int | None, lang: str = "zh") -> str:
        start, end = self.dates(cutoff_day)
        sep = " – " if lang == "en" else " 至 "
        return f"{start.isoformat()}{sep}{end.isoformat()}"


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$"), "month"),
    (re.compile(r"^(\d{4})(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})\s*[-/ ]?\s*[Qq]\s*([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})\s*年?\s*第?\s*([1-4一二三四])\s*季(?:度)?$"), "quarter"),
    (re.compile(r"^[Qq]([1-4])\s*[-/ ]?\s*(\d{4})$"), "quarter-reversed"),
    (re.compile(r"^(\d{4})\s*[-/ ]?\s*[Hh]\s*([12])$"), "half"),
    (re.compile(r"^(\d{4})\s*年?\s*([上下])\s*半\s*年(?:度)?$"), "half-cn"),
    (re.compile(r"^(\d{4})\s*(?:年|年度|年全年|全年)?$"), "year"),
]


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _CN_DIGITS[text]


def parse(text: str) -> Period | None:
    """A period from what a manager or an option wrote, or None when it is not one."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", " ")
    for pattern, kind in _PATTERNS:
        m = pattern.match(cleaned)
        if not m:
            continue
        try:
            if kind == "month":
                return Period(int(m.group(1)), "month", int(m.group(2)))
            if kind == "quarter":
                return Period(int(m.group(1)), "quarter", _number(m.group(2)))
            if kind == "quarter-reversed":
                return Period(int(m.group(2)), "quarter", int(m.group(1)))
            if kind == "half":
                return Period(int(m.group(1)), "half", int(m.group(2)))
            if kind == "half-cn":
                return Period(int(m.group(1)), "half", 1 if m.group(2) == "上" else 2)
            return Period(int(m.group(1)), "year", 1)
        except ValueError:
            return None
    return None


def parse_kind(text: str, kind: str) -> Period | None:
    """`parse`, but only a period of the given kind (a monthly scheme refuses "2026Q4")."""
    period = parse(text)
    return period if period is not None and period.kind == kind else None


def canonical(text: str) -> str | None:
    """The canonical spelling (`2026-10`, `2026Q4`, `2026H2`, `2026`) of what was typed, or None."""
    period = parse(text)
    return str(period) if period is not None else None


# Kind names as schemes, hints and reports say them; "half-year" is accepted in YAML as "half".
KIND_ALIASES = {"half-year": "half", "halfyear": "half"}
KIND_WORDS = {"month": ("月度", "monthly"), "quarter": ("季度", "quarterly"), "half": ("半年度", "half-yearly"),
              "year": ("年度", "yearly")}
EXAMPLES = {"month": ("2026-10", "2026年10月"), "quarter": ("2026Q4", "2026年第四季度"), "half": ("2026H2", "2026年下半年"),
            "year": ("2026", "2026年度")}


def kind_word(kind: str, lang: str = "zh") -> str:
    return KIND_WORDS.get(kind, (kind, kind))[1 if lang == "en" else 0]


def accepted_forms(lang: str = "zh", latin: bool = False) -> str:
    """The spellings every period input accepts, for usage errors, hints and the instructions sheet.

    `latin`: the English list without the Chinese spellings, for a reader who would not type them
    (an English template's instructions sheet)."""
    if lang == "en" and latin:
        return "month 2026-10 or 2026/10; quarter 2026Q4 or Q4 2026; half-year 2026H2; year 2026"
    if lang == "en":
        return ("month 2026-10 / 2026年10月 / 2026/10; quarter 2026Q4 / 2026年第四季度; "
                "half-year 2026H2 / 2026年下半年; year 2026 / 2026年度")
    return "月度 2026-10、2026年10月、2026/10;季度 2026Q4、2026年第四季度;半年度 2026H2、2026年下半年;年度 2026、2026年度"


def example_for(kind: str, near: Period | None = None) -> str:
    """How to write a period of `kind`: the one containing `near` when there is one (2026-10 → 2026Q4)."""
    if near is not None and kind in PER_YEAR:
        month = near.months()[-1].index  # the period the last month falls in: 2026Q4 for 2026-10 … 2026-12
        return str(Period(near.year, kind, (month - 1) // MONTHS_IN[kind] + 1))
    return EXAMPLES.get(kind, EXAMPLES["month"])[0]


def shown_range(text: str, cutoff_day: int | None = None, lang: str = "zh") -> str:
    """The dates a report adds to a period's label: "" for a plain calendar month (or text that is no period),
    else "2026-09-26 至 2026-10-25" (a cut-off day) or "2026-10-01 至 2026-12-31" (a quarter)."""
    period = parse(text)
    if period is None or (period.kind == "month" and cutoff_day is None):
        return ""
    return period.range_text(cutoff_day, lang)


def display(text: str, cutoff_day: int | None = None, lang: str = "zh") -> str:
    """How a report heads a period: its label, with the dates when they are not obvious from it.

    A plain calendar month is just "2026年10月"; a month with a cut-off day, or any longer period,
    adds its date range: "2026年10月(2026-09-26 至 2026-10-25)". Text that is no period is shown as is.
    """
    period = parse(text)
    if period is None:
        return text
    dates = shown_range(text, cutoff_day, lang)
    if not dates:
        return period.label(lang)
    return f"{period.label(lang)} ({dates})" if lang == "en" else f"{period.label(lang)}({dates})"


__all__ = ["KINDS", "KIND_ALIASES", "Period", "accepted_forms", "canonical", "display", "example_for", "kind_word",
           "parse", "parse_kind", "shown_range"]
