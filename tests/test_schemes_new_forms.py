"""Built-in schemes for forms that had none (issue 13 item 4): 003's 400 呼叫中心 KPIs, seed 002's service
levels and 000's 客户管理岗, each with a hand-worked employee against the seed's own line."""

from __future__ import annotations

from decimal import Decimal

from generator.engine import compute
from generator.scheme.loader import load_builtin
from tests.conftest import row

CC400 = {"plan_target": 1000, "plan_done": 950, "cost_budget": 50000, "cost_spent": 51000, "survey_plan": 10,
         "survey_done": 8, "improve_plan": 4, "improve_done": 3, "satisfaction": 88, "calls_connected": 4000,
         "calls_transferred": 480, "calls_abandoned": 160}


def test_callcenter_400_hand_worked() -> None:
    # 003: "6 转接率 … %100?全部接通电话数 转接电话数" and "8 呼叫放弃率 … %100?全部接通电话数 放弃电话数"
    # 000: "呼叫中心业务 计划完成率 20% 考核期内呼叫中心业务计划完成率达100%"
    s = load_builtin("callcenter-400")
    r = compute(s, row(CC400))
    pts = {i.id: i.points for i in r.indicators}
    # plan 950/1000 = 95 % → 95; cost 51000/50000 = 102 % → 80; surveys 8/10 → 80; improvements 3/4 → 75;
    # satisfaction 88; transfers 480/4000 = 12 % → 80; abandoned 160/4000 = 4 % → 80
    assert pts == {"plan": Decimal(95), "cost": Decimal(80), "survey": Decimal(80), "improvement": Decimal(75),
                   "satisfaction": Decimal(88), "transfer": Decimal(80), "abandon": Decimal(80)}
    # 95×20% + 80×15% + 80×10% + 75×10% + 88×15% + 80×15% + 80×15% = 19 + 12 + 8 + 7.5 + 13.2 + 12 + 12
    assert r.total == Decimal("83.70")
    assert r.grade == "良" and r.coefficient == Decimal("1.1")


def test_callcenter_400_lower_is_better_at_the_edges() -> None:
    s = load_builtin("callcenter-400")
    # exactly 10 % transferred and 3 % abandoned are still the best band; one call more is not
    best = compute(s, row({**CC400, "calls_transferred": 400, "calls_abandoned": 120}))
    worse = compute(s, row({**CC400, "calls_transferred": 401, "calls_abandoned": 121}))
    get = lambda r, k: next(i.points for i in r.indicators if i.id == k)  # noqa: E731
    assert (get(best, "transfer"), get(best, "abandon")) == (Decimal(100), Decimal(100))
    assert (get(worse, "transfer"), get(worse, "abandon")) == (Decimal(80), Decimal(80))
    # over-completing the plan earns no more than full marks
    assert get(compute(s, row({**CC400, "plan_done": 1200})), "plan") == Decimal(100)


def test_callcenter_400_weight_from_000_is_kept() -> None:
    s = load_builtin("callcenter-400")
    assert {i.id: i.weight for _sec, i in s.indicators()}["plan"] == 20


SL = {"contacts": 1200, "frt_met": 1110, "first_resolved": 1008, "followups_due": 40, "followups_done": 36,
      "rating": "4.6", "complaints": 1}


def _pts(r: object, key: str) -> Decimal:
    return next(i.points for i in r.indicators if i.id == key)  # type: ignore[attr-defined]


def test_service_level_hand_worked() -> None:
    # 002: "在线客服的FRT应控制在30秒内,电话客服需在3声铃响内接听"; "提升FCR至85%";
    #      "24小时内首次跟进,72小时内闭环"; "客户结束服务时的1-5分评价(5分为非常满意)"
    s = load_builtin("service-level")
    r = compute(s, row(SL))
    # FRT 1110/1200 = 92.5 % → 80; FCR 1008/1200 = 84 % (< 85 %) → 80; follow-up 36/40 = 90 % → 90;
    # rating 4.6/5 = 92 % → 92; one valid complaint → 100 − 20 = 80
    assert {i.id: i.points for i in r.indicators} == {
        "frt": Decimal(80), "fcr": Decimal(80), "followup": Decimal(90), "satisfaction": Decimal(92),
        "complaints": Decimal(80)}
    # 80×20% + 80×30% + 90×15% + 92×20% + 80×15% = 16 + 24 + 13.5 + 18.4 + 12
    assert r.total == Decimal("83.90") and r.grade == "良"


def test_service_level_fcr_85_is_full_marks_and_no_followups_count_as_done() -> None:
    s = load_builtin("service-level")
    r = compute(s, row({**SL, "first_resolved": 1020, "followups_due": 0, "followups_done": 0, "complaints": 6}))
    assert _pts(r, "fcr") == Decimal(100)  # 1020/1200 = 85 % exactly
    assert _pts(r, "followup") == Decimal(100)  # nothing to follow up is not a failure
    assert _pts(r, "complaints") == Decimal(0)  # 扣完为止


CM = {"plan_tasks": 200, "done_tasks": 190, "budget": 20000, "spent": 19600, "feedback_due": 50,
      "feedback_in_time": 46, "info_due": 20, "info_in_time": 19, "improve_targets": 4, "improve_met": 3,
      "standard_rate": "0.9"}


def test_customer_management_hand_worked() -> None:
    # 000 客户服务人员绩效考核KPI表格模板: "预算节省率 15% 考核期内客服费用预算节省率达%"; "客户意见 反馈及时率 15%";
    #     "客户服务信息 传递及时率 10%"; "客服流程改进 目标达成率 10%"
    s = load_builtin("customer-management")
    r = compute(s, row(CM))
    # plan 190/200 = 95 %; saving (20000 − 19600)/20000 = 2 % → 80; feedback 46/50 = 92 %; info 19/20 = 95 %;
    # improvement 3/4 = 75 %; standard 90 %
    assert {i.id: i.points for i in r.indicators} == {
        "plan": Decimal(95), "saving": Decimal(80), "feedback": Decimal(92), "info": Decimal(95),
        "improvement": Decimal(75), "standard": Decimal(90)}
    # 95×30% + 80×15% + 92×15% + 95×10% + 75×10% + 90×20% = 28.5 + 12 + 13.8 + 9.5 + 7.5 + 18
    assert r.total == Decimal("89.30") and r.grade == "良"


def test_customer_management_overspending_is_a_negative_saving() -> None:
    s = load_builtin("customer-management")
    assert _pts(compute(s, row({**CM, "spent": 20800})), "saving") == Decimal(60)  # −4 %
    assert _pts(compute(s, row({**CM, "spent": 21100})), "saving") == Decimal(0)  # −5.5 %
    assert _pts(compute(s, row({**CM, "spent": 19000})), "saving") == Decimal(100)  # 5 % exactly
    assert [i.weight for _sec, i in s.indicators()][1:5] == [15, 15, 10, 10]  # the seed's own weights
