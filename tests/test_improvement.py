"""What follows a low score (issue 13 item 6): the scheme's `improvement:` rule, the plan columns of
the template, and the warnings once the team is ranked.

003 客户服务人员考核实施标准: “月考核评比综合排名后三名,要求分部客户服务部经理仔细分析落后原因,针对落后原因,
寻找改进措施,并在月工作通报下发后的 4天,将整改方案报总部客户服务部备案”; 001: “根据评分结果制定相应的激励措施
或改进计划”. The test scheme (tests/data/improvement_scheme.yaml) takes the total as typed: below 中 or the
last two need a 整改方案, due 4 days after the period's last day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.appraisal import appraise
from generator.core.findings import Severity
from generator.engine.improvement import grades_below, places_from_bottom
from generator.model.results import Employee
from generator.scheme.loader import check_scheme, load_builtin, parse_scheme
from generator.scheme.model import Scheme
from generator.workbook import layout as L
from generator.workbook import load_workbook_input
from generator.workbook.plan_cells import parse_date
from generator.workbook.template import HeaderInfo, TemplateRow, write_template
from tests.fixtures.samples import write_sample

DATA = Path(__file__).parent / "data"
SCHEME_TEXT = (DATA / "improvement_scheme.yaml").read_text(encoding="utf-8")
PERIOD = "2026-10"  # last day 2026-10-31, so the plan is due by 2026-11-04
FULL = {"plan_goal": "下月达到 75 分", "plan_actions": "每周复盘录音;主管辅导", "plan_deadline": dt.date(2026, 11, 30),
        "plan_submitted": dt.date(2026, 11, 3), "meeting_date": dt.date(2026, 11, 2), "meeting_by": "王主管",
        "meeting_statement": "认可结果,会改进"}


def scheme(text: str = SCHEME_TEXT) -> Scheme:
    return parse_scheme(text, "improvement_scheme.yaml")


def workbook(tmp: Path, s: Scheme, people: list[tuple[str, int, dict[str, object]]], name: str = "team.xlsx") -> Path:
    rows = [TemplateRow(employee=Employee(id=emp_id, name=f"员工{emp_id}"), values={"score": Decimal(score), **plan})
            for emp_id, score, plan in people]
    return write_template(s, HeaderInfo(period=PERIOD, company="云帆", department="客服部", manager="王主管"),
                          tmp / name, rows)


def appraised(tmp: Path, s: Scheme, people: list[tuple[str, int, dict[str, object]]]):
    loaded = load_workbook_input(workbook(tmp, s, people), scheme=s)
    return loaded, appraise(loaded)


def by_code(loaded, code: str) -> list:
    return [f for f in loaded.findings if f.code == code]


TEAM = [("E1", 95, {}), ("E2", 88, {}), ("E3", 85, {}), ("E4", 75, {}), ("E5", 65, FULL), ("E6", 50, {})]


# ---- the rule ------------------------------------------------------------------------------------

def test_loader_reads_the_rule() -> None:
    rule = scheme().improvement
    assert rule is not None
    assert (rule.below, rule.bottom, rule.due_days, rule.meeting, rule.name) == ("中", 2, 4, True, "整改方案")
    assert parse_scheme(SCHEME_TEXT.split("improvement:")[0]).improvement is None


@pytest.mark.parametrize("bad, code, needle", [
    ("  below: 良好\n", "scheme-unknown-grade", "below: 良好"),
    ("  bottom: 0\n", "scheme-bad-value", "bottom: 0"),
    ("  due_days: -1\n  bottom: 3\n", "scheme-bad-value", "due_days: -1"),
    ("  bottom: 3\n  within: 4\n", "scheme-unknown-key", "within: 4"),
    ("  name: 整改方案\n", "scheme-missing-key", "improvement:"),
])
def test_a_bad_rule_is_refused_at_its_line(bad: str, code: str, needle: str) -> None:
    text = SCHEME_TEXT.split("improvement:")[0] + "improvement:\n" + bad
    s, found = check_scheme(text, "t.yaml")
    assert s is None
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if needle in ln)
    assert (code, line) in [(f.code, f.line) for f in found if f.severity is Severity.ERROR]


def test_below_means_every_grade_under_the_band() -> None:
    assert grades_below(scheme(), "中") == {"基本合格", "不合格"}
    assert grades_below(scheme(), "不合格") == set()


def test_ties_share_a_place_from_the_bottom() -> None:
    class R:  # what places_from_bottom reads: an employee and a total
        def __init__(self, emp_id: str, total: int):
            self.employee, self.total = Employee(id=emp_id, name=emp_id), Decimal(total)

    assert places_from_bottom((R("a", 60), R("b", 70), R("c", 70), R("d", 90))) == {"a": 1, "b": 2, "c": 2, "d": 4}


# ---- the template ----------------------------------------------------------------------------------

def test_template_has_the_plan_columns_after_the_comment_and_before_the_preview(tmp_path: Path) -> None:
    s = scheme()
    path = workbook(tmp_path, s, [("E1", 80, {})])
    ws = openpyxl.load_workbook(path)[L.DATA_SHEET]
    heads = [c.value for c in ws[L.HEADER_ROW]]
    at = heads.index("备注")
    assert heads[at + 1:] == ["改进目标", "改进措施", "完成期限", "方案提交日期", "面谈日期", "面谈人", "员工陈述",
                              "预览总分(仅供参考)"]
    letters = L.letters(s)
    dated = {str(dv.sqref).split(":")[0].rstrip("0123456789") for dv in ws.data_validations.dataValidation
             if dv.type == "date"}
    assert dated == {letters["plan_deadline"], letters["plan_submitted"], letters["meeting_date"]}
    notes = openpyxl.load_workbook(path)[L.INSTRUCTIONS_SHEET]
    text = " ".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    assert "团队排名后 2 名" in text and "4 天内提交" in text


def test_a_scheme_without_the_rule_has_no_plan_columns(tmp_path: Path) -> None:
    path = write_sample(load_builtin("presales-ecommerce"), tmp_path / "p.xlsx")
    heads = [c.value for c in openpyxl.load_workbook(path)[L.DATA_SHEET][L.HEADER_ROW]]
    assert "改进目标" not in heads and "面谈人" not in heads


def test_dates_are_read_in_the_usual_spellings() -> None:
    want = dt.date(2026, 11, 4)
    for raw in (dt.datetime(2026, 11, 4), "2026-11-04", "2026/11/4", "2026年11月4日", "2026.11.4", "20261104", 46330):
        assert parse_date(raw) == want, raw
    for raw in ("2026-02-30", "下周一", "11-04", 3.5, "1999-01-01"):
        with pytest.raises(ValueError):
            parse_date(raw)


# ---- after the team is ranked ------------------------------------------------------------------------

def test_missing_plan_is_a_warning_at_the_employee_plan_cell(tmp_path: Path) -> None:
    s = scheme()
    loaded, appraisal = appraised(tmp_path, s, TEAM)
    assert appraisal.ok  # warnings only: the reports are still written
    letters = L.letters(s)
    row_e6 = L.FIRST_DATA_ROW + 5
    [missing] = by_code(loaded, "missing-improvement-plan")
    assert (missing.sheet, missing.cell, missing.severity) == (L.DATA_SHEET, f"{letters['plan_goal']}{row_e6}", Severity.WARNING)
    assert "E6" in missing.message and "团队倒数第 1 名" in missing.message and "等级“不合格”低于“中”" in missing.message
    assert "改进目标" in missing.message and "方案提交日期" in missing.message and missing.hint
    [meeting] = by_code(loaded, "missing-review-meeting")
    assert meeting.cell == f"{letters['meeting_date']}{row_e6}" and meeting.severity is Severity.WARNING
    assert not by_code(loaded, "improvement-plan-late")
    status = {r.employee.id: r.improvement for r in appraisal.team.employees}
    assert status["E4"] is None and status["E1"] is None
    assert status["E5"].required and not status["E5"].missing and status["E5"].due == dt.date(2026, 11, 4)
    assert status["E6"].required and status["E6"].missing


def test_a_plan_submitted_after_the_due_date_is_late(tmp_path: Path) -> None:
    s = scheme()
    late = {**FULL, "plan_submitted": dt.date(2026, 11, 7)}
    loaded, appraisal = appraised(tmp_path, s, [("E1", 95, {}), ("E2", 85, {}), ("E3", 78, FULL), ("E4", 72, late)])
    [f] = by_code(loaded, "improvement-plan-late")
    assert f.cell == f"{L.letters(s)['plan_submitted']}{L.FIRST_DATA_ROW + 3}" and f.severity is Severity.WARNING
    assert "2026-11-07" in f.message and "2026-11-04" in f.message and "晚了 3 天" in f.message
    assert f.message_en and f.hint and f.hint_en
    assert appraisal.ok
    e4 = next(r for r in appraisal.team.employees if r.employee.id == "E4")
    assert e4.improvement.late and "团队倒数第 1 名" in e4.improvement.why.zh
    e3 = next(r for r in appraisal.team.employees if r.employee.id == "E3")
    assert not e3.improvement.late  # submitted 2026-11-03, on time


def test_an_invalid_date_is_an_error_at_its_cell(tmp_path: Path) -> None:
    s = scheme()
    loaded, appraisal = appraised(tmp_path, s, [("E1", 95, {}), ("E2", 50, {**FULL, "plan_deadline": "2026-02-30"})])
    [f] = by_code(loaded, "invalid-date")
    assert f.cell == f"{L.letters(s)['plan_deadline']}{L.FIRST_DATA_ROW + 1}" and f.severity is Severity.ERROR
    assert f.value == "2026-02-30"
    assert not appraisal.ok


def test_a_voluntary_plan_is_kept_and_nobody_else_is_warned(tmp_path: Path) -> None:
    s = scheme()
    loaded, appraisal = appraised(tmp_path, s, [("E1", 95, FULL), ("E2", 90, {}), ("E3", 85, FULL), ("E4", 82, FULL)])
    assert not [f for f in loaded.findings if f.severity is Severity.WARNING]
    e1 = next(r for r in appraisal.team.employees if r.employee.id == "E1")
    assert e1.improvement is not None and not e1.improvement.required and e1.improvement.plan.goal == "下月达到 75 分"


def test_callcenter_rep_bottom_three_with_their_plans_give_no_warning(tmp_path: Path) -> None:
    """003: “月考核评比综合排名后三名 … 在月工作通报下发后的 4天,将整改方案报总部客户服务部备案”."""
    s = load_builtin("callcenter-rep")
    assert s.improvement is not None and (s.improvement.bottom, s.improvement.due_days) == (3, 4)
    path = write_sample(s, tmp_path / "cc.xlsx")  # the sample gives the bottom three a plan, on time
    loaded = load_workbook_input(path)
    appraisal = appraise(loaded)
    assert appraisal.ok and not [f for f in loaded.findings if f.severity is Severity.WARNING]
    needs = sorted((r.total, r.employee.id) for r in appraisal.team.employees if r.improvement and r.improvement.required)
    totals = [r.total for r in appraisal.team.employees]
    # ties count: whoever has fewer than three people below them is among the last three
    lowest = sorted((r.total, r.employee.id) for r in appraisal.team.employees
                    if sum(t < r.total for t in totals) < 3)
    assert needs == lowest and len(needs) >= 3
    assert all(r.improvement.due == dt.date(2026, 11, 4) for r in appraisal.team.employees if r.improvement)


def test_monthly_general_asks_below_average() -> None:
    rule = load_builtin("monthly-general").improvement
    assert rule is not None and (rule.below, rule.bottom, rule.due_days) == ("中", None, None)
