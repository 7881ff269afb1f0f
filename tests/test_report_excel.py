"""The Excel report: its numbers are the engine's, its text stays text, it prints on A4."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.report.excel import write_excel
from tests.report_support import meta, team

HOSTILE = {
    "E001": '=HYPERLINK("http://evil.example/x","点我")',
    "E002": "=1+1",
    "E003": "@SUM(A1:A2)",
    "E004": "+cmd|' /C calc'!A0",
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    t = team()
    path = tmp_path_factory.mktemp("xlsx") / "报告.xlsx"
    write_excel(t, meta(department="客服部 & 售后"), path)
    return path, t


def D(value: object) -> Decimal:
    return Decimal(str(value))


def test_summary_rows_carry_the_engines_numbers(report) -> None:
    path, t = report
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[4]]
    col = {name: i for i, name in enumerate(header)}
    rows = [r for r in ws.iter_rows(min_row=5, max_row=4 + len(t.employees), values_only=True)]
    assert len(rows) == len(t.employees) == 5
    for row, r in zip(rows, t.employees, strict=True):
        assert row[col["工号"]] == r.employee.id and row[col["姓名"]] == r.employee.name
        assert row[col["名次"]] == r.rank
        assert D(row[col["业绩考核 80%"]]) == r.sections[0].weighted
        assert D(row[col["行为考核 20%"]]) == r.sections[1].weighted
        assert D(row[col["总分"]]) == r.total
        assert row[col["等级"]] == r.grade
        assert D(row[col["考核系数"]]) == r.coefficient
        assert D(row[col["绩效奖金(元)"]]) == r.bonus.amount
        assert (row[col["名次奖(元)"]] is None) == (r.award is None)
        if r.award is not None:
            assert D(row[col["名次奖(元)"]]) == r.award
    # The veto column names the triggered veto for 王五 (2 客诉曝光) and nobody else.
    vetoes = {row[col["工号"]]: row[col["雷区(一票否决)"]] for row in rows}
    assert vetoes["E003"] == "客诉曝光" and not vetoes["E001"]


def test_detail_sheet_shows_every_indicators_working(report) -> None:
    path, t = report
    ws = openpyxl.load_workbook(path)["指标明细"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] and r[1]]
    expected = [(r.employee.id, i) for r in t.employees for i in r.indicators]
    assert len(rows) == len(expected) == 5 * 4
    for row, (eid, ind) in zip(rows, expected, strict=True):
        assert row[0] == eid and row[3] == ind.name
        assert row[5] == ind.applied.zh
        assert D(row[6]) == ind.points and D(row[9]) == ind.weighted
        assert D(row[8]) == ind.weight / 100
    first = next(r for r in ws.iter_rows(min_row=5) if r[3].value == "询单转化率")
    assert first[4].number_format == "0%" and D(first[4].value) == Decimal("0.8")


def test_section_sheet_has_every_subtotal_and_contribution(report) -> None:
    path, t = report
    ws = openpyxl.load_workbook(path)["考核部分小计"]
    assert [c.value for c in ws[4]] == ["工号", "姓名", "考核部分", "权重", "小计", "计入总分"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    expected = [(r.employee.id, s) for r in t.employees for s in r.sections]
    assert len(rows) == len(expected) == 5 * 2
    for row, (eid, s) in zip(rows, expected, strict=True):
        assert row[0] == eid and row[2] == s.name and D(row[3]) == s.weight / 100
        assert D(row[4]) == s.subtotal and D(row[5]) == s.weighted
    # the contributions add up to the total before adjustments
    for r in t.employees:
        assert sum(D(row[5]) for row in rows if row[0] == r.employee.id) == r.base_total


def test_working_sheet_has_every_total_coefficient_and_bonus_explained(report) -> None:
    path, t = report
    ws = openpyxl.load_workbook(path)["计算过程与评语"]
    rows = list(ws.iter_rows(min_row=5, max_row=4 + len(t.employees), values_only=True))
    for row, r in zip(rows, t.employees, strict=True):
        assert row[0] == r.employee.id and D(row[2]) == r.total
        assert row[3] == r.total_why.zh and row[4] == r.coefficient_why.zh and row[5] == r.bonus.why.zh
        assert row[6] == r.comment
    # Wrapped rows are made tall enough for their text (no reader grows them on opening).
    assert ws.row_dimensions[5].height and ws.row_dimensions[5].height >= 17


def test_grade_distribution_sheet_and_native_chart(report) -> None:
    path, t = report
    ws = openpyxl.load_workbook(path)["等级分布"]
    got = {r[0]: (r[2], D(r[3])) for r in ws.iter_rows(min_row=5, max_row=4 + len(t.distribution), values_only=True)}
    assert got == {g.label: (g.count, g.share) for g in t.distribution}
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts and "<c:barChart>" in z.read(charts[0]).decode()


def test_formats_panes_filter_and_print_setup(report) -> None:
    path, _ = report
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[4]]
    row5 = ws[5]
    assert row5[header.index("总分")].number_format == "0.00"
    assert row5[header.index("绩效奖金(元)")].number_format == "¥#,##0.00"
    assert ws.freeze_panes == "D5"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A4:")
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    # fitToWidth defaults to 1 in the file format, so xlsxwriter leaves it out
    assert (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$4:$4"
    assert "2024-05" in ws.oddHeader.center.text and "客服部 && 售后" in ws.oddHeader.center.text
    assert ws.oddFooter.right.text == "&P / &N"
    assert len(ws.conditional_formatting) >= 3
    for name in wb.sheetnames:
        assert wb[name].page_setup.orientation == "landscape"


def test_injected_formulas_stay_text(tmp_path: Path) -> None:
    t = team(names=HOSTILE)
    path = tmp_path / "r.xlsx"
    write_excel(t, meta(company="=HYPERLINK(\"http://x\")"), path)
    wb = openpyxl.load_workbook(path)
    names = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in HOSTILE.values():
                    assert cell.data_type == "s"
                    names.add(cell.value)
    assert names == set(HOSTILE.values())
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert not re.search(r"<f>|<f ", z.read(name).decode()), name


def test_english_labels(tmp_path: Path) -> None:
    path = tmp_path / "en.xlsx"
    write_excel(team(), meta(lang="en"), path)
    wb = openpyxl.load_workbook(path)
    # the test scheme's 工作态度 is rated by 自评 and 上级评: the Raters sheet follows the indicators
    assert wb.sheetnames == ["Summary", "Indicators", "Raters", "Section subtotals", "Adjustments and vetoes",
                             "Working and comments", "Grades"]
    header = [c.value for c in wb["Summary"][4]]
    assert "Total" in header and "Performance 80%" in header
    grades = [r[0] for r in wb["Grades"].iter_rows(min_row=5, max_row=9, values_only=True)]
    assert grades == ["Excellent", "Good", "Fair", "Pass", "Fail"]


def test_same_input_and_clock_give_the_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_excel(team(), meta(), a)
    write_excel(team(), meta(), b)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:  # the creation date is the run's clock, not the wall clock
        assert "2024-06-03T09:30:00Z" in z.read("docProps/core.xml").decode()
