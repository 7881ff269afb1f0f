"""Improvement plans in the outputs (issue 13 item 6): the employee PDF prints the plan and the review
meeting above the signatures (one A4 page when short), the team Excel report has a 改进计划 sheet,
results.json an `improvement` object. A real run of a real workbook, read back with pdftotext,
pypdf and openpyxl."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from datetime import datetime
from pathlib import Path

import openpyxl
import pypdf
import pytest

from generator.pipeline import Settings, run_paths
from tests.test_improvement import FULL, scheme, workbook

CLOCK = datetime(2026, 11, 10, 9, 0, 0)


def text_of(pdf: Path) -> str:
    return "".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("improvement")
    s = scheme()
    late = {**FULL, "plan_submitted": dt.date(2026, 11, 7), "meeting_statement": "同意改进,但客户难度大"}
    path = workbook(tmp, s, [("E1", 95, {}), ("E2", 88, {}), ("E3", 85, {}), ("E4", 72, late), ("E5", 50, {})])
    summary = run_paths([path], Settings(out_dir=tmp / "out", jobs=1, clock=lambda: CLOCK, scheme=s))
    [outcome] = summary.outcomes
    assert outcome.ok, outcome.findings
    assert {f.code for f in outcome.findings} == {"improvement-plan-late", "missing-improvement-plan",
                                                  "missing-review-meeting"}
    assert outcome.folder is not None
    return outcome.folder


def pdf_of(folder: Path, emp_id: str) -> Path:
    return next(folder.rglob(f"*_{emp_id}.pdf"))


def test_pdf_prints_the_plan_and_the_meeting_above_the_signatures(folder: Path) -> None:
    pdf = pdf_of(folder, "E4")
    text = text_of(pdf)
    assert len(pypdf.PdfReader(str(pdf)).pages) == 1
    for words in ("整改方案", "需要:团队倒数第2名(共5人)", "下月达到75分", "每周复盘录音;主管辅导", "2026-11-30",
                  "2026-11-07(应于2026-11-04前提交,逾期3天)", "王主管", "同意改进,但客户难度大"):
        assert words in text, words
    assert text.index("整改方案") < text.index("签字确认") and text.index("考核人评语") < text.index("整改方案")


def test_pdf_of_a_missing_plan_says_not_submitted(folder: Path) -> None:
    text = text_of(pdf_of(folder, "E5"))
    assert "整改方案·需要:等级“不合格”低于“中”;团队倒数第1名(共5人)" in text
    assert text.count("未提交") >= 3 and "未记录" in text and "应于2026-11-04前提交" in text


def test_pdf_of_someone_not_needing_a_plan_has_no_plan_box(folder: Path) -> None:
    text = text_of(pdf_of(folder, "E1"))
    assert "整改方案" not in text and "面谈人" not in text


def test_results_json_carries_the_plan(folder: Path) -> None:
    doc = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    people = {e["id"]: e for e in doc["employees"]}
    assert people["E1"]["improvement"] is None
    assert people["E4"]["improvement"] == {
        "required": True, "name": "整改方案", "reason": "团队倒数第 2 名(共 5 人)", "due": "2026-11-04", "late": True,
        "missing": False,
        "plan": {"goal": "下月达到 75 分", "actions": "每周复盘录音;主管辅导", "deadline": "2026-11-30",
                 "submitted": "2026-11-07"},
        "meeting": {"date": "2026-11-02", "held_by": "王主管", "statement": "同意改进,但客户难度大"}}
    e5 = people["E5"]["improvement"]
    assert e5["required"] and e5["missing"] and e5["plan"] is None and e5["meeting"] is None


def test_excel_has_the_plan_sheet(folder: Path) -> None:
    book = openpyxl.load_workbook(next(folder.glob("*.xlsx")))
    ws = book["改进计划"]
    head = [c.value for c in ws[4]]
    assert head[:8] == ["工号", "姓名", "总分", "等级", "名次", "原因", "状态", "应提交日期"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    assert set(rows) == {"E4", "E5"}
    e4 = dict(zip(head, rows["E4"], strict=True))
    assert e4["状态"] == "逾期 3 天" and e4["提交日期"] == datetime(2026, 11, 7) and e4["面谈人"] == "王主管"
    assert rows["E5"][6] == "未提交"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_callcenter_rep_reports_with_a_plan_stay_on_one_page(tmp_path: Path, lang: str) -> None:
    """The longest built-in form with a plan (callcenter-rep: six adjustments, history, 整改方案): one A4 page."""
    from generator.scheme.loader import load_builtin
    from tests.fixtures.samples import write_sample

    path = write_sample(load_builtin("callcenter-rep"), tmp_path / "cc.xlsx")
    summary = run_paths([path], Settings(out_dir=tmp_path / "out", jobs=1, clock=lambda: CLOCK, lang=lang))
    [outcome] = summary.outcomes
    assert outcome.ok and outcome.team is not None
    planned = [r.employee.id for r in outcome.team.employees if r.improvement is not None]
    assert len(planned) >= 3  # the last three; a tie for third place adds one
    for emp_id in planned:
        pdf = pdf_of(outcome.folder, emp_id)
        assert len(pypdf.PdfReader(str(pdf)).pages) == 1, pdf.name
        assert ("整改方案" if lang == "zh" else "Correctiveactionplan") in text_of(pdf)
