"""Whole-scheme computation: sections, raters, multiplier, adjustments, ceiling, grades, vetoes, bonus."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from generator.engine import compute
from generator.engine.pay import qc_ratio
from generator.engine.team import competition_ranks, compute_team
from tests.conftest import GRADES_003, row, scheme_from

RATED = scheme_from(
    """
    id: rated
    version: "1"
    name: 月度工作表现
    raters:
      - {id: self, name: 自评, weight: 1}
      - {id: peer, name: 同事评, weight: 1, count: 3, give_to: supervisor}
      - {id: supervisor, name: 上级评, weight: 1, required: true}
    inputs: []
    sections:
      - id: s
        name: 工作表现
        weight: 100
        indicators:
          - {id: attitude, name: 工作态度, weight: 100, value: raters, rule: {kind: direct}}
    """,
    GRADES_003,
)


def test_three_raters_average_peers_first() -> None:
    # 003: 综合评分 = (自评 + 相关同事评分 + 上级评分)/3, 相关同事有3人则取3人的平均分数
    r = compute(RATED, row({"attitude@self": 90, "attitude@peer#1": 80, "attitude@peer#2": 70,
                            "attitude@peer#3": 90, "attitude@supervisor": 85}))
    assert r.indicators[0].points == D("85")  # (90 + 80 + 85) / 3


def test_no_peers_supervisor_counts_twice() -> None:
    # 003: 没有相关同事的评分项, 综合评分 = (2 × 上级 + 自我评分)/3
    r = compute(RATED, row({"attitude@self": 90, "attitude@supervisor": 75}))
    assert r.indicators[0].points == D("80")  # (2×75 + 90)/3 = 80
    assert "上级评" in r.raters["attitude"].zh


def test_renormalise_when_no_give_to() -> None:
    scheme = scheme_from(
        """
        id: r2
        version: "1"
        name: 评分
        raters:
          - {id: self, name: 自评, weight: 20}
          - {id: supervisor, name: 上级评, weight: 50}
          - {id: team, name: 小组评, weight: 30}
        inputs: []
        sections:
          - id: s
            name: 表现
            weight: 100
            indicators: [{id: q, name: 质量, weight: 100, value: raters, rule: {kind: direct}}]
        """,
        GRADES_003,
    )
    full = compute(scheme, row({"q@self": 100, "q@supervisor": 80, "q@team": 60}))
    assert full.total == D("78.00")  # 20 + 40 + 18
    missing = compute(scheme, row({"q@self": 100, "q@supervisor": 80}))
    assert missing.total == D("85.71")  # (20×100 + 50×80)/70 = 85.714…


def test_required_rater_missing_is_reported() -> None:
    from generator.core.findings import KpiError

    with pytest.raises(KpiError) as info:
        compute(RATED, row({"attitude@self": 90}))
    assert info.value.findings[0].code == "missing-rater"


SECTIONS = scheme_from(
    """
    id: aftersales-mini
    version: "1"
    name: 售后
    inputs:
      - {id: done, name: 完成, kind: percent}
      - {id: l1, name: 等级1, kind: level}
      - {id: extra, name: 顶班次数, kind: count, required: false}
      - {id: late, name: 迟到次数, kind: count, required: false}
      - {id: exposures, name: 投诉曝光次数, kind: count, required: false}
      - {id: incident, name: 严重事故, kind: count, required: false}
      - {id: key, name: 重关指标得分, kind: score, max: 100}
    sections:
      - id: perf
        name: 业绩考核
        weight: 80
        indicators:
          - {id: task, name: 任务完成, weight: 100, value: {input: done, percent: true}, rule: {kind: proportional}}
      - id: behaviour
        name: 行为考核
        weight: 20
        indicators:
          - {id: b1, name: 以客户为中心, weight: 100, max_points: 20, value: {input: l1},
             rule: {kind: levels, points: {1: 4, 2: 8, 3: 12, 4: 16, 5: 20}}}
    multiplier: {input: key}
    adjustments:
      - {id: extra_shift, name: 主动顶班, input: extra, points: 5, cap: 10}
      - {id: late_items, name: 迟到, input: late, points: -2}
    adjustment_caps: {bonus: 8, deduction: 10}
    vetoes:
      - {id: exposure, name: 顾客投诉曝光, input: exposures, threshold: 2, cap_grade: 基本合格}
      - {id: serious, name: 严重事故, input: incident, threshold: 1, coefficient: 0}
    bonus: {kind: score_percent, base: 750}
    """,
    GRADES_003,
)


def test_sections_weighted_80_20() -> None:
    # 001: 总分 = 业绩考核得分 × 80% + 行为考核得分 × 20%
    r = compute(SECTIONS, row({"done": "0.9", "l1": 4, "key": 100}))
    assert [s.subtotal for s in r.sections] == [D("90.00"), D("80.00")]
    assert r.base_total == D("88.00")  # 72 + 16
    assert r.total == D("88.00")
    assert (r.grade, r.coefficient) == ("良", D("1.1"))
    assert r.bonus is not None and r.bonus.amount == D("660.00")  # 750 × 88%


def test_key_indicator_multiplier() -> None:
    # 003: 总分 = (…) × 重关指标值, 重关指标值 = 重关指标得分/100
    r = compute(SECTIONS, row({"done": "1", "l1": 5, "key": 95}))
    assert r.multiplier == D("0.95")
    assert r.total == D("95.00")


def test_adjustments_capped_then_ceiling() -> None:
    r = compute(SECTIONS, row({"done": "1", "l1": 5, "key": 100, "extra": 3}))
    assert r.adjustments[0].points == D(10)  # 3 × 5 = 15, item cap 10
    assert r.total == D("100.00")  # 100 + 8 (group cap) → ceiling 100: 当月总分在100分以上,仍按照满分100分计算
    r = compute(SECTIONS, row({"done": "0.5", "l1": 1, "key": 100, "extra": 1, "late": 2}))
    assert r.total == D("45.00")  # 50% × 80 = 40, level 1 = 4/20 → 20 × 20% = 4; +5 −4 → 45


def test_deduction_cap_and_floor() -> None:
    r = compute(SECTIONS, row({"done": "0.05", "l1": 1, "key": 100, "late": 20}))
    # 5% × 80 = 4, 20% × 20 = 4 → 8; −40 capped at −10 → −2 → floor 0
    assert r.total == D("0.00")


def test_veto_caps_grade_and_coefficient() -> None:
    r = compute(SECTIONS, row({"done": "1", "l1": 5, "key": 100, "exposures": 2}))
    assert r.total == D("100.00")
    assert (r.grade, r.coefficient) == ("基本合格", D("0.8"))  # 季度曝光2次 → 考核系数直接降为合格
    assert r.vetoes[0].triggered and not r.vetoes[1].triggered


def test_veto_zeroes_coefficient() -> None:
    r = compute(SECTIONS, row({"done": "1", "l1": 5, "key": 100, "incident": 1}))
    assert r.coefficient == D(0)


@pytest.mark.parametrize(("total", "grade"), [("91", "优"), ("90.99", "良"), ("81", "良"), ("80.99", "中"),
                                              ("71", "中"), ("61", "基本合格"), ("60.99", "不合格"), ("0", "不合格")])
def test_grade_edges(total: str, grade: str) -> None:
    from generator.engine import grade_for

    assert grade_for(SECTIONS, D(total)).label == grade


def test_bonus_750_times_score_percent_seed_examples() -> None:
    # 003: 总值750 如50分 750*50%=375; 100分 750*100%=750
    half = compute(SECTIONS, row({"done": "0.525", "l1": 2, "key": 100}))  # 42 + 8
    assert half.total == D("50.00") and half.bonus.amount == D("375.00")
    full = compute(SECTIONS, row({"done": "1", "l1": 5, "key": 100}))
    assert full.bonus.amount == D("750.00")


@pytest.mark.parametrize(("qc", "ratio"), [("0.65", "0.75"), ("0.70", "1"), ("0.75", "1"), ("0.80", "1"),
                                           ("0.85", "1.25"), ("0.50", "0")])
def test_qc_ratio(qc: str, ratio: str) -> None:
    # 003 GS组: QC 65% → 1 − (70% − 65%) × 5 = 0.75
    assert qc_ratio(D(qc), D("0.70"), D("0.80"), D(5)) == D(ratio)


def test_qc_bonus_bounded() -> None:
    scheme = scheme_from(
        """
        id: gs
        version: "1"
        name: GS组
        inputs:
          - {id: baseline, name: 工作量基准, kind: number}
          - {id: workload, name: 实际工作量, kind: number}
          - {id: qc, name: QC质量, kind: percent}
        sections:
          - id: s
            name: 质量
            weight: 100
            indicators: [{id: q, name: QC, weight: 100, value: {input: qc, percent: true}, rule: {kind: proportional}}]
        bonus: {kind: qc, base: 300, baseline_input: baseline, workload_input: workload, qc_input: qc, min: 0, max: 500}
        """,
        GRADES_003,
    )
    assert compute(scheme, row({"baseline": 400, "workload": 380, "qc": "0.65"})).bonus.amount == D("210.00")
    assert compute(scheme, row({"baseline": 400, "workload": 600, "qc": "0.90"})).bonus.amount == D("500.00")
    assert compute(scheme, row({"baseline": 400, "workload": 50, "qc": "0.75"})).bonus.amount == D("0.00")


def test_commission_by_conversion_tier() -> None:
    scheme = scheme_from(
        """
        id: presales-mini
        version: "1"
        name: 售前
        inputs:
          - {id: paid, name: 付款人数, kind: count}
          - {id: inquiries, name: 询单人数, kind: count}
          - {id: sales, name: 成交订单金额, kind: money}
        sections:
          - id: s
            name: KPI
            weight: 100
            indicators:
              - id: conversion
                name: 咨询转化率
                weight: 100
                value: {ratio: [paid, inquiries], percent: true}
                rule: {kind: proportional}
        bonus:
          kind: commission
          amount_input: sales
          rate_input: conversion
          tiers:
            - {range: "[60%, +inf)", rate: 6‰}
            - {range: "[55%, 60%)", rate: 4‰}
            - {range: "[50%, 55%)", rate: 3‰}
            - {range: "[40%, 50%)", rate: 2‰}
            - {range: "[0, 40%)", rate: 1‰}
        """,
        GRADES_003,
    )
    # 000: (成交订单金额 × 提点比例) × 绩效考核得分 / 100 = 应发奖金
    r = compute(scheme, row({"paid": 60, "inquiries": 100, "sales": "123456.78"}))
    assert r.total == D("60.00")
    assert r.bonus.amount == D("444.44")  # 123456.78 × 0.006 × 60 / 100 = 444.444408
    r = compute(scheme, row({"paid": 59, "inquiries": 100, "sales": "100000"}))
    assert r.bonus.amount == D("236.00")  # 100000 × 0.004 × 59 / 100


def test_competition_ranking_ties_share_a_place() -> None:
    assert competition_ranks([D(95), D(90), D(90), D(80)]) == [1, 2, 2, 4]


def test_team_awards_tied_places_both_paid() -> None:
    scheme = scheme_from(
        """
        id: aw
        version: "1"
        name: 奖励
        inputs: [{id: s, name: 分数, kind: score}]
        sections:
          - id: s
            name: 部分
            weight: 100
            indicators: [{id: x, name: 分, weight: 100, value: {input: s}, rule: {kind: direct}}]
        awards: {prizes: [300, 200, 100], small_team: {below: 3, prizes: [200]}}
        """,
        GRADES_003,
    )
    people = [("E1", "90"), ("E2", "95"), ("E3", "95"), ("E4", "80"), ("E5", "70")]
    results = [compute(scheme, row({"s": s}, emp_id=e)) for e, s in people]
    team = compute_team(scheme, results)
    got = [(r.employee.id, r.rank, r.award) for r in team.employees]
    assert got == [("E2", 1, D(300)), ("E3", 1, D(300)), ("E1", 3, D(100)), ("E4", 4, None), ("E5", 5, None)]
    assert team.awards_total == D(700)
    assert [(g.label, g.count) for g in team.distribution] == [("优", 2), ("良", 1), ("中", 1), ("基本合格", 1),
                                                               ("不合格", 0)]
    small = compute_team(scheme, results[:2])
    assert [r.award for r in small.employees] == [D(200), None]


def test_raters_on_levels_convert_each_level_before_weighting() -> None:
    # 001 行为考核 has 自评 and 上级 columns: level 4 (16 points) and level 5 (20 points) average to 18,
    # although the average level 4.5 is no level at all.
    scheme = scheme_from(
        """
        id: lv
        version: "1"
        name: 行为
        raters:
          - {id: self, name: 自评, weight: 1}
          - {id: supervisor, name: 上级评, weight: 1, required: true}
        inputs: []
        sections:
          - id: b
            name: 行为考核
            weight: 100
            indicators:
              - {id: focus, name: 以客户为中心, weight: 100, max_points: 20, value: raters,
                 rule: {kind: levels, points: {1: 4, 2: 8, 3: 12, 4: 16, 5: 20}}}
        """,
        GRADES_003,
    )
    r = compute(scheme, row({"focus@self": 4, "focus@supervisor": 5}))
    assert r.indicators[0].points == D(18)
    assert r.total == D("90.00")
    only_boss = compute(scheme, row({"focus@supervisor": 3}))
    assert only_boss.indicators[0].points == D(12)


def test_awards_by_sales_follow_the_input_not_the_total() -> None:
    # 000: 每月销售前三名 get 300/200/100, whatever their appraisal totals
    scheme = scheme_from(
        """
        id: bysales
        version: "1"
        name: 销售奖
        inputs: [{id: s, name: 分数, kind: score}, {id: sales, name: 销售额, kind: money}]
        sections:
          - id: s
            name: 部分
            weight: 100
            indicators: [{id: x, name: 分, weight: 100, value: {input: s}, rule: {kind: direct}}]
        awards: {by: sales, prizes: [300, 200, 100]}
        bonus: {kind: score_percent, base_input: sales}
        """,
        GRADES_003,
    )
    people = [("E1", "99", "1000"), ("E2", "60", "9000"), ("E3", "70", "5000"), ("E4", "80", "5000")]
    team = compute_team(scheme, [compute(scheme, row({"s": s, "sales": v}, emp_id=e)) for e, s, v in people])
    awards = {r.employee.id: r.award for r in team.employees}
    assert awards == {"E2": D(300), "E3": D(200), "E4": D(200), "E1": None}
    assert [r.employee.id for r in team.employees] == ["E1", "E4", "E3", "E2"]  # the ranking is still by total


def test_working_text_is_readable_and_english_has_english_units() -> None:
    from tests.test_rules import RESPONSE, SKILL

    r = compute(RATED, row({"attitude@self": 90, "attitude@peer#1": 80, "attitude@peer#2": 81,
                            "attitude@peer#3": 80, "attitude@supervisor": 85}))
    # peers average 80.333…: the working shows it rounded, the points are exact then rounded once
    assert "同事评80.33" in r.raters["attitude"].zh and "80.333" not in r.raters["attitude"].zh
    assert r.indicators[0].points == D("85.11")  # (90 + 80.333… + 85) / 3 = 85.111…
    assert "85.11 分" in r.indicators[0].applied.zh
    seconds = compute(RESPONSE, row({"seconds": "40"})).indicators[0]
    assert (seconds.value_in("zh"), seconds.value_in("en")) == ("40 秒", "40 s")
    checks = compute(SKILL, row({"failed_checks": 2})).indicators[0]
    assert checks.value_in("zh") == "抽查不合格次数 2" and checks.value_in("en") == "failed_checks 2"
    assert "抽查不合格 2 × 2" in checks.applied.zh and "failed_checks 2 × 2" in checks.applied.en
