"""`kpi-report run` as a user runs it: exit codes, the closing summary, the output folder."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from generator.cli import app
from tests.report_support import presales_rows, presales_workbook

runner = CliRunner()


def test_run_accepts_a_good_workbook(tmp_path: Path) -> None:
    wb = presales_workbook(tmp_path / "in" / "客服部.xlsx")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(wb), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "通过 1,未通过 0" in result.output and "员工 5 名" in result.output
    assert (out / "2024-05" / "客服部" / "manifest.json").is_file()


def test_run_exit_1_when_a_workbook_is_rejected_and_others_still_run(tmp_path: Path) -> None:
    presales_workbook(tmp_path / "in" / "a.xlsx")
    rows = presales_rows()
    rows[0].values = {**rows[0].values, "inquiries": "abc"}
    presales_workbook(tmp_path / "in" / "b.xlsx", department="售后部", rows=rows)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(out), "--jobs", "2", "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "1 accepted, 1 rejected" in result.output and "b.xlsx" in result.output
    assert (out / "2024-05" / "客服部" / "manifest.json").is_file()
    assert (out / "rejected" / "b-annotated.xlsx").is_file()


def test_run_usage_errors_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["run", str(tmp_path / "missing.xlsx")]).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["run", str(empty), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "没有找到" in result.output
    wb = presales_workbook(tmp_path / "x.xlsx")
    assert runner.invoke(app, ["run", str(wb), "--lang", "fr"]).exit_code == 2
