"""Percentages read two ways (issue 12, item 4): a warning with the cell and both readings.

In one percent column 1 → 100 %, 0.5 → 50 %, 50 → 50 %, 1.5 → 1.5 %. Alone each rule is
fine; mixed in one column, 1 and 1.5 are ambiguous and the manager must be told.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.core.findings import Severity
from generator.scheme.loader import load_builtin
from generator.workbook import load_workbook_input
from generator.workbook.normalize import ambiguous_percents
from tests.fixtures.samples import write_sample

COLUMN = "K"  # cs-manager: 客服工作计划完成率 (a percent column, 0–200 %)


def workbook_with(tmp_path: Path, typed: dict[int, object]) -> Path:
    path = write_sample(load_builtin("cs-manager"), tmp_path / "cm.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["考核数据"]
    assert "完成率" in ws[f"{COLUMN}6"].value
    for row, value in typed.items():
        ws[f"{COLUMN}{row}"].value = value
        ws[f"{COLUMN}{row}"].number_format = "General"  # pasted as plain values, as from another sheet
    wb.save(path)
    return path


def ambiguity(path: Path) -> dict[str, str]:
    loaded = load_workbook_input(path)
    found = [f for f in loaded.findings if f.code == "ambiguous-percent"]
    assert all(f.severity is Severity.WARNING for f in found)
    return {f.cell: f.message for f in found} | {f"{f.cell}:en": f.message_en for f in found}


def test_mixed_column_warns_at_1_and_1_5_with_both_readings(tmp_path: Path) -> None:
    got = ambiguity(workbook_with(tmp_path, {7: 0.5, 8: 50, 9: 1, 10: 1.5}))
    assert {k for k in got if ":" not in k} == {f"{COLUMN}9", f"{COLUMN}10"}
    assert "100%" in got[f"{COLUMN}9"] and "1%" in got[f"{COLUMN}9"]
    assert "1.5%" in got[f"{COLUMN}10"] and "150%" in got[f"{COLUMN}10"]
    assert "150%" in got[f"{COLUMN}10:en"] and "1.5%" in got[f"{COLUMN}10:en"]


def test_one_form_per_column_gives_no_warning(tmp_path: Path) -> None:
    assert ambiguity(workbook_with(tmp_path, {7: 0.5, 8: 0.95, 9: 1})) == {}
    assert ambiguity(workbook_with(tmp_path, {7: 50, 8: 95, 9: "1.5", 10: "100%"})) == {}


def test_points_column_with_a_1_is_warned(tmp_path: Path) -> None:
    got = ambiguity(workbook_with(tmp_path, {7: 95, 8: 88, 9: 1}))
    assert set(k for k in got if ":" not in k) == {f"{COLUMN}9"}


@pytest.mark.parametrize(("cells", "high", "refs"), [
    ([("A1", 0.5, False), ("A2", 1.5, False)], Decimal(1), []),  # 150 % is out of range: 1.5 can only be 1.5 %
    ([("A1", 0.5, False), ("A2", 1.5, False)], Decimal(2), ["A2"]),
    ([("A1", 0.5, False), ("A2", 1.5, True)], Decimal(2), []),  # a cell formatted as % says what it means
    ([("A1", "95", False), ("A2", 1, False)], Decimal(1), ["A2"]),
    ([("A1", "95%", False), ("A2", 1, False)], Decimal(1), []),
])
def test_rule(cells: list, high: Decimal, refs: list[str]) -> None:
    assert [a.ref for a in ambiguous_percents(cells, high)] == refs


def test_the_rule_is_written_in_the_instructions(tmp_path: Path) -> None:
    path = write_sample(load_builtin("cs-manager"), tmp_path / "cm.xlsx")
    text = " ".join(str(c.value) for row in openpyxl.load_workbook(path)["填写说明"].iter_rows() for c in row if c.value)
    assert "1.5 = 1.5%" in text and "1 = 100%" in text and "提醒" in text
