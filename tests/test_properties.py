"""Hypothesis properties over every built-in scheme and the test schemes.

- The total always stays within [total_min, total_max] whatever valid inputs come in.
- Raising the value of a higher-is-better indicator never lowers its points (and the
  reverse for lower-is-better); proportional rules likewise.
- Every number in a result is a Decimal with at most the scheme's decimals.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.findings import KpiError
from generator.engine import compute
from generator.model.results import Employee, EmployeeInput
from generator.rules import score
from generator.scheme import model as m
from generator.scheme.loader import builtin_ids, load_builtin
from tests.test_engine import RATED, SECTIONS
from tests.test_rules import COMPLETION, CONVERSION, RESPONSE, SATISFACTION, SKILL, SWAPS

SCHEMES = [CONVERSION, RESPONSE, SATISFACTION, COMPLETION, SKILL, SWAPS, RATED, SECTIONS] + [
    load_builtin(i) for i in builtin_ids()
]


def decimals(lo: Decimal, hi: Decimal, places: int = 2) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=lo, max_value=hi, places=places, allow_nan=False, allow_infinity=False)


def column_values(column: m.Column) -> st.SearchStrategy[Decimal | None]:
    lo = column.min if column.min is not None else Decimal(0)
    if column.kind is m.InputKind.LEVEL:
        return st.sampled_from([Decimal(v) for v in column.levels])
    if column.kind is m.InputKind.PERCENT:
        return decimals(lo, column.max if column.max is not None else Decimal("1.5"), 4)
    if column.kind is m.InputKind.COUNT:
        return st.integers(int(lo), int(column.max) if column.max is not None else 500).map(Decimal)
    hi = column.max if column.max is not None else lo + Decimal(100000)
    value = decimals(lo, hi)
    return value if column.required else st.one_of(st.none(), value)


@st.composite
def employee(draw: st.DrawFn, scheme: m.Scheme) -> EmployeeInput:
    values = {c.key: draw(column_values(c)) for c in scheme.columns()}
    return EmployeeInput(employee=Employee(id="E1", name="测试"), values=values)


@pytest.mark.parametrize("scheme", SCHEMES, ids=lambda s: s.id)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_total_within_bounds(scheme: m.Scheme, data: st.DataObject) -> None:
    row = data.draw(employee(scheme))
    try:
        result = compute(scheme, row)
    except KpiError as exc:
        # Only input problems the validator reports (a zero denominator, a numerator above its
        # denominator making no band fit) may stop the engine; never a crash.
        assert exc.findings[0].code in {"zero-denominator", "value-outside-bands", "no-commission-tier"}
        return
    assert scheme.total_min <= result.total
    if scheme.total_max is not None:
        assert result.total <= scheme.total_max
    assert result.total == result.total.quantize(Decimal(1).scaleb(-scheme.rounding.points))
    for ind in result.indicators:
        assert Decimal(0) <= ind.points
        assert isinstance(ind.weighted, Decimal)
    if result.bonus is not None:
        assert result.bonus.amount == result.bonus.amount.quantize(Decimal("0.01"))
        if scheme.bonus and scheme.bonus.min is not None:
            assert result.bonus.amount >= scheme.bonus.min


MONOTONE = [
    (s.id, ind)
    for s in SCHEMES
    for _, ind in s.indicators()
    if isinstance(ind.rule, m.BandsRule | m.LinearRule | m.ProportionalRule)
]


@pytest.mark.parametrize(("scheme_id", "indicator"), MONOTONE, ids=lambda x: x if isinstance(x, str) else x.id)
@settings(max_examples=80, deadline=None)
@given(a=decimals(Decimal(0), Decimal(200), 4), b=decimals(Decimal(0), Decimal(200), 4))
def test_better_value_never_scores_lower(scheme_id: str, indicator: m.Indicator, a: Decimal, b: Decimal) -> None:
    lo, hi = min(a, b), max(a, b)
    try:
        p_lo, p_hi = score(indicator, lo, {}).points, score(indicator, hi, {}).points
    except KpiError:
        return  # outside the bands' domain (e.g. a negative rate): the validator's business
    direction = getattr(indicator.rule, "direction", m.Direction.HIGHER)
    if direction is m.Direction.HIGHER:
        assert p_lo <= p_hi
    else:
        assert p_lo >= p_hi


@settings(max_examples=100, deadline=None)
@given(paid=st.integers(0, 1000), extra=st.integers(0, 1000), inquiries=st.integers(1, 2000))
def test_more_paying_customers_never_lowers_the_total(paid: int, extra: int, inquiries: int) -> None:
    def total(p: int) -> Decimal:
        row = EmployeeInput(employee=Employee(id="E", name="王"), values={"paid": Decimal(p), "inquiries": Decimal(inquiries)})
        return compute(CONVERSION, row).total

    assert total(paid) <= total(paid + extra)
