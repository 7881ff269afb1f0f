"""Each rule kind at and around every edge, through the real loader and engine."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from generator.engine import compute
from tests.conftest import one_indicator, row

CONVERSION = one_indicator(
    """
    - id: conversion
      name: 询单转化率
      weight: 100
      value: {ratio: [paid, inquiries], percent: true}
      rule:
        kind: bands
        bands:
          - ["[75%, +inf)", 100]
          - ["[65%, 75%)", 80]
          - ["[50%, 65%)", 60]
          - ["[0, 50%)", 0]
    """,
    """
    - {id: paid, name: 最终付款人数, kind: count}
    - {id: inquiries, name: 询单人数, kind: count}
    """,
)


@pytest.mark.parametrize(
    ("paid", "inquiries", "points"),
    [
        (75, 100, 100),  # X = 75% exactly: the closed edge belongs to the top band
        (7499, 10000, 80),  # 74.99%: just under
        (65, 100, 80),
        (6499, 10000, 60),
        (50, 100, 60),
        (49, 100, 0),
        (0, 100, 0),
        (3, 4, 100),  # 0.75 from a ratio is exact, not 0.7499999
        (2, 3, 80),  # 2/3 = 66.67% → the 65%–75% band
    ],
)
def test_bands_higher_is_better_edges(paid: int, inquiries: int, points: int) -> None:
    result = compute(CONVERSION, row({"paid": paid, "inquiries": inquiries}))
    assert result.indicators[0].points == D(points)
    assert result.total == D(points)


RESPONSE = one_indicator(
    """
    - id: response
      name: 平均响应时间
      unit: 秒
      weight: 100
      value: {input: seconds}
      rule:
        kind: bands
        direction: lower_better
        bands:
          - ["[0, 30]", 100]
          - ["(30, 45]", 80]
          - ["(45, 55]", 60]
          - ["(55, +inf)", 0]
    """,
    "- {id: seconds, name: 平均响应时间, kind: number, min: 0}",
)


@pytest.mark.parametrize(
    ("seconds", "points"),
    [("30", 100), ("30.01", 80), ("45", 80), ("45.5", 60), ("55", 60), ("55.01", 0), ("0", 100)],
)
def test_bands_lower_is_better_edges(seconds: str, points: int) -> None:
    assert compute(RESPONSE, row({"seconds": seconds})).indicators[0].points == D(points)


def test_band_working_is_shown() -> None:
    result = compute(CONVERSION, row({"paid": 70, "inquiries": 100}))
    assert result.indicators[0].value_text == "70%"
    assert "65% ≤ X < 75%" in result.indicators[0].applied.zh
    assert "→ 80 分" in result.indicators[0].applied.zh


SATISFACTION = one_indicator(
    """
    - id: satisfaction
      name: 制度执行满意率
      weight: 100
      max_points: 20
      value: {input: rate, percent: true}
      rule: {kind: linear, target: 90%, step: 1%, below: 2, above: 1, cap: 25, floor: 0}
    """,
    "- {id: rate, name: 满意率, kind: percent}",
)


@pytest.mark.parametrize(
    ("rate", "points"),
    [
        ("0.90", "20"),  # at target: full marks
        ("0.895", "20"),  # half a step short: whole steps only
        ("0.89", "18"),  # one step below: −2
        ("0.855", "12"),  # 4.5% short → 4 steps → −8
        ("0.80", "0"),  # 10 steps: 20 − 20
        ("0.50", "0"),  # floor at 0
        ("0.93", "23"),  # 3 steps above: +3
        ("0.99", "25"),  # capped at 25
    ],
)
def test_linear_from_target(rate: str, points: str) -> None:
    assert compute(SATISFACTION, row({"rate": rate})).indicators[0].points == D(points)


def test_linear_partial_steps() -> None:
    scheme = one_indicator(
        """
        - id: s
          name: 满意率
          weight: 100
          value: {input: rate, percent: true}
          rule: {kind: linear, target: 90%, step: 1%, below: 2, partial: true}
        """,
        "- {id: rate, name: 满意率, kind: percent}",
    )
    assert compute(scheme, row({"rate": "0.885"})).indicators[0].points == D("97")


COMPLETION = one_indicator(
    """
    - id: sales
      name: 业绩任务完成
      weight: 100
      max_points: 20
      value: {ratio: [done, task], percent: true}
      rule: {kind: proportional, floor_below: 10%, floor_points: 2}
    """,
    """
    - {id: done, name: 完成业绩, kind: money}
    - {id: task, name: 业绩任务, kind: money}
    """,
)


@pytest.mark.parametrize(
    ("done", "points"),
    [(90, "18"), (100, "20"), (120, "20"), (10, "2"), (9, "2"), (0, "2"), (55, "11"), ("33.333", "6.67")],
)
def test_proportional_seed_example(done: object, points: str) -> None:
    # 003: 完成业绩任务的90%,计算分数为 90%×20=18分 … 完成10%以下的为2分
    result = compute(COMPLETION, row({"done": done, "task": 100}))
    assert result.indicators[0].points == D(points)


SKILL = one_indicator(
    """
    - id: skill
      name: 专业技能、接听质量
      weight: 100
      max_points: 30
      rule:
        kind: deductions
        items: [{input: failed_checks, points: 2, name: 抽查不合格}]
    """,
    "- {id: failed_checks, name: 抽查不合格次数, kind: count}",
)


@pytest.mark.parametrize(("n", "points"), [(0, 30), (1, 28), (14, 2), (15, 0), (16, 0), (100, 0)])
def test_deductions_floor_at_zero(n: int, points: int) -> None:
    assert compute(SKILL, row({"failed_checks": n})).indicators[0].points == D(points)


def test_deductions_with_cap_and_two_items() -> None:
    scheme = one_indicator(
        """
        - id: attendance
          name: 考勤
          weight: 100
          max_points: 10
          rule:
            kind: deductions
            cap: 6
            items:
              - {input: late, points: 2, name: 迟到早退}
              - {input: leave_days, points: 1, name: 有效请假}
        """,
        """
        - {id: late, name: 迟到早退次数, kind: count}
        - {id: leave_days, name: 有效请假天数, kind: count}
        """,
    )
    assert compute(scheme, row({"late": 1, "leave_days": 2})).indicators[0].points == D(6)
    assert compute(scheme, row({"late": 3, "leave_days": 0})).indicators[0].points == D(4)  # −6: at the cap
    assert compute(scheme, row({"late": 5, "leave_days": 3})).indicators[0].points == D(4)  # −13 capped to −6


SWAPS = one_indicator(
    """
    - id: swaps
      name: 换班
      weight: 100
      max_points: 100
      rule: {kind: progressive, input: swaps, free: 3, first: 5, step: 5}
    """,
    "- {id: swaps, name: 换班次数, kind: count}",
)


@pytest.mark.parametrize(("n", "points"), [(0, 100), (3, 100), (4, 95), (5, 85), (6, 70), (20, 0)])
def test_progressive_seed_example(n: int, points: int) -> None:
    # 003: 第四次换班扣5分, 第五次扣10分, 第六次扣15分 → 累计扣分30分
    assert compute(SWAPS, row({"swaps": n})).indicators[0].points == D(points)


LEVELS = one_indicator(
    """
    - id: customer_focus
      name: 以客户为中心
      weight: 100
      max_points: 20
      value: {input: level}
      rule: {kind: levels, points: {1: 4, 2: 8, 3: 12, 4: 16, 5: 20}}
    """,
    "- {id: level, name: 以客户为中心等级, kind: level}",
)


@pytest.mark.parametrize(("level", "points"), [(1, 4), (3, 12), (5, 20)])
def test_levels(level: int, points: int) -> None:
    result = compute(LEVELS, row({"level": level}))
    assert result.indicators[0].points == D(points)
    assert result.indicators[0].weighted == D(points) * 5  # 20 points ↔ weight 100


def test_invalid_level_is_an_error_not_a_crash() -> None:
    from generator.core.findings import KpiError

    with pytest.raises(KpiError) as info:
        compute(LEVELS, row({"level": 6}))
    assert info.value.findings[0].code == "invalid-level"


def test_budget_control_expression() -> None:
    scheme = one_indicator(
        """
        - id: budget
          name: 费用预算控制率
          weight: 100
          value: {expr: "abs(actual - budget) / budget", percent: true}
          rule:
            kind: bands
            direction: lower_better
            bands:
              - ["[0, 3%]", 100]
              - ["(3%, 4%]", 80]
              - ["(4%, 5%]", 60]
              - ["(5%, +inf)", 0]
        """,
        """
        - {id: actual, name: 实际费用, kind: money}
        - {id: budget, name: 预算费用, kind: money}
        """,
    )
    assert compute(scheme, row({"actual": 103000, "budget": 100000})).indicators[0].points == D(100)
    assert compute(scheme, row({"actual": 96000, "budget": 100000})).indicators[0].points == D(80)
    assert compute(scheme, row({"actual": "105000.01", "budget": 100000})).indicators[0].points == D(0)
