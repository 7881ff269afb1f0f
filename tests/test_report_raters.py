"""Rater columns (issue 13 item 5): each rater's points side by side, then the combined result, in
results.json, the employee PDF and the Excel report.

The scheme is tests/data/rated_schemes/rated-example.yaml, a copy of built-in callcenter-rep 2024.2
(seed 003: "综合评分 = (自评 + 相关同事评分 + 上级评分)/3"; 报表管理 is rated by 自评, three 同事评
and 上级评), so these tests do not move when the built-in schemes change.
"""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pypdf
import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.engine import compute
from generator.engine.team import compute_team
from generator.model.results import Employee
from generator.report.excel import write_excel
from generator.report.pdf import PdfWriter, employee_html
from generator.report.rater_columns import pdf_widths, rater_columns
from generator.report.views import employee_view
from generator.scheme.loader import load_scheme
from generator.workbook.template import HeaderInfo, TemplateRow, write_template
from tests.conftest import GRADES_003, row, scheme_from
from tests.report_support import meta

SCHEMES = Path(__file__).parent / "data" / "rated_schemes"
D = Decimal
BASE = {"spot_fails": 1, "calls_answered": 1000, "complaints": 2, "complaints_resolved": 2, "callbacks": 4400,
        "work_days": 22, "false_callbacks": 0, "satisfaction": D("0.96")}
PEOPLE = [
    # all three raters, peers averaged first: (18 + (17+18+17)/3 + 19) / 3 = 18.11
    ("E001", "张三", {"reports@self": 18, "reports@peer#1": 17, "reports@peer#2": 18, "reports@peer#3": 17,
                     "reports@supervisor": 19}),
    # no peer: "(2×上级 + 自评)/3" = (16 + 2×18) / 3 = 17.33
    ("E002", "李四", {"reports@self": 16, "reports@supervisor": 18}),
    # no self: the others renormalised, (15 + 16) / 2 = 15.5
    ("E003", "王五", {"reports@peer#1": 15, "reports@peer#2": 15, "reports@peer#3": 15, "reports@supervisor": 16}),
]


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def line_of(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith(start))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("rated")
    scheme = load_scheme(SCHEMES / "rated-example.yaml")
    rows = [TemplateRow(Employee(eid, name, "客服代表"), {**BASE, **raters}) for eid, name, raters in PEOPLE]
    write_template(scheme, HeaderInfo(period="2026-10", company="某公司", department="客服部", manager="钱经理"),
                   root / "in" / "客服部.xlsx", rows)
    folders = {}
    for lang in ("zh", "en"):
        res = CliRunner().invoke(app, ["run", str(root / "in"), "--out", str(root / lang), "--lang", lang, "--jobs", "1",
                                       "--no-archive", "--schemes-dir", str(SCHEMES)])
        assert res.exit_code == 0, res.output
        folders[lang] = root / lang / "2026-10" / "客服部"
    return folders


def test_results_json_has_each_raters_points(outputs) -> None:
    doc = json.loads((outputs["zh"] / "results.json").read_text(encoding="utf-8"))
    by_id = {e["id"]: {i["id"]: i for i in e["indicators"]} for e in doc["employees"]}
    assert by_id["E001"]["reports"]["rater_points"] == [
        {"rater": "self", "name": "自评", "points": "18", "weight": "1"},
        {"rater": "peer", "name": "同事评", "points": str(D(52) / 3), "weight": "1"},  # exact: the mean of 17, 18, 17
        {"rater": "supervisor", "name": "上级评", "points": "19", "weight": "1"},
    ]
    assert by_id["E001"]["reports"]["points"] == "18.11"
    # the absent peers' weight went to the supervisor
    assert [(p["points"], p["weight"]) for p in by_id["E002"]["reports"]["rater_points"]] == [
        ("16", "1"), (None, "0"), ("18", "2")]
    assert by_id["E002"]["reports"]["points"] == "17.33"
    assert [(p["points"], p["weight"]) for p in by_id["E003"]["reports"]["rater_points"]] == [
        (None, "0"), ("15", "1"), ("16", "1")]
    assert by_id["E003"]["reports"]["points"] == "15.50"
    assert all(i["rater_points"] == [] for e in by_id.values() for k, i in e.items() if k != "reports")
    en = json.loads((outputs["en"] / "results.json").read_text(encoding="utf-8"))
    assert [p["name"] for p in en["employees"][0]["indicators"][-1]["rater_points"]] == ["Self", "Peer", "Supervisor"]


@pytest.mark.parametrize("lang, folder, heads, combined", [
    ("zh", "个人报告", ["自评", "同事评", "上级评", "实际值/综合"], "报表管理"),
    ("en", "employees", ["Self", "Peer", "Supervisor", "Value /"], "Reporting"),
])
def test_employee_pdf_shows_rater_columns_before_the_combined_value(outputs, lang, folder, heads, combined) -> None:
    expected = {"E001": "18.00 17.33 19.00 18.11", "E002": "16.00 — 18.00 17.33", "E003": "— 15.00 16.00 15.50"}
    for eid, name, _ in PEOPLE:
        pdf = outputs[lang] / folder / f"{name}_{eid}.pdf"
        assert len(pypdf.PdfReader(pdf).pages) == 1  # the extra columns keep the report on one A4 page
        text = pdftotext(pdf)
        head = next(line for line in text.splitlines() if heads[0] in line and heads[-1] in line)
        positions = [head.index(h) for h in heads]
        assert positions == sorted(positions), head  # 自评 | 同事评 | 上级评, then the combined value
        assert " ".join(line_of(text, combined).split()[1:5]) == expected[eid]
        # an indicator that is not rated has blank rater cells: its own value follows its name
        assert line_of(text, "客户投诉解决率" if lang == "zh" else "Complaint").split()[1] == "0%"


