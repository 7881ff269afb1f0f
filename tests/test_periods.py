"""Periods beyond the month: parsing what managers type, stepping back, dates with a cut-off day."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.history.periods import Period, parse, parse_kind


@pytest.mark.parametrize(("text", "canonical"), [
    ("2026-10", "2026-10"), ("2026/10", "2026-10"), ("2026.1", "2026-01"), ("202610", "2026-10"),
    ("2026年10月", "2026-10"), ("2026 年 10 月份", "2026-10"), ("２０２６－１０", "2026-10"),
    ("2026Q4", "2026Q4"), ("2026-Q4", "2026Q4"), ("2026 q4", "2026Q4"), ("Q4 2026", "2026Q4"),
    ("2026年第四季度", "2026Q4"), ("2026年第4季度", "2026Q4"), ("2026年四季度", "2026Q4"), ("2026年一季", "2026Q1"),
    ("2026H2", "2026H2"), ("2026-h1", "2026H1"), ("2026年下半年", "2026H2"), ("2026年上半年", "2026H1"),
    ("2026", "2026"), ("2026年", "2026"), ("2026年度", "2026"), ("2026全年", "2026"),
])
def test_what_managers_type_is_read(text: str, canonical: str) -> None:
    period = parse(text)
    assert period is not None and str(period) == canonical
    assert parse(str(period)) == period  # the canonical form reads back as itself


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026Q5", "2026H3", "2026年第五季度", "十月", "", "abc",
                                  "2026-10-01x", "0999"])
def test_what_is_not_a_period(text: str) -> None:
    assert parse(text) is None


def test_stepping_back_crosses_years() -> None:
    assert [str(p) for p in Period(2026, "month", 2).previous(3)] == ["2025-11", "2025-12", "2026-01"]
    assert [str(p) for p in Period(2026, "quarter", 1).previous(2)] == ["2025Q3", "2025Q4"]
    assert str(Period(2026, "half", 1).shift(-1)) == "2025H2" and str(Period(2026, "year", 1).shift(1)) == "2027"


def test_months_of_a_period() -> None:
    assert [str(m) for m in Period(2026, "quarter", 4).months()] == ["2026-10", "2026-11", "2026-12"]
    assert len(Period(2026, "year", 1).months()) == 12 and Period(2026, "half", 2).months()[0] == parse("2026-07")
    assert Period(2026, "quarter", 4).contains(Period(2026, "month", 11))
    assert not Period(2026, "quarter", 4).contains(Period(2026, "month", 9))


def test_dates_with_and_without_a_cutoff_day() -> None:
    assert Period(2026, "month", 10).dates() == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert Period(2024, "month", 2).dates() == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    # GS组: 每月 26 日至次月 25 日 — "2026-10" is 2026-09-26 … 2026-10-25
    assert Period(2026, "month", 10).dates(25) == (dt.date(2026, 9, 26), dt.date(2026, 10, 25))
    assert Period(2026, "month", 1).dates(25) == (dt.date(2025, 12, 26), dt.date(2026, 1, 25))
    assert Period(2026, "quarter", 4).dates(25) == (dt.date(2026, 9, 26), dt.date(2026, 12, 25))
    assert Period(2026, "month", 10).range_text(25) == "2026-09-26 至 2026-10-25"


def test_labels() -> None:
    assert [Period(2026, k, i).label() for k, i in (("month", 10), ("quarter", 4), ("half", 2), ("year", 1))] == [
        "2026年10月", "2026年第4季度", "2026年下半年", "2026年度"]
    assert Period(2026, "quarter", 4).label("en") == "Q4 2026" and Period(2026, "month", 10).label("en") == "October 2026"


def test_parse_kind_refuses_another_kind() -> None:
    assert parse_kind("2026Q4", "month") is None and parse_kind("2026Q4", "quarter") == Period(2026, "quarter", 4)


@given(st.sampled_from(["month", "quarter", "half", "year"]), st.integers(2100, 2200), st.integers(-100, 100))
def test_shift_is_consistent(kind: str, year: int, n: int) -> None:
    p = Period(year, kind, 1)
    assert p.shift(n).shift(-n) == p
    assert (p.shift(n) > p) == (n > 0) or n == 0
    assert parse(str(p)) == p
