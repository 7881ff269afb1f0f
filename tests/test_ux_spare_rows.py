"""A roster template has spare rows (issue 12, item 6): a new hire can be added under protection."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from generator.scheme.loader import load_builtin
from generator.workbook import layout as L
from generator.workbook import load_workbook_input
from generator.workbook.team_templates import write_team_templates
from generator.workbook.template import HeaderInfo
from tests.report_support import presales_rows

SCHEME = load_builtin("presales-ecommerce")


def roster_template(tmp_path: Path, **kwargs: object) -> Path:
    roster = tmp_path / "名单.csv"
    roster.write_text("工号,姓名,岗位,部门\nA1,张伟,客服,售前一组\nA2,王芳,客服,售前一组\nA3,李娜,组长,售前一组\n",
                      encoding="utf-8")
    written, findings = write_team_templates(SCHEME, roster, tmp_path / "out", HeaderInfo("2024-05", company="某公司"),
                                             **kwargs)  # type: ignore[arg-type]
    assert findings == [] and len(written) == 1
    return written[0].path


def test_roster_template_leaves_spare_unlocked_validated_rows(tmp_path: Path) -> None:
    path = roster_template(tmp_path)
    ws = openpyxl.load_workbook(path)[L.DATA_SHEET]
    first = L.FIRST_DATA_ROW
    assert [ws[f"A{first + i}"].value for i in range(4)] == ["A1", "A2", "A3", None]
    assert ws.protection.sheet
    letters = L.letters(SCHEME)
    for r in range(first + 3, first + 3 + L.SPARE_ROWS):
        for key in ("id", "name", "inquiries"):
            assert ws[f"{letters[key]}{r}"].protection.locked is False, (key, r)
    spare_last = first + 3 + L.SPARE_ROWS - 1
    ranges = [str(dv.sqref) for dv in ws.data_validations.dataValidation]
    assert any(f"{spare_last}" in rng for rng in ranges), ranges


def test_spare_rows_are_configurable(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(roster_template(tmp_path, spare_rows=2))[L.DATA_SHEET]
    letters = L.letters(SCHEME)
    last = L.FIRST_DATA_ROW + 3 + 2 - 1
    assert ws[f"{letters['id']}{last}"].protection.locked is False
    assert ws[f"{letters['id']}{last + 1}"].protection.locked is not False


def test_a_new_hire_in_a_spare_row_is_read_and_empty_spares_are_ignored(tmp_path: Path) -> None:
    path = roster_template(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[L.DATA_SHEET]
    letters = L.letters(SCHEME)
    people = presales_rows()[:4]
    for i, person in enumerate(people):
        r = L.FIRST_DATA_ROW + i
        if i == 3:  # the new hire, typed into the first spare row
            ws[f"{letters['id']}{r}"].value, ws[f"{letters['name']}{r}"].value = "A4", "新同事"
        for key, value in person.values.items():
            if key in letters:
                ws[f"{letters[key]}{r}"].value = float(value) if not isinstance(value, int) else value
    wb.save(path)
    loaded = load_workbook_input(path)
    assert [f.code for f in loaded.findings if f.severity.value == "error"] == []
    assert [r.employee.id for r in loaded.rows] == ["A1", "A2", "A3", "A4"]
