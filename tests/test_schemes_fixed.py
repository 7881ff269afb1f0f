"""Issue 13 items 2 and 3: cs-manager, callcenter-rep and aftersales follow their seed forms.

Each test quotes the seed line it checks. The engine pieces these needed are tested here too:
a deduction cap on its own row (000 扣分上限10分) and a rater of weight 0 (001 自评 shown, the
supervisor's level counted).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.appraisal import appraise
from generator.core.findings import KpiError
from generator.engine import compute
from generator.scheme.loader import check_scheme, load_builtin
from generator.workbook import load_workbook_input
from generator.workbook.preview import total_formula
from tests.conftest import GRADES_003, one_indicator, row, scheme_from

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
MANAGER, CALLCENTER, AFTERSALES = load_builtin("cs-manager"), load_builtin("callcenter-rep"), load_builtin("aftersales")


# ---- the engine: a cap on one deduction row ---------------------------------------------


ROW_CAPPED = one_indicator(
    """
    - id: d
      name: 管理规范
      weight: 100
      max_points: 20
      rule:
        kind: deductions
        floor: 0
        items:
          - {input: forms, points: 0.5, cap: 10, name: 未按要求填写公司表格}
          - {input: fakes, points: 1, cap: 10, name: 提供虚假记录}
    """,
    """
    - {id: forms, name: 表格, kind: count, required: false}
    - {id: fakes, name: 虚假记录, kind: count, required: false}
    """,
)


@pytest.mark.parametrize(("forms", "fakes", "points"), [
    (4, 9, "9"),  # 2 + 9 = 11 → 20 − 11 = 9
    (4, 10, "8"),  # 2 + 10 = 12 → 8: the 10th false record still costs (a block cap of 10 would stop at 10)
    (4, 11, "8"),  # the 11th costs nothing more: its own row has reached 10
    (30, 11, "0"),  # 15 → 10 and 11 → 10: 20 − 20 = 0
])
def test_a_cap_on_a_row_caps_that_row_only(forms: int, fakes: int, points: str) -> None:
    r = compute(ROW_CAPPED, row({"forms": forms, "fakes": fakes}))
    assert r.indicators[0].points == D(points)
    if fakes > 10:
        assert "本项扣分上限 10" in r.indicators[0].applied.zh and "this row at most 10" in r.indicators[0].applied.en


def test_row_caps_reach_the_preview_formula() -> None:
    formula = total_formula(ROW_CAPPED, lambda key: {"forms": "E7", "fakes": "F7"}[key])
    assert formula is not None and "MIN(10,E7*0.5)+MIN(10,F7*1)" in formula


# ---- the loader and the engine: a rater of weight 0 -------------------------------------


RATED = """
id: zero
version: "1"
name: 行为
raters:
  - {{id: self, name: 自评, weight: {self_weight}}}
  - {{id: supervisor, name: 上级, weight: {boss_weight}{required}}}
inputs: []
sections:
  - id: b
    name: 行为考核
    weight: 100
    indicators:
      - {{id: focus, name: 以客户为中心, weight: 100, max_points: 20, value: raters,
         rule: {{kind: levels, points: {{1: 4, 2: 8, 3: 12, 4: 16, 5: 20}}}}}}
