"""History rules applied through the engine's adjust hook, with earlier periods held in memory.

The hook sees the appraisal key, gives every rule a verdict (triggered / clear / undecidable with the
missing periods), imposes a grade and adds an extra pay line when a rule says so, before pay is
settled; several hooks chain. The archive's own queries are tested in test_archive_revisions.py and
the whole run in test_history_run.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal as D

import pytest

from generator.core.findings import Finding, KpiError
from generator.engine import appraise_team, chain, score_employee
from generator.history.apply import history_adjust
from generator.history.consecutive import PeriodStanding, judge
from generator.model.results import AppraisalKey, GradeOverride, Why
from generator.scheme.loader import parse_scheme
from generator.scheme.model import HistoryRule
from generator.store.results import employee_dict
from tests.conftest import GRADES_003, row, scheme_from

SCHEME = """
id: hist
version: "1"
name: 连续期
period: month
inputs: [{id: s, name: 分数, kind: score}]
sections:
  - id: s
    name: 部分
    weight: 100
    indicators: [{id: x, name: 分, weight: 100, value: {input: s}, rule: {kind: direct}}]
bonus: {kind: score_percent, base: 1000}
history:
  - {id: low_twice, name: 连续两次低于65分, name_en: Below 65 twice, kind: below_in_a_row, times: 2, threshold: 65,
     outcome: 淘汰, outcome_en: eliminated, grade: 不合格}
  - {id: first_thrice, name: 连续三次第一, kind: first_in_a_row, times: 3, outcome: 额外奖金, bonus: 500}
  - {id: below_avg, name: 低于上月平均水平, kind: below_team_average, outcome: 查询明细}