def test_excel_rater_sheet_side_by_side_then_combined(outputs) -> None:
    wb = openpyxl.load_workbook(outputs["zh"] / "绩效考核报告.xlsx")
    assert wb.sheetnames.index("评分人评分") == wb.sheetnames.index("指标明细") + 1
    ws = wb["评分人评分"]
    assert [c.value for c in ws[4]] == ["工号", "姓名", "考核部分", "考核指标", "自评", "同事评", "上级评", "综合评分",
                                        "得分", "满分", "评分人合成"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    assert set(rows) == {"E001", "E002", "E003"}  # one row per employee and rated indicator: only 报表管理
    assert rows["E001"][3:10] == ("报表管理", 18, 17.33, 19, 18.11, 18.11, 20)
    assert rows["E002"][4:8] == (16, None, 18, 17.33)  # no peer score: a blank cell, never 0
    assert rows["E003"][4:8] == (None, 15, 16, 15.5)
    assert "2×上级评18" in rows["E002"][10]
    en = openpyxl.load_workbook(outputs["en"] / "appraisal-report.xlsx")
    assert [c.value for c in en["Raters"][4]][4:8] == ["Self", "Peer", "Supervisor", "Combined"]


LEVELS = """
id: lv
version: "1"
name: 行为考核
name_en: Behaviour
raters:
  - {id: self, name: 自评, name_en: Self, weight: 1}
  - {id: supervisor, name: 上级, name_en: Supervisor, weight: 1, required: true}
inputs:
  - {id: satisfaction, name: 客户满意度, name_en: Satisfaction, kind: percent}
sections:
  - id: results
    name: 业绩考核
    name_en: Results
    weight: 80
    indicators:
      - {id: sat, name: 客户满意度, name_en: Satisfaction, weight: 100, value: {input: satisfaction, percent: true},
         rule: {kind: bands, bands: [["[0.9, )", 100], ["[0, 0.9)", 50]]}}
  - id: behaviour
    name: 行为考核
    name_en: Behaviour
    weight: 20
    indicators:
      - {id: focus, name: 以客户为中心, name_en: Customer focus, weight: 100, max_points: 20, value: raters,
         rule: {kind: levels, points: {1: 4, 2: 8, 3: 12, 4: 16, 5: 20}}}
"""


def test_levels_show_the_points_each_level_is_worth(tmp_path: Path) -> None:
    # 001 行为考核 "自评 上级": 4级 is worth 16 points and 5级 20; the columns show the points used, not the levels
    scheme = scheme_from(LEVELS, GRADES_003)
    r = compute(scheme, row({"satisfaction": D("0.95"), "focus@self": 4, "focus@supervisor": 5}))
    focus = r.indicators[-1]
    assert [(p.rater, p.points, p.weight) for p in focus.rater_points] == [("self", D(16), D(1)),
                                                                        ("supervisor", D(20), D(1))]
    assert focus.points == D(18) and r.indicators[0].rater_points == ()
    pdf = PdfWriter().write(employee_html(r, meta()), tmp_path / "lv.pdf")
    text = pdftotext(pdf)
    assert line_of(text, "以客户为中心").split()[1:4] == ["16.00", "20.00", "18.00"]
    assert "上级" in line_of(text, "考核指标")


NO_RATERS = """
id: plain
version: "1"
name: 无评分人
inputs:
  - {id: satisfaction, name: 客户满意度, kind: percent}
sections:
  - id: s
    name: 业绩
    weight: 100
    indicators:
      - {id: sat, name: 客户满意度, weight: 100, value: {input: satisfaction, percent: true},
         rule: {kind: bands, bands: [["[0.9, )", 100], ["[0, 0.9)", 50]]}}
"""


def test_a_scheme_without_raters_gets_no_rater_columns(tmp_path: Path) -> None:
    scheme = scheme_from(NO_RATERS, GRADES_003)
    r = compute(scheme, row({"satisfaction": D("0.95")}))
    assert rater_columns(r.indicators) == ()
    view = employee_view(r, meta())
    assert view["rater_heads"] == [] and view["cols"]["raters"] == []
    text = pdftotext(PdfWriter().write(employee_html(r, meta()), tmp_path / "plain.pdf"))
    assert "实际值" in text and "自评" not in text and "综合" not in text
    path = tmp_path / "plain.xlsx"
    write_excel(compute_team(scheme, [r]), meta(), path)
    assert "评分人评分" not in openpyxl.load_workbook(path).sheetnames


@pytest.mark.parametrize("heads", [[], ["自评"], ["自评", "同事评", "上级评"], ["Self", "Peer", "Supervisor"],
                                   ["Supervisor"] * 4, ["评分人"] * 8])
def test_indicator_table_always_fills_the_page_width(heads: list[str]) -> None:
    w = pdf_widths(heads)
    assert sum(v for k, v in w.items() if k != "raters") + sum(w["raters"]) == 100
    assert len(w["raters"]) == len(heads) and w["rule"] >= 15  # the rule column keeps room for its working
