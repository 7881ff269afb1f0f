"""`kpi-report archive report`: three monthly workbooks run in turn (real runs, the built-in
presales-ecommerce scheme, SQLite and PostgreSQL), then the quarter rolled up as a table, as JSON,
and as an Excel workbook (a native line chart, read back with openpyxl) and a PDF (pdftotext)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from generator.cli import app
from tests.report_support import PRESALES, presales_rows, presales_workbook

runner = CliRunner()


def month(folder: Path, period: str, drop: str = "") -> Path:
    """PRESALES, with 赵六 E005 given 张三 E001's figures (a tie for first) and `drop` absent."""
    rows = []
    for p in PRESALES:
        if p[0] == drop:
            continue
        rows.append((*p[:2], *PRESALES[0][2:]) if p[0] == "E005" else p)
    return presales_workbook(folder / f"客服部-{period}.xlsx", period=period, rows=presales_rows(rows))


def report(archive_url: str, *args: str):
    return runner.invoke(app, ["archive", "report", *args, "--archive", archive_url])


def test_three_runs_then_the_quarter_report_as_json_excel_and_pdf(tmp_path: Path, archive_url: str) -> None:
    nothing = report(archive_url, "2026Q4")
    assert nothing.exit_code == 1 and "2026Q4" in nothing.output and "kpi-report run" in nothing.output
    for period, drop in (("2026-10", ""), ("2026-11", "E004"), ("2026-12", "")):
        done = runner.invoke(app, ["run", str(month(tmp_path / "in", period, drop)), "--out", str(tmp_path / "out"),
                                   "--jobs", "1", "--archive", archive_url])
        assert done.exit_code == 0, done.output

    as_json = report(archive_url, "2026年第四季度", "--json", "--department", "客服部")
    assert as_json.exit_code == 0, as_json.output
    (team,) = json.loads(as_json.stdout)["teams"]
    assert (team["scheme"]["id"], team["score"], team["periods"]) == (
        "presales-ecommerce", "sum", ["2026-10", "2026-11", "2026-12"])
    people = {e["employee_id"]: e for e in team["employees"]}
    assert [e["employee_id"] for e in team["employees"]][:3] == ["E001", "E005", "E002"]
    assert people["E001"]["sum"] == people["E005"]["sum"] and people["E001"]["rank"] == people["E005"]["rank"] == 1
    assert [a["amount"] for a in people["E001"]["awards"]] == ["800"] == [a["amount"] for a in people["E005"]["awards"]]
    assert people["E002"]["rank"] == 3 and [a["amount"] for a in people["E002"]["awards"]] == ["300"]
    assert people["E004"]["totals"]["2026-11"] is None and people["E004"]["rank"] is None
    assert people["E004"]["missing"] == ["2026-11"]
    months = [people["E003"]["totals"][p] for p in team["periods"]]
    assert people["E003"]["sum"] == f"{sum(map(__import__('decimal').Decimal, months)):f}"

    table = report(archive_url, "2026Q4")
    assert table.exit_code == 0 and "缺" in table.output and "800" in table.output and "不参与排名" in table.output

    out = tmp_path / "rollup"
    files = report(archive_url, "2026Q4", "--out", str(out), "--lang", "en")
    assert files.exit_code == 0, files.output
    xlsx, pdf = out / "rollup-2026Q4.xlsx", out / "rollup-2026Q4.pdf"
    assert xlsx.is_file() and pdf.is_file() and not list(out.glob(".tmp-*"))

    ws = openpyxl.load_workbook(xlsx).worksheets[0]
    (chart,) = ws._charts
    assert type(chart).__name__ == "LineChart"
    values_ref = chart.series[0].val.numRef.f
    row = int(values_ref.split("$")[-1])
    assert [ws.cell(row, c).value for c in (2, 3, 4)] == [float(team["averages"][p]) for p in team["periods"]]
    cells = {(r[1], r[4 + 1]): r for r in ws.iter_rows(values_only=True)}
    assert ("E004", "missing") in cells  # November of E004: the word, never 0

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Performance Appraisal Roll-up" in text and "Q4 2026" in text
    assert "2026Q4 place 1: ¥800.00" in text and "2026Q4 place 3: ¥300.00" in text
    assert "missing 2026-11: not ranked" in text and "Each employee's totals per period" in text
    assert "600" not in text.split("Ranking over the period")[1].split("Each employee")[0]  # no second place


def test_usage_errors(archive_url: str) -> None:
    month_given = report(archive_url, "2026-10")
    assert month_given.exit_code == 2 and "2026Q4" in month_given.output
    assert report(archive_url, "下个季度").exit_code == 2
