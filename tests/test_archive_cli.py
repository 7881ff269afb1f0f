"""`run` archives, a closed period refuses a run, a reopened one prints what changed; the `archive` commands.

Every test runs on SQLite and on the real PostgreSQL server the session starts (fixture archive_url).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from generator.cli import app
from tests.report_support import PRESALES, presales_rows, presales_workbook

runner = CliRunner()


def _run(workbook: Path, out: Path, archive_url: str, *extra: str):
    return runner.invoke(app, ["run", str(workbook), "--out", str(out), "--jobs", "1", "--archive", archive_url, *extra])


def _json(args: list[str], archive_url: str) -> dict:
    res = runner.invoke(app, ["archive", *args, "--archive", archive_url, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_run_archives_close_refuses_reopen_shows_the_changes(tmp_path: Path, archive_url: str) -> None:
    wb = presales_workbook(tmp_path / "in" / "客服部.xlsx")
    out = tmp_path / "out"
    first = _run(wb, out, archive_url)
    assert first.exit_code == 0, first.output
    (listed,) = _json(["list"], archive_url)["periods"]
    assert (listed["period"], listed["department"], listed["revisions"], listed["closed"]) == ("2024-05", "客服部", 1, False)

    closed = runner.invoke(app, ["archive", "close", "2024年5月", "--department", "客服部", "--by", "王主管",
                                 "--archive", archive_url])
    assert closed.exit_code == 0 and "王主管" in closed.output
    report = out / "2024-05" / "客服部" / "绩效考核报告.xlsx"
    before = report.stat().st_mtime_ns
    refused = _run(wb, out, archive_url, "--json")
    assert refused.exit_code == 1
    (book,) = json.loads(refused.stdout)["workbooks"]
    assert [f["code"] for f in book["findings"]] == ["archive-period-closed"] and "王主管" in book["findings"][0]["message"]
    assert report.stat().st_mtime_ns == before  # refused before anything was rendered
    assert _json(["list"], archive_url)["periods"][0]["revisions"] == 1

    reopened = runner.invoke(app, ["archive", "reopen", "2024-05", "--department", "客服部", "--by", "王主管",
                                   "--reason", "李四的付款人数录错", "--archive", archive_url])
    assert reopened.exit_code == 0, reopened.output
    people = [tuple(p) for p in PRESALES]
    people[1] = (*people[1][:3], 190, *people[1][4:])  # 李四: 190 paying buyers instead of 160 → a new total
    fixed = presales_workbook(tmp_path / "in2" / "客服部.xlsx", rows=presales_rows(people))
    second = _run(fixed, out, archive_url)
    assert second.exit_code == 0, second.output
    assert "重新开放" in second.output and "E002" in second.output
    changes = _json(["diff", "2024-05", "--department", "客服部"], archive_url)["changes"]
    assert [(c["employee_id"], c["kind"]) for c in changes] == [("E002", "changed")]
    assert "total" in changes[0]["fields"] and changes[0]["old"]["total"] != changes[0]["new"]["total"]
    assert _json(["list"], archive_url)["periods"][0]["revisions"] == 2

    history = _json(["show", "E002"], archive_url)["periods"]
    assert [(h["period"], h["revision"]) for h in history] == [("2024-05", 2)]
    assert history[0]["result"]["total"] == changes[0]["new"]["total"]


def test_export_csv_and_xlsx_and_import_of_older_results(tmp_path: Path, archive_url: str) -> None:
    wb = presales_workbook(tmp_path / "in" / "a.xlsx", period="2024-06")
    out = tmp_path / "out"
    plain = _run(wb, out, archive_url, "--no-archive")
    assert plain.exit_code == 0
    assert _json(["list"], archive_url)["periods"] == []  # --no-archive wrote nothing
    imported = runner.invoke(app, ["archive", "import", str(out), "--archive", archive_url])
    assert imported.exit_code == 0, imported.output
    assert [p["period"] for p in _json(["list"], archive_url)["periods"]] == ["2024-06"]

    csv_path, xlsx_path = tmp_path / "e.csv", tmp_path / "e.xlsx"
    for path, fmt in ((csv_path, "csv"), (xlsx_path, "xlsx")):
        res = runner.invoke(app, ["archive", "export", "--period", "2024-06", "--format", fmt, "-o", str(path),
                                  "--archive", archive_url])
        assert res.exit_code == 0, res.output
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel and WPS read the BOM as UTF-8
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 5 and {r["工号"] for r in rows} == {"E001", "E002", "E003", "E004", "E005"}
    results = json.loads(next(out.rglob("results.json")).read_text(encoding="utf-8"))
    totals = {e["id"]: e["total"] for e in results["employees"]}
    assert {r["工号"]: r["总分"] for r in rows} == totals  # exact decimal text, as results.json
    ws = openpyxl.load_workbook(xlsx_path).active
    assert ws["A1"].value == "考核周期" and ws.max_row == 6


def test_a_damaged_archive_is_a_clear_error_and_no_report_is_lost(tmp_path: Path) -> None:
    bad = tmp_path / "archive.db"
    bad.write_bytes(b"this is not a database" * 100)
    wb = presales_workbook(tmp_path / "in" / "a.xlsx")
    res = _run(wb, tmp_path / "out", str(bad))
    assert res.exit_code == 1
    assert "archive-corrupt" in res.output or "损坏" in res.output
    assert bad.read_bytes() == b"this is not a database" * 100
    listed = runner.invoke(app, ["archive", "list", "--archive", str(bad)])
    assert listed.exit_code == 1 and "Traceback" not in listed.output


def test_the_default_archive_is_beside_the_output_folder(tmp_path: Path) -> None:
    wb = presales_workbook(tmp_path / "in" / "a.xlsx")
    res = runner.invoke(app, ["run", str(wb), "--out", str(tmp_path / "reports" / "out"), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "reports" / "archive.db").is_file()
