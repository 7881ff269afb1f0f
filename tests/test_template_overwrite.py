"""`template` never replaces a workbook someone typed figures into (issue 12, item 3)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from generator.cli import app
from generator.workbook import layout as L
from generator.workbook.existing import filled_rows

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
SAMPLE = ROOT / "sample_workbooks" / "presales-ecommerce_2026-10.xlsx"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _template(out: Path, *extra: str) -> object:
    return runner.invoke(app, ["template", "--scheme", "presales-ecommerce", "--period", "2026-10", "-o", str(out),
                               *extra])


def test_a_filled_workbook_is_kept_unless_forced(tmp_path: Path) -> None:
    filled = tmp_path / "filled.xlsx"
    shutil.copy(SAMPLE, filled)
    before = _digest(filled)
    rows = filled_rows(filled)
    assert rows is not None and rows > 0
    res = _template(filled)
    assert res.exit_code == 1
    assert f"{rows} 名员工" in res.output and "--force" in res.output and "template-target-occupied" in res.output
    assert _digest(filled) == before
    forced = _template(filled, "--force")
    assert forced.exit_code == 0 and _digest(filled) != before and filled_rows(filled) == 0


def test_an_empty_template_may_be_written_again(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert _template(out).exit_code == 0
    assert filled_rows(out) == 0
    assert _template(out).exit_code == 0


def test_one_typed_figure_is_enough_to_keep_the_file(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert _template(out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb[L.DATA_SHEET]
    ws.cell(row=L.FIRST_DATA_ROW + 3, column=6, value=42)  # an input column, not 工号/姓名
    wb.save(out)
    assert filled_rows(out) == 1
    res = _template(out, "--lang", "en")
    assert res.exit_code == 1 and "holds data of 1 employees" in res.output


def test_a_file_of_someone_else_is_never_replaced(tmp_path: Path) -> None:
    other = tmp_path / "budget.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "预算"
    wb.save(other)
    before = _digest(other)
    assert _template(other).exit_code == 1 and _digest(other) == before


def test_roster_templates_write_nothing_when_one_target_holds_data(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("工号,姓名,岗位,部门\nA1,张三,客服,一组\nB1,李四,客服,二组\n", encoding="utf-8")
    folder = tmp_path / "teams"
    first = runner.invoke(app, ["template", "--scheme", "presales-ecommerce", "--period", "2026-10", "--roster",
                                str(roster), "-o", str(folder)])
    assert first.exit_code == 0, first.output
    made = sorted(folder.glob("*.xlsx"))
    assert len(made) == 2 and all(filled_rows(p) == 0 for p in made)  # names from a roster are not typed figures
    wb = openpyxl.load_workbook(made[0])
    wb[L.DATA_SHEET].cell(row=L.FIRST_DATA_ROW, column=6, value=7)
    wb.save(made[0])
    digests = {p: _digest(p) for p in made}
    again = runner.invoke(app, ["template", "--scheme", "presales-ecommerce", "--period", "2026-10", "--roster",
                                str(roster), "-o", str(folder)])
    assert again.exit_code == 1 and made[0].name in again.output
    assert {p: _digest(p) for p in made} == digests  # not even the untouched one was rewritten
