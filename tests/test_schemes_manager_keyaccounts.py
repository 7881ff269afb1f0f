"""Built-in schemes for seed forms that had none (issue 13 item 4): 000's 呼叫中心经理 scale, the 大客户 rows of
003 / 004 (key-accounts) and 000's 客户管理岗 table, each with a hand-worked employee against the seed's own line."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl

from generator.engine import compute
from generator.scheme.loader import load_builtin
from generator.scheme.model import InputKind
from generator.workbook import load_workbook_input
from tests.conftest import row

ROOT = Path(__file__).resolve().parents[1]


def _pts(r: object) -> dict[str, Decimal]:
    return {i.id: i.points for i in r.indicators}  # type: ignore[attr-defined]


# ---- call-center-manager (000 1.4 呼叫中心经理绩效考核指标量表) ------------------------------------------

CCM = {"plan_target": 3000, "plan_done": 2850, "cost_budget": 200000, "cost_spent": 206000, "survey_plan": 36,
       "survey_done": 30, "improve_plan": 4, "improve_done": 3, "satisfaction": "88.5"}


def test_call_center_manager_hand_worked() -> None:
    # 000: "1 呼叫中心业务 计划完成率 20% 考核期内呼叫中心业务计划完成率达100%"; "服务费用 预算控制率 月/季/年度 财务部"
    # 003: "2 服务费用 预算控制率 月/季/年度 %100?服务费用预算额 服务费用开支额 财务部"
    s = load_builtin("call-center-manager")
    r = compute(s, row(CCM))
    # plan 2850/3000 = 95 %; cost 206000/200000 = 103 % → 80; surveys 30/36 = 83.33 %; improvements 3/4 = 75 %;
    # satisfaction 88.5
    assert _pts(r) == {"plan": Decimal(95), "cost": Decimal(80), "survey": Decimal("83.33"), "improvement": Decimal(75),
                       "satisfaction": Decimal("88.5")}
    # 20 % each: 19 + 16 + 16.67 + 15 + 17.70
    assert r.total == Decimal("84.37")
    assert r.grade == "良" and r.coefficient == Decimal("1.1")


def test_call_center_manager_form_as_the_seed_has_it() -> None:
    s = load_builtin("call-center-manager")
    assert [i.weight for _sec, i in s.indicators()] == [20, 20, 20, 20, 20]  # row 1's 20 %, five rows
    assert s.period == "quarter"  # "月/季/年度": a manager by the quarter
    assert s.signoff is not None and s.signoff.copies is None
    # 000 相关说明: "编制人员 审核人员 批准人员 编制日期 审核日期 批准日期"
    assert [(x.name, x.name_en) for x in s.signoff.roles] == [
        ("编制人员", "Prepared by"), ("审核人员", "Reviewed by"), ("批准人员", "Approved by")]


# ---- key-accounts (004 8/9, 003 6/7, 001 客户考核评分表) -------------------------------------------------

LEVELS = ("customer_focus", "thoroughness", "direction", "responsibility", "professionalism")


def _ka(accounts: int, lost: int, planned: int, done: int, self_: int, sup: int, peers: tuple[int, ...] = ()) -> dict:
    v: dict[str, object] = {"accounts_start": accounts, "accounts_lost": lost, "visits_planned": planned,
                            "visits_done": done}
    for item in LEVELS:
        v[f"{item}@self"] = self_
        v[f"{item}@supervisor"] = sup
        for n, p in enumerate(peers, 1):
            v[f"{item}@peer#{n}"] = p
    return v


def test_key_accounts_hand_worked_with_peers() -> None:
    # 004: "大客户流失数量控制在×%以内,得满分;流失量每增加×%,扣×分;流失量每减少×%,加×分"
    # 004: "大客户回访率=实际回访大客户数/年度计划回访大客户数×100%"
    # 001: "4 大客户回访10% 所有大客户每三月回访一次完成所有回访安排10分完成90%得5分低于90%为0分"
    # 001: "总分=业绩考核得分*80%+行为考核得分*20%"; 003: "综合评分 = 自我评分+相关同事评分+上级评分 3" (a fraction over 3)
    s = load_builtin("key-accounts")
    r = compute(s, row(_ka(20, 2, 20, 19, self_=4, sup=3, peers=(4, 5))))
    # loss 2/20 = 10 %: 5 whole points over 5 %, −4 each → 80; visits 19/20 = 95 % → half marks, 50;
    # each behaviour item: self 4级 16, peers 4级 16 and 5级 20 → 18, supervisor 3级 12 → (16 + 18 + 12)/3 = 15.33
    pts = _pts(r)
    assert (pts["loss"], pts["visits"]) == (Decimal(80), Decimal(50))
    assert all(pts[k] == Decimal("15.33") for k in LEVELS)
    # results (80 × 50 % + 50 × 50 %) = 65 × 80 % = 52; behaviour 5 × 15.33 = 76.65 × 20 % = 15.33
    assert r.total == Decimal("67.33")
    assert r.grade == "基本合格" and r.coefficient == Decimal("0.8")


def test_key_accounts_without_peers_the_supervisor_counts_twice() -> None:
    # 003: "没有相关同事(打√)的评分项,综合评分= 2上级 + 自我评评分" (÷ 3)
    s = load_builtin("key-accounts")
    r = compute(s, row(_ka(20, 1, 20, 18, self_=4, sup=5)))
    pts = _pts(r)
    # loss 1/20 = 5 % meets the target → 100; visits 18/20 = 90 % → 50; (2 × 20 + 16)/3 = 18.67
    assert (pts["loss"], pts["visits"]) == (Decimal(100), Decimal(50))
    assert all(pts[k] == Decimal("18.67") for k in LEVELS)
    # (100 × 50 % + 50 × 50 %) × 80 % = 60; 93.35 × 20 % = 18.67
    assert r.total == Decimal("78.67") and r.grade == "中"


def test_key_accounts_edges() -> None:
    s = load_builtin("key-accounts")
    # 1 of 16 lost = 6.25 %: one whole point over → 96; nothing lost = 5 points under → +5 → 105 (the cap)
    assert _pts(compute(s, row(_ka(16, 1, 20, 20, 3, 3))))["loss"] == Decimal(96)
    assert _pts(compute(s, row(_ka(16, 0, 20, 20, 3, 3))))["loss"] == Decimal(105)
    # 001: 完成所有回访安排 → full; just under 90 % → 0
    assert _pts(compute(s, row(_ka(16, 0, 20, 20, 3, 3))))["visits"] == Decimal(100)
    assert _pts(compute(s, row(_ka(16, 0, 1000, 899, 3, 3))))["visits"] == Decimal(0)
    # the total is kept at 100 even with the bonus points of a loss-free period
    assert compute(s, row(_ka(16, 0, 20, 20, 5, 5))).total == Decimal(100)


def test_key_accounts_raters_enter_levels_not_points(tmp_path: Path) -> None:
    s = load_builtin("key-accounts")
    rated = [c for c in s.columns() if c.rater]
    assert len(rated) == 5 * 4  # five items × (自评, 同事评 1, 同事评 2, 上级评)
    assert all(c.kind is InputKind.LEVEL and c.levels == (1, 2, 3, 4, 5) for c in rated)
    assert s.signoff is not None and [x.name for x in s.signoff.roles] == ["考核人"]  # 001: "考核人签字:年月日"
    # a supervisor who types the points (16) instead of the level (4) is told so at that cell
    src = tmp_path / "ka.xlsx"
    shutil.copy(ROOT / "sample_workbooks" / "key-accounts_2026Q4.xlsx", src)
    wb = openpyxl.load_workbook(src)
    ws = wb["考核数据"]
    cell = next(c for line in ws.iter_rows() for c in line if c.value == "以客户为中心-上级评(级)")
    target = ws.cell(cell.row + 1, cell.column)
    target.value = 16
    wb.save(src)
    loaded = load_workbook_input(src, expected_period="2026Q4")
    assert [f.cell for f in loaded.findings if f.severity.name == "ERROR"] == [target.coordinate]


# ---- customer-management-post (000 客户管理岗绩效考核指标) --------------------------------------------------

KP = {"report_delay_days": 3, "negligence_complaints": 2, "dept_budget": 50000, "dept_actual": 53600,
      "records_checked": 100, "records_wrong": 4, "training_score": 85, "cooperation_score": 90}


def test_customer_management_post_hand_worked() -> None:
    # 000: "定义:未能及时提供客户情况分析报告的时间不超过[ ]天"; "定义:由于工作疏忽,客户投诉次数不多于[ ]次";
    #      "定义:部门实际费用与预算的差异控制在[ ]%之内"; "定义:上级检查时客户资料出错的比例不多于[ ]%"
    s = load_builtin("customer-management-post")
    r = compute(s, row(KP))
    # delay 3 days: 1 over 2 → 80; 2 complaints: 1 over 1 → 75; |53600 − 50000|/50000 = 7.2 %: 2 whole points
    # over 5 % → 80; 4/100 = 4 %: 2 points over 2 % → 80; ratings 85 and 90
    assert _pts(r) == {"report": Decimal(80), "complaints": Decimal(75), "budget": Decimal(80), "records": Decimal(80),
                       "training": Decimal(85), "cooperation": Decimal(90)}
    # 80×15% + 75×20% + 80×20% + 80×15% + 85×15% + 90×15% = 12 + 15 + 16 + 12 + 12.75 + 13.5
    assert r.total == Decimal("81.25") and r.grade == "良"


def test_customer_management_post_is_another_form_than_customer_management() -> None:
    post, staff = load_builtin("customer-management-post"), load_builtin("customer-management")
    assert {i.name for _s, i in post.indicators()}.isdisjoint({i.name for _s, i in staff.indicators()})
    assert post.signoff is None  # the table has no sign-off: the default block
    # an under-spent budget counts like an over-spent one: "差异控制在[ ]%之内"
    under = compute(post, row({**KP, "dept_actual": 46400}))
    assert _pts(under)["budget"] == Decimal(80)
