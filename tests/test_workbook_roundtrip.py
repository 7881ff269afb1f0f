"""Template → filled by a script (as a manager's Excel would) → validate → no findings, same Decimals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.engine import compute
from generator.scheme.loader import load_builtin
from generator.scheme.model import InputKind
from generator.workbook import layout as L
from generator.workbook import load_workbook_input
from generator.workbook.normalize import parse_cell, parse_period
from generator.workbook.preview import total_formula
from generator.workbook.template import HeaderInfo, write_template

PRESALES = {"paid_buyers": 450, "inquiries": "６００", "orders_placed": "1,000", "orders_paid": 930,
            "cs_order_value": "¥220.50", "shop_order_value": 200, "received": 800, "replied": "800",
            "response_seconds": "28秒", "task_score": "9分", "attitude_score": 5, "late_times": "\u200b1",
            "leave_days": 0.5, "tip_fives": None, "sales_amount": "128,000.00",
            "surveyed": "120", "satisfied": 114}


def _fill(path: Path, rows: list[dict[str, object]], ids: list[str]) -> None:
    scheme = load_builtin("presales-ecommerce")
    letters = L.letters(scheme)
    wb = openpyxl.load_workbook(path)
    ws = wb[L.DATA_SHEET]
    for i, (values, emp_id) in enumerate(zip(rows, ids, strict=True)):
        r = L.FIRST_DATA_ROW + i
        ws[f"{letters['id']}{r}"] = emp_id
        ws[f"{letters['name']}{r}"] = f"员工{i}"
        for key, v in values.items():
            ws[f"{letters[key]}{r}"] = v
    wb.save(path)


def test_template_filled_by_a_script_validates_clean(tmp_path: Path) -> None:
    scheme = load_builtin("presales-ecommerce")
    path = write_template(scheme, HeaderInfo("2026-10", "某公司", "客服部", "王经理"), tmp_path / "t.xlsx")
    _fill(path, [PRESALES, {**PRESALES, "inquiries": 600, "orders_placed": 1000}], ["E1", "E2"])
    loaded = load_workbook_input(path, expected_period="2026-10")
    assert list(loaded.findings) == []
    a, b = loaded.rows
    assert a.values == b.values  # "６００" reads as 600, "1,000" as 1000
    assert a.values["cs_order_value"] == Decimal("220.50") and a.values["late_times"] == 1
    assert a.values["response_seconds"] == 28 and a.values["leave_days"] == Decimal("0.5")
    assert a.values["tip_fives"] is None
    assert compute(scheme, a).total == compute(scheme, b).total


@pytest.mark.parametrize("typed", ["95%", "95", 95, 0.95, "0.95", "９５％", "95分", " 95 % ", "\u00a095%"])
def test_each_accepted_percent_form_reads_as_the_same_decimal(typed: object) -> None:
    assert parse_cell(typed, InputKind.PERCENT).value == Decimal("0.95")


def test_percent_cell_formatted_as_percent_is_already_a_fraction() -> None:
    assert parse_cell(1.09, InputKind.PERCENT, percent_format=True).value == Decimal("1.09")
    assert parse_cell(1.09, InputKind.PERCENT).value == Decimal("0.0109")  # General cell: percent points


def test_a_percent_typed_each_way_in_the_template_reads_the_same(tmp_path: Path) -> None:
    scheme = load_builtin("aftersales")
    path = write_template(scheme, HeaderInfo("2026-10", department="售后服务部"), tmp_path / "a.xlsx")
    letters = L.letters(scheme)
    wb = openpyxl.load_workbook(path)
    ws = wb[L.DATA_SHEET]
    forms = [0.95, "95%", "９５％", "95", 95]  # 95 in a % cell is what a paste of values gives
    for i, form in enumerate(forms):
        r = L.FIRST_DATA_ROW + i
        for col in scheme.columns():
            ws[f"{letters[col.key]}{r}"] = {InputKind.LEVEL: 3, InputKind.PERCENT: 0.9}.get(col.kind, 1)
        ws[f"{letters['key_visits_planned']}{r}"] = 10
        ws[f"A{r}"], ws[f"B{r}"] = f"E{i}", "某人"
        ws[f"{letters['process_rate']}{r}"] = form
    wb.save(path)
    loaded = load_workbook_input(path)
    assert list(loaded.findings) == []
    assert [row.values["process_rate"] for row in loaded.rows] == [Decimal("0.95")] * len(forms)


def test_texts_people_type_for_nothing_and_wrong_types() -> None:
    assert parse_cell("—", InputKind.COUNT).value is None
    assert parse_cell("三级", InputKind.LEVEL).value == 3
    assert parse_cell("1,234.5", InputKind.MONEY).value == Decimal("1234.5")
    assert parse_cell(True, InputKind.COUNT).problem == "wrong-type"
    assert parse_cell(dt.datetime(2026, 1, 2), InputKind.NUMBER).problem == "date-in-number"
    assert parse_cell(46300, InputKind.NUMBER, num_fmt_id=57).problem == "date-in-number"  # 2026年10月 in zh-CN Excel
    assert parse_cell(2.5, InputKind.COUNT).problem == "not-whole-number"


@pytest.mark.parametrize("raw,fmt,want", [
    ("2026-10", 0, "2026-10"), ("2026年10月", 0, "2026-10"), ("２０２６／１０", 0, "2026-10"), (202610, 0, "2026-10"),
    (dt.datetime(2026, 10, 1), 14, "2026-10"), (46296, 57, "2026-10"), (46296, 31, "2026-10"), ("十月", 0, None),
    ("2026-13", 0, None),
])
def test_period_forms(raw: object, fmt: int, want: str | None) -> None:
    assert parse_period(raw, fmt) == want


def test_east_asian_date_in_the_period_cell_is_read(tmp_path: Path) -> None:
    from tests.fixtures.samples import write_sample

    path = write_sample(load_builtin("presales-ecommerce"), tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    cell = wb[L.DATA_SHEET]["E3"]
    cell.value = 46296  # 2026-10-01 as Excel stores it; openpyxl does not know numFmt 57 is a date
    cell.number_format = 'yyyy"年"m"月"'
    wb.save(path)
    wb = openpyxl.load_workbook(path)
    wb[L.DATA_SHEET]["E3"]._style.numFmtId = 57  # the built-in zh-CN id, as Excel writes it
    wb.save(path)
    loaded = load_workbook_input(path, expected_period="2026-10")
    assert loaded.header.period == "2026-10"
    assert list(loaded.findings) == []


def test_template_structure(tmp_path: Path) -> None:
    scheme = load_builtin("callcenter-rep")
    path = write_template(scheme, HeaderInfo("2026-10", department="呼叫中心"), tmp_path / "c.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [L.INSTRUCTIONS_SHEET, L.DATA_SHEET, L.META_SHEET]
    assert wb[L.META_SHEET].sheet_state == "veryHidden"
    assert wb.defined_names[L.NAME_SCHEME_ID].attr_text == '"callcenter-rep"'
    ws = wb[L.DATA_SHEET]
    assert ws.protection.sheet and ws.freeze_panes == "C7"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    headers = [c.value for c in ws[L.HEADER_ROW]]
    assert headers[:4] == ["工号", "姓名", "岗位", "邮箱"] and headers[-1] == "预览总分(仅供参考)"
    # callcenter-rep asks its bottom three for a 整改方案: the plan columns sit between 备注 and the preview
    assert headers[headers.index("备注") + 1:-1] == ["改进目标", "改进措施", "完成期限", "方案提交日期", "面谈日期", "面谈人", "员工陈述"]
    assert ws["E7"].protection.locked is False and ws["E2"].protection.locked is False
    assert ws["E4"].protection.locked is not False  # the scheme id cannot be typed over
    preview = ws.cell(L.FIRST_DATA_ROW, len(headers)).value
    assert preview == total_formula(scheme, lambda k: f"{L.letters(scheme)[k]}7")
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"whole", "decimal"} <= kinds
    assert not any("上级" in str(h) for h in headers)  # callcenter-rep 2026.1 has no raters (its seed's weights are missing)
    # the raters of aftersales (001 自评/上级) enter levels: one column each, a 1–5 list
    after = openpyxl.load_workbook(write_template(load_builtin("aftersales"), HeaderInfo("2026-10"), tmp_path / "a.xlsx"))
    rated = after[L.DATA_SHEET]
    after_headers = [c.value for c in rated[L.HEADER_ROW]]
    assert after_headers[12:14] == ["以客户为中心-自评(级)", "以客户为中心-上级(级)"]
    lists = [dv for dv in rated.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 10 and all(dv.formula1 == '"1,2,3,4,5"' for dv in lists)