"""


class Memory:
    """EarlierPeriods from plain dicts: 工号 → period → (total, rank, team size), and period → average."""

    def __init__(self, rows: Mapping[str, Mapping[str, tuple[str, int, int]]], averages: Mapping[str, str]):
        self.rows, self.averages = rows, averages
        self.asked: list[tuple[str, str, tuple[str, ...]]] = []

    def standings(self, department: str, scheme_id: str, employee_ids: Sequence[str],
                  periods: Sequence[str]) -> dict[str, dict[str, PeriodStanding]]:
        self.asked.append((department, scheme_id, tuple(periods)))
        return {e: {p: PeriodStanding(p, D(t), r, n) for p, (t, r, n) in self.rows.get(e, {}).items() if p in periods}
                for e in employee_ids}

    def team_averages(self, department: str, scheme_id: str, periods: Sequence[str]) -> dict[str, D]:
        return {p: D(a) for p, a in self.averages.items() if p in periods}


def key(period: str = "2026-10") -> AppraisalKey:
    return AppraisalKey(company="某公司", department="客服部", period=period, scheme_id="hist", scheme_version="1")


def appraise(scores: dict[str, str], earlier: Memory, period: str = "2026-10"):
    scheme = scheme_from(SCHEME, GRADES_003)
    scored = [score_employee(scheme, row({"s": s}, emp_id=e)) for e, s in scores.items()]
    team = appraise_team(scheme, scored, key(period), adjust=history_adjust(earlier))
    return {r.employee.id: r for r in team.employees}


FULL = Memory({"E1": {"2026-08": ("95", 1, 3), "2026-09": ("96", 1, 3)},
               "E2": {"2026-08": ("70", 2, 3), "2026-09": ("30", 3, 3)},
               "E3": {"2026-08": ("20", 3, 3), "2026-09": ("60", 2, 3)}},
              {"2026-08": "61.67", "2026-09": "62.00"})


def test_rules_fire_impose_their_grade_and_add_their_pay_before_settlement() -> None:
    got = appraise({"E1": "97", "E2": "33", "E3": "64"}, FULL)
    e1, e2, e3 = got["E1"], got["E2"], got["E3"]
    verdicts = {h.rule_id: h for h in e1.history}
    assert verdicts["first_thrice"].status == "triggered"
    assert verdicts["first_thrice"].periods == ("2026-08", "2026-09", "2026-10")
    assert [(x.id, x.amount) for x in e1.extra_pay] == [("history:first_thrice", D("500.00"))]
    pay = employee_dict(e1, "zh")["pay"]
    assert [p["id"] for p in pay] == ["bonus", "history:first_thrice"]
    assert employee_dict(e1, "zh")["pay_total"] == "1470.00"  # 1000 × 97% + 500

    low = {h.rule_id: h for h in e2.history}["low_twice"]
    assert (low.status, low.outcome, low.periods) == ("triggered", "淘汰", ("2026-09", "2026-10"))
    assert [h.rule_id for h in e2.verdicts] == ["low_twice", "below_avg"]  # 33 < September's 62.00 too
    assert e2.extra_pay == ()

    # E3: 60 then 64, below 65 twice: the rule's grade replaces 基本合格 (its total's) before pay
    assert [h.rule_id for h in e3.verdicts] == ["low_twice"]  # 64 is above September's average 62.00
    assert (e3.grade, e3.coefficient) == ("不合格", D("0.4"))
    assert "连续期规则“连续两次低于65分”" in e3.coefficient_why.zh and "→ 不合格" in e3.coefficient_why.zh
    assert e3.bonus is not None and e3.bonus.amount == D("640.00")  # score_percent pay: the total, not the grade
    assert FULL.asked == [("客服部", "hist", ("2026-08", "2026-09"))]


def test_missing_periods_are_named_never_passed() -> None:
    earlier = Memory({"E1": {"2026-09": ("96", 1, 2)}}, {"2026-09": "70"})  # August was never archived
    got = appraise({"E1": "97", "E2": "33", "E9": "90"}, earlier)
    first = {h.rule_id: h for h in got["E1"].history}["first_thrice"]
    assert (first.status, first.missing) == ("undecidable", ("2026-08",))
    assert first.why.zh == "缺少 2026-08 的考核记录,无法判断"
    assert first.why.en == "no appraisal of 2026-08 in the archive: cannot tell"
    assert got["E1"].extra_pay == ()  # undecided pays nothing
    # E2 is not in the archived September: said as such, and the grade is not imposed
    low = {h.rule_id: h for h in got["E2"].history}["low_twice"]
    assert (low.status, low.missing) == ("undecidable", ("2026-09",))
    assert low.why.zh == "缺少该员工 2026-09 的考核记录,无法判断"
    assert got["E2"].grade == "不合格"  # its own total (33), not the rule's doing
    assert "连续期规则" not in got["E2"].coefficient_why.zh
    # E9 (90, second) cannot be first three times whatever August was: clear, not undecidable
    assert {h.rule_id: h.status for h in got["E9"].history}["first_thrice"] == "clear"
    assert employee_dict(got["E1"], "en")["history"][1] == {
        "rule": "first_thrice", "name": "连续三次第一", "kind": "first_in_a_row", "status": "undecidable",
        "outcome": None, "periods": ["2026-08", "2026-09", "2026-10"], "missing": ["2026-08"],
        "working": "no appraisal of 2026-08 in the archive: cannot tell"}


def test_below_team_average_is_an_outcome_not_a_deduction() -> None:
    # 000: 低于上月平均水平 → 查询明细; the 2 points are deducted only if the check finds abuse,
    # which the manager enters as an adjustment. The rule itself changes no points.
    rule = HistoryRule(id="avg", name="低于上月平均水平", kind="below_team_average", times=1, outcome="查询明细")
    now = PeriodStanding("2026-10", D("59.50"), 4, 5)
    hit = judge(rule, ["2026-10"], {"2026-10": now}, ["2026-09"], {"2026-09": D("61.25")},
                previous=lambda p: {"2026-10": "2026-09"}[p])
    assert (hit.status, hit.outcome) == ("triggered", "查询明细")
    assert hit.why.zh == "总分低于上期团队平均分(2026-10 低于 2026-09 的平均 61.25) → 查询明细"
    open_ = judge(rule, ["2026-10"], {"2026-10": now}, [], {}, previous=lambda p: "2026-09")
    assert (open_.status, open_.missing) == ("undecidable", ("2026-09",))
    equal = PeriodStanding("2026-10", D("61.25"), 3, 5)
    assert judge(rule, ["2026-10"], {"2026-10": equal}, [], {"2026-09": D("61.25")},
                 previous=lambda p: "2026-09").status == "clear"
    got = appraise({"E1": "97", "E2": "33", "E3": "64"}, FULL)
    assert got["E2"].total == D("33.00")  # no points deducted by the rule


def test_an_unreadable_archive_leaves_every_rule_undecided_with_the_reason() -> None:
    class Broken(Memory):
        def standings(self, *args: object, **kwargs: object) -> dict:  # type: ignore[override]
            raise KpiError(Finding(code="archive-locked", message="档案数据库被锁定", message_en="the archive is locked"))

    got = appraise({"E1": "97"}, Broken({}, {}))
    assert {h.status for h in got["E1"].history} == {"undecidable"}
    assert "档案数据库被锁定" in got["E1"].history[0].why.zh


def test_a_period_of_another_kind_is_undecided_not_skipped() -> None:
    got = appraise({"E1": "97"}, FULL, period="2026Q4")
    assert {h.status for h in got["E1"].history} == {"undecidable"}
    assert "2026Q4" in got["E1"].history[0].why.zh


def test_hooks_chain_a_later_grade_wins_and_notes_add_up() -> None:
    scheme = scheme_from(SCHEME, GRADES_003)
    scored = [score_employee(scheme, row({"s": "33"}, emp_id="E2"))]

    def calibrate(scheme, scored, places, key):  # an older-style hook: a bare GradeOverride
        return {"E2": GradeOverride(label="中", why=Why(zh="校准", en="calibrated"))}

    team = appraise_team(scheme, scored, key(), adjust=chain(history_adjust(FULL), calibrate))
    (e2,) = team.employees
    assert e2.grade == "中" and [h.rule_id for h in e2.verdicts] == ["low_twice", "below_avg"]
    assert chain(None, None) is None


@pytest.mark.parametrize("rule, problem", [
    ("{id: a, name: A, kind: first_in_a_row, times: 3, grade: 甲}", "scheme-unknown-grade"),
    ("{id: a, name: A, kind: first_in_a_row, times: 0}", "scheme-bad-value"),
    ("{id: a, name: A, kind: first_in_a_row, times: 3, bonus: -5}", "scheme-bad-value"),
    ("{id: a, name: A, kind: sometimes, times: 3}", "scheme-bad-value"),
])
def test_scheme_history_rules_are_checked(rule: str, problem: str) -> None:
    text = SCHEME.split("history:")[0] + f"history:\n  - {rule}\n" + GRADES_003
    with pytest.raises(KpiError) as err:
        parse_scheme(text, "<t>")
    assert problem in [f.code for f in err.value.findings]


def test_below_team_average_needs_no_times() -> None:
    text = SCHEME.split("history:")[0] + "history:\n  - {id: a, name: A, kind: below_team_average}\n" + GRADES_003
    (rule,) = parse_scheme(text, "<t>").history
    assert (rule.kind, rule.times) == ("below_team_average", 1)