"""


def rated(self_weight: str, boss_weight: str, required: bool = True) -> tuple[object, list[tuple[str, str]]]:
    text = RATED.format(self_weight=self_weight, boss_weight=boss_weight,
                        required=", required: true" if required else "") + GRADES_003
    scheme, findings = check_scheme(text)
    return scheme, [(f.code, f.message_en) for f in findings]


def test_a_rater_may_weigh_zero_but_not_less_nor_all() -> None:
    scheme, findings = rated("0", "1")
    assert scheme is not None and findings == []
    _, negative = rated("-1", "1")
    assert ("scheme-bad-value", "rater self weight must not be negative") in negative
    _, nobody = rated("0", "0")
    assert ("scheme-bad-value", "at least one rater needs a weight above 0") in nobody


def test_a_rater_of_weight_zero_is_shown_not_counted() -> None:
    scheme = scheme_from(RATED.format(self_weight="0", boss_weight="1", required=""), GRADES_003)
    r = compute(scheme, row({"focus@self": 5, "focus@supervisor": 2}))
    assert r.indicators[0].points == D(8)
    assert r.raters["focus"].zh == "(0×自评20 + 1×上级8) ÷ 1"
    with pytest.raises(KpiError) as caught:  # only the uncounted self level: there is no result
        compute(scheme, row({"focus@self": 5}))
    assert caught.value.findings[0].code == "missing-rater"


# ---- cs-manager: 004's own rules ---------------------------------------------------------


BASE = {"visits_done": 180, "visits_planned": 200, "complaints_satisfied": 45, "complaints_total": 50,
        "info_on_time": 190, "info_needed": 200, "plan_completion": "1", "cost_actual": "100000",
        "cost_budget": "100000", "key_score": 100, "pay_base": "12000"}


def manager(**changes: object) -> dict[str, Decimal]:
    r = compute(MANAGER, row({**BASE, **changes}))
    return {i.id: i.points for i in r.indicators}


def test_cs_manager_info_timeliness_adds_points_above_target() -> None:
    # 004 “传递及时率达到××%以上,得满分;传递及时率每降×%,扣×分;传递及时率每增×%,加×分”: not “不加分”
    assert manager(info_on_time=200)["info_timeliness"] == D(105)  # 100% = 95% + 5 steps
    assert manager(info_on_time=193)["info_timeliness"] == D("101.5")  # 96.5%: 1.5 steps, pro rata
    assert manager(info_on_time=187)["info_timeliness"] == D("95.5")  # 93.5%: 1.5 steps below × 3


def test_cs_manager_plan_completion_is_004s_linear_rule() -> None:
    # 004 “客服工作计划完成率达到100%,得满分;… 完成率每降×%,扣×分;完成率每增×%,加×分” — not 外贸 “90%×20=18分”
    assert manager(plan_completion="0.9")["plan_completion"] == D(80)  # 10 steps × 2
    assert manager(plan_completion="1.05")["plan_completion"] == D(105)
    assert manager(plan_completion="1.3")["plan_completion"] == D(110)  # the company's ceiling (notes 2)
    assert manager(plan_completion="0.05")["plan_completion"] == D(0)  # 95 steps × 2: floored, no "10%以下 2分"


def test_cs_manager_underspending_costs_nothing() -> None:
    # 004 “经费开支控制在预算之内,得满分;未经有关高层主管批准,经费每超支×%,扣×分”
    assert manager(cost_actual="50000")["budget_control"] == D(100)
    assert manager(cost_actual="100000")["budget_control"] == D(100)
    assert manager(cost_actual="102500")["budget_control"] == D(80)  # 2.5% over: 2 whole steps × 10
    assert manager(cost_actual="120000")["budget_control"] == D(0)


def test_cs_manager_pay_is_base_times_coefficient() -> None:
    # 绩效工资 = 季度绩效工资基数 × 考核系数 (notes 9); no 外贸 净利润 input any more
    assert MANAGER.bonus is not None and (MANAGER.bonus.kind, MANAGER.bonus.base_input) == ("coefficient", "pay_base")
    assert "net_profit" not in {i.id for i in MANAGER.inputs}
    r = compute(MANAGER, row({**BASE, "visits_done": 200, "complaints_satisfied": 50}))
    assert (r.total, r.grade) == (D("100.00"), "优")
    assert r.bonus is not None and r.bonus.amount == D("15600.00")  # 12000 × 1.3
    assert "公司自定" in MANAGER.notes and "the company's" in MANAGER.notes


def test_cs_manager_discipline_rows_are_capped_one_by_one() -> None:
    # 000 “2.4未按要求填写公司表格1次。 -0.5 扣分上限10分”, “2.5经证实为提供或编写虚假记录的,每1次。 -1”
    assert manager(false_records=11)["discipline"] == D(10)
    assert manager(false_records=11, late_plans=1)["discipline"] == D(8)  # a block cap of 10 would give 10
    assert manager(false_records=11, late_plans=9)["discipline"] == D(0)


# ---- callcenter-rep: only its own form -----------------------------------------------------


def test_callcenter_has_no_borrowed_raters_pay_or_caps() -> None:
    assert CALLCENTER.raters == () and CALLCENTER.bonus is None and CALLCENTER.bonus_cap is None
    assert all(a.cap is None for a in CALLCENTER.adjustments)
    names = [i.name for _, i in CALLCENTER.indicators()]
    assert names == ["专业技能、接听质量", "未解决投诉率", "回访完成率", "回访真实度", "客户满意度"]
    assert [i.weight for _, i in CALLCENTER.indicators()] == [D("37.5"), D(25), D("12.5"), D("12.5"), D("12.5")]
    assert "原文未设上限,本方案也不设" in CALLCENTER.notes and "没有绩效工资或奖金规则" in CALLCENTER.notes


def test_callcenter_bonus_points_are_not_capped() -> None:
    # 003 客服部考核标准 “突发情况或者活动期间在人手不够的情况下,能随叫随到来公司主动顶班 5分/次”;
    # “当月总分在100分以上,仍按照满分100分计算”
    perfect = {"spot_fails": 2, "calls_answered": 1000, "complaints": 0, "complaints_resolved": 0, "callbacks": 4200,
               "work_days": 21, "false_callbacks": 0, "satisfaction": "1"}
    r = compute(CALLCENTER, row({**perfect, "cover_shifts": 4}))
    # 五项 26 + 20 + 10 + 10 + 10 = 76 / 80 × 100 = 95;顶班 4 × 5 = +20 (no +15 cap) → 115 → 100
    assert sum(i.weighted for i in r.indicators) == D(95)
    assert r.total == D("100.00")
    r = compute(CALLCENTER, row({**perfect, "spot_fails": 10, "cover_shifts": 4}))
    # 30 − 20 = 10: 60 / 80 × 100 = 75;+20 → 95.00 (a +15 cap would have given 90)
    assert r.total == D("95.00") and r.grade == "A"


def test_callcenter_sample_spreads_below_100() -> None:
    loaded = load_workbook_input(ROOT / "sample_workbooks" / "callcenter-rep_2026-10.xlsx")
    appraisal = appraise(loaded)
    assert appraisal.team is not None
    totals = [e.total for e in appraisal.team.employees]
    assert len(totals) == 8 and sum(t == 100 for t in totals) <= 2 and min(totals) < 80 and len(set(totals)) >= 6


# ---- aftersales: the form's 自评 and 上级 columns --------------------------------------------


def test_aftersales_has_self_and_supervisor_on_behaviour() -> None:
    # 001 行为考核 “考核评分 自评 上级 结果”; the result is the supervisor's (notes 7)
    assert [(r.id, r.weight, r.required) for r in AFTERSALES.raters] == [("self", D(0), False),
                                                                         ("supervisor", D(1), True)]
    rated_cols = [c for c in AFTERSALES.columns() if c.rater]
    assert len(rated_cols) == 10 and all(c.levels == (1, 2, 3, 4, 5) for c in rated_cols)
    assert "引擎尚不支持" not in AFTERSALES.notes


def test_aftersales_self_level_does_not_move_the_total() -> None:
    base = {"process_rate": "0.92", "info_usage": "0.86", "referrals": 2, "key_visits_done": 9,
            "key_visits_planned": 10, "satisfaction_score": 88, "complaint_misses": 1, "orphans_lost": 0,
            "pay_base": "2000"}
    keys = ("customer_focus", "thoroughness", "direction", "responsibility", "professionalism")
    modest = compute(AFTERSALES, row({**base, **{f"{k}@self": 1 for k in keys}, **{f"{k}@supervisor": 4 for k in keys}}))
    proud = compute(AFTERSALES, row({**base, **{f"{k}@self": 5 for k in keys}, **{f"{k}@supervisor": 4 for k in keys}}))
    silent = compute(AFTERSALES, row({**base, **{f"{k}@supervisor": 4 for k in keys}}))
    assert modest.total == proud.total == silent.total == D("73.34")  # 57.34 + 80 × 20% = 16


# ---- profit_share stays a rule kind (003 外贸), though no built-in uses it any more ------------


def test_profit_share_still_computes() -> None:
    # 003 外贸 “季度业务提成=季度业务净利润×15%×季度考核系数 … 月业务提成=季度业务提成×0.33”
    scheme = one_indicator(
        "- {id: s, name: 分数, weight: 100, value: {input: s}, rule: {kind: direct}}",
        "- {id: s, name: 分数, kind: score}\n- {id: profit, name: 季度业务净利润, kind: money, min: -1000000}",
        "bonus: {kind: profit_share, amount_input: profit, rate: 15%, factor: 0.33, min: 0}\n",
    )
    r = compute(scheme, row({"s": 95, "profit": "200000"}))
    assert r.coefficient == D("1.3") and r.bonus is not None and r.bonus.amount == D("12870.00")
    loss = compute(scheme, row({"s": 95, "profit": "-1000"}))
    assert loss.bonus is not None and loss.bonus.amount == D("0.00")


def test_aftersales_preview_turns_each_level_into_points_first() -> None:
    # the workbook's preview does what the engine does: 自评/上级 levels → 4…20 points, then weights 0 and 1
    letters = {c.key: f"C{n}" for n, c in enumerate(AFTERSALES.columns())}
    formula = total_formula(AFTERSALES, lambda key: letters.get(key, "Z1"))
    assert formula is not None
    own, boss = letters["customer_focus@self"], letters["customer_focus@supervisor"]
    assert f"(0)*IF(COUNT({own})>0,(IF(ISNUMBER({own}),IF({own}=1,4,IF({own}=2,8," in formula
    assert f"(1)*IF(COUNT({boss})>0,(IF(ISNUMBER({boss}),IF({boss}=1,4," in formula
