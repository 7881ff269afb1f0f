"""Periods beyond the month through the commands: --period in every spelling (a bad one is a usage error
listing the accepted forms), a quarterly scheme's template, and a quarterly cs-manager workbook run with
--period 2026Q4 through output folder, results.json, PDFs and the archive (SQLite and PostgreSQL); the
26–25 GS组 scheme prints its date range on every report."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.scheme.loader import load_builtin
from generator.workbook import layout as L
from generator.workbook.template import write_template
from tests.fixtures.samples import header_for, sample_rows

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
GS_SAMPLE = ROOT / "sample_workbooks" / "gs-team_2026-10.xlsx"


def pdftotext(path: Path) -> str:
    return "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


@pytest.mark.parametrize("typed", ["2026-10", "2026年10月", "2026/10", "202610", "２０２６－１０"])
def test_validate_accepts_every_spelling_of_the_month(tmp_path: Path, typed: str) -> None:
    res = runner.invoke(app, ["validate", str(GS_SAMPLE), "--period", typed, "--json", "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    (book,) = json.loads(res.stdout)["workbooks"]
    assert book["findings"] == []


@pytest.mark.parametrize("command", ["run", "validate"])
def test_a_bad_period_is_a_usage_error_listing_the_forms(tmp_path: Path, command: str) -> None:
    res = runner.invoke(app, [command, str(GS_SAMPLE), "--period", "2026-13", "-o", str(tmp_path / "out")])
    assert res.exit_code == 2
    flat = "".join(res.output.split())
    assert "2026-13" in flat and "2026Q4" in flat and "2026年第四季度" in flat and "2026H2" in flat and "2026年度" in flat
    assert not (tmp_path / "out").exists()


def test_the_other_kind_in_validate_is_a_period_mismatch(tmp_path: Path) -> None:
    res = runner.invoke(app, ["validate", str(GS_SAMPLE), "--period", "2026年第四季度", "--json", "-o", str(tmp_path)])
    assert res.exit_code == 1
    (book,) = json.loads(res.stdout)["workbooks"]
    assert [(f["code"], f["value"]) for f in book["findings"]] == [("period-mismatch", "2026-10")]
    assert "2026Q4" in book["findings"][0]["message"]


def test_template_of_a_quarterly_scheme(tmp_path: Path) -> None:
    res = runner.invoke(app, ["template", "--scheme", "cs-manager", "--period", "2026年第四季度", "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    path = tmp_path / "cs-manager_2026Q4.xlsx"
    assert openpyxl.load_workbook(path)[L.DATA_SHEET]["E3"].value == "2026Q4"

    month = runner.invoke(app, ["template", "--scheme", "cs-manager", "--period", "2026-11", "-o", str(tmp_path / "m.xlsx")])
    assert month.exit_code == 2 and not (tmp_path / "m.xlsx").exists()
    flat = "".join(month.output.split())
    assert "季度" in flat and "2026Q4" in flat  # the quarter holding 2026-11, as the way to write it
    bad = runner.invoke(app, ["template", "--scheme", "gs-team", "--period", "下个月", "-o", str(tmp_path / "b.xlsx")])
    assert bad.exit_code == 2 and "2026年10月" in "".join(bad.output.split())


def test_a_quarterly_workbook_runs_through_to_the_archive(tmp_path: Path, archive_url: str) -> None:
    scheme = load_builtin("cs-manager")
    assert header_for(scheme).period == "2026Q4"
    workbook = tmp_path / "in" / "客服中心.xlsx"
    workbook.parent.mkdir()
    write_template(scheme, header_for(scheme), workbook, sample_rows(scheme, 3))
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(workbook), "--out", str(out), "--jobs", "1", "--period", "2026年第四季度",
                              "--archive", archive_url, "--json"])
    assert res.exit_code == 0, res.output
    (book,) = json.loads(res.stdout)["workbooks"]
    assert book["status"] == "accepted"
    folder = out / "2026Q4" / "客服中心"
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert results["key"]["period"] == "2026Q4" and results["key"]["scheme_id"] == "cs-manager"
    pdfs = sorted((folder / "个人报告").glob("*.pdf"))
    assert len(pdfs) == 3
    for pdf in [*pdfs, folder / "团队汇总.pdf"]:
        text = pdftotext(pdf)
        assert "2026年第4季度(2026-10-01至2026-12-31)" in text, text[:300]
    sheet = openpyxl.load_workbook(folder / "绩效考核报告.xlsx").worksheets[0]
    assert "2026年第4季度(2026-10-01 至 2026-12-31)" in sheet["A1"].value

    listed = runner.invoke(app, ["archive", "list", "--archive", archive_url, "--json"])
    assert listed.exit_code == 0, listed.output
    (row,) = json.loads(listed.stdout)["periods"]
    assert (row["period"], row["department"], row["revisions"]) == ("2026Q4", "客服中心", 1)
    shown = runner.invoke(app, ["archive", "show", "CM1001", "--archive", archive_url, "--json"])
    assert shown.exit_code == 0, shown.output
    assert [p["period"] for p in json.loads(shown.stdout)["periods"]] == ["2026Q4"]


def test_the_26_to_25_scheme_prints_its_date_range(tmp_path: Path) -> None:
    gs = load_builtin("gs-team")
    workbook = write_template(gs, header_for(gs), tmp_path / "gs.xlsx", sample_rows(gs, 2))
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(workbook), "--out", str(out), "--jobs", "1", "--no-archive", "--period", "2026年10月"])
    assert res.exit_code == 0, res.output
    folder = out / "2026-10" / "GS组"
    for pdf in [next((folder / "个人报告").glob("*.pdf")), folder / "团队汇总.pdf"]:
        assert "2026年10月(2026-09-26至2026-10-25)" in pdftotext(pdf)
    sheet = openpyxl.load_workbook(folder / "绩效考核报告.xlsx").worksheets[0]
    assert "2026年10月(2026-09-26 至 2026-10-25)" in sheet["A1"].value
