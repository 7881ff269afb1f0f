"""run_paths / process_workbook end to end: real workbooks in, real reports and a manifest out."""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.core.numbers import fmt
from generator.pipeline import Settings, collect, process_workbook, run_paths
from generator.store.lock import LOCK_NAME
from generator.store.manifest import OWNER_NAME
from tests.report_support import presales_rows, presales_workbook

CLOCK = datetime(2024, 6, 3, 9, 30)


def settings(out: Path, **kw: object) -> Settings:
    return Settings(out_dir=out, jobs=kw.pop("jobs", 1), clock=lambda: CLOCK, **kw)  # type: ignore[arg-type]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def text_of(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(out.split())


def broken_workbook(path: Path) -> Path:
    rows = presales_rows()
    rows[1].values = {**rows[1].values, "inquiries": "很多"}  # not a number
    rows[2].values = {k: v for k, v in rows[2].values.items() if k != "response_seconds"}  # required, missing
    return presales_workbook(path, department="售后部", rows=rows)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("run")
    good = presales_workbook(root / "in" / "客服部.xlsx")
    bad = broken_workbook(root / "in" / "售后部.xlsx")
    before = {p: sha(p) for p in (good, bad)}
    summary = run_paths([root / "in"], settings(root / "out"))
    return root, good, bad, before, summary


def test_good_workbook_gets_every_report_and_bad_one_only_its_annotated_copy(run) -> None:
    root, good, bad, before, summary = run
    assert [o.path.name for o in summary.outcomes] == ["售后部.xlsx", "客服部.xlsx"]
    ok, rejected = summary.accepted, summary.rejected
    assert [o.path for o in ok] == [good] and [o.path for o in rejected] == [bad]
    assert summary.employees == 5 and summary.exit_code == 1
    folder = root / "out" / "2024-05" / "客服部"
    assert ok[0].folder == folder.resolve() or ok[0].folder == folder
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != OWNER_NAME)
    assert names == sorted(["manifest.json", "results.json", "团队汇总.pdf", "绩效考核报告.xlsx", "个人报告/张三_E001.pdf",
                            "个人报告/李四_E002.pdf", "个人报告/王五_E003.pdf", "个人报告/张三_E004.pdf",
                            "个人报告/赵六_E005.pdf"])
    # The rejected workbook: findings with cells, an annotated copy, and no report folder.
    cells = {f.cell for f in rejected[0].findings if f.severity == "error"}
    assert len(cells) >= 2
    assert rejected[0].annotated and rejected[0].annotated.parent == root / "out" / "未通过"
    assert rejected[0].annotated.is_file() and not (root / "out" / "2024-05" / "售后部").exists()
    # Inputs are never modified.
    assert {p: sha(p) for p in (good, bad)} == before


def test_manifest_hashes_the_input_and_every_output(run) -> None:
    root, good, _, _, summary = run
    folder = summary.accepted[0].folder
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["input"]["sha256"] == sha(good)
    assert manifest["scheme"] == {"id": "presales-ecommerce", "version": "2024.3",
                                  "name": manifest["scheme"]["name"]}
    assert manifest["generator"]["version"] and manifest["generated_at"] == "2024-06-03T09:30:00"
    assert len(manifest["outputs"]) == 8 and {o["kind"] for o in manifest["outputs"]} == {
        "excel", "team_pdf", "employee_pdf", "results"}
    for item in manifest["outputs"]:
        assert sha(folder / item["path"]) == item["sha256"]
    assert {o["employee_id"] for o in manifest["outputs"] if o["kind"] == "employee_pdf"} == {
        "E001", "E002", "E003", "E004", "E005"}


def test_reports_show_the_engines_numbers(run) -> None:
    _, _, _, _, summary = run
    outcome = summary.accepted[0]
    team = outcome.team
    ws = openpyxl.load_workbook(outcome.folder / "绩效考核报告.xlsx").worksheets[0]
    header = [c.value for c in ws[4]]
    rows = {r[1]: r for r in ws.iter_rows(min_row=5, max_row=4 + len(team.employees), values_only=True)}
    team_text = text_of(outcome.folder / "团队汇总.pdf")
    for r in team.employees:
        row = rows[r.employee.id]
        assert Decimal(str(row[header.index("总分")])) == r.total
        assert row[header.index("等级")] == r.grade
        pdf = next(o.path for o in outcome.outputs if o.employee_id == r.employee.id)
        text = text_of(pdf)
        assert r.employee.name in text and fmt(r.total) in text and r.grade in text
        assert r.employee.name in team_text and fmt(r.total) in team_text


def test_pool_and_single_process_give_identical_files(run, tmp_path: Path) -> None:
    root, good, _, _, summary = run
    pooled = run_paths([good], settings(tmp_path, jobs=2))
    assert pooled.exit_code == 0
    a = {o.path.relative_to(summary.accepted[0].folder): o.sha256 for o in summary.accepted[0].outputs}
    b = {o.path.relative_to(pooled.accepted[0].folder): o.sha256 for o in pooled.accepted[0].outputs}
    assert a == b


def test_hostile_names_stay_inside_the_output_folder(tmp_path: Path) -> None:
    names = {"E001": "../../../escape", "E002": '<img src="file:///etc/passwd">', "E003": "CON",
             "E004": "=HYPERLINK(\"http://x\",\"y\")", "E005": "a/b\\c"}
    wb = presales_workbook(tmp_path / "in.xlsx", department="../../部门", rows=presales_rows(names=names))
    out = tmp_path / "out"
    outcome = process_workbook(wb, settings(out))
    assert outcome.ok, [f.message for f in outcome.findings]
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p != wb and p.name not in (LOCK_NAME, OWNER_NAME)]
    assert len(files) == 9 and all(p.resolve().is_relative_to(out.resolve()) for p in files)
    for o in outcome.outputs:
        if o.kind == "employee_pdf":
            assert "root:x:0:0" not in text_of(o.path)


def test_rerun_overwrites_and_leaves_no_temp_files(run, tmp_path: Path) -> None:
    _, good, _, _, _ = run
    first = process_workbook(good, settings(tmp_path))
    second = process_workbook(good, settings(tmp_path))
    assert [o.sha256 for o in first.outputs] == [o.sha256 for o in second.outputs]
    assert not [p for p in tmp_path.rglob(".tmp-*")]


def test_two_workbooks_of_one_appraisal_conflict_instead_of_two_folders(tmp_path: Path) -> None:
    # Same team, period and scheme twice in one run: which is the revision is unknowable (issue 14).
    a = presales_workbook(tmp_path / "in" / "a.xlsx")
    b = presales_workbook(tmp_path / "in" / "b.xlsx")
    summary = run_paths([a, b], settings(tmp_path / "out"))
    assert [o.path for o in summary.accepted] == [a]
    assert [f.code for f in summary.rejected[0].findings] == ["output-conflict"]


def test_collect_skips_lock_files_hidden_files_and_the_output_folder(tmp_path: Path) -> None:
    for name in ("a.xlsx", "~$a.xlsx", ".b.xlsx", "notes.txt", "a.errors.xlsx", "m.xlsm"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "c.xlsx").write_bytes(b"x")
    assert [p.name for p in collect([tmp_path], tmp_path / "output")] == ["a.xlsx", "m.xlsm"]


def test_english_run_uses_english_names(run, tmp_path: Path) -> None:
    _, good, _, _, _ = run
    outcome = process_workbook(good, settings(tmp_path, lang="en"))
    names = sorted(p.relative_to(outcome.folder).as_posix() for p in outcome.folder.rglob("*.*"))
    assert "appraisal-report.xlsx" in names and "team-summary.pdf" in names
    assert "employees/张三_E001.pdf" in names
    assert "Total" in text_of(outcome.folder / "team-summary.pdf")


def test_a_garbage_file_does_not_stop_the_others(tmp_path: Path) -> None:
    good = presales_workbook(tmp_path / "in" / "a.xlsx")
    junk = tmp_path / "in" / "b.xlsx"
    junk.write_bytes(b"PK\x03\x04 this is not really a workbook")
    summary = run_paths([tmp_path / "in"], settings(tmp_path / "out"))
    by_name = {o.path.name: o for o in summary.outcomes}
    assert by_name["a.xlsx"].ok and by_name["a.xlsx"].path == good
    assert by_name["b.xlsx"].status in ("rejected", "failed") and by_name["b.xlsx"].findings
    assert summary.exit_code == 1


def test_rejected_workbooks_with_one_name_keep_both_annotated_copies(tmp_path: Path) -> None:
    a = broken_workbook(tmp_path / "x" / "团队.xlsx")
    b = broken_workbook(tmp_path / "y" / "团队.xlsx")
    summary = run_paths([a, b], settings(tmp_path / "out"))
    copies = [o.annotated for o in summary.rejected]
    assert len(summary.rejected) == 2 and all(copies) and len(set(copies)) == 2
    assert all(c.is_file() and c.parent == tmp_path / "out" / "未通过" for c in copies)


def test_rerun_removes_reports_of_people_no_longer_listed_but_nothing_else(tmp_path: Path) -> None:
    wb = tmp_path / "in" / "客服部.xlsx"
    presales_workbook(wb)
    first = process_workbook(wb, settings(tmp_path / "out"))
    mine = first.folder / "个人报告" / "my-notes.txt"
    mine.write_text("not ours", encoding="utf-8")
    presales_workbook(wb, rows=presales_rows()[:3])  # E004 and E005 left the team
    second = process_workbook(wb, settings(tmp_path / "out"))
    pdfs = sorted(p.name for p in (second.folder / "个人报告").glob("*.pdf"))
    assert pdfs == ["张三_E001.pdf", "李四_E002.pdf", "王五_E003.pdf"]
    assert mine.is_file()


def test_a_run_that_keeps_no_results_lets_each_team_go_once_written(tmp_path: Path) -> None:
    """`kpi-report run` without --json: memory holds one team at a time; what was written is complete."""
    seen: list[int] = []

    def subscriber(event: object) -> None:  # subscribers still get every result
        team = getattr(getattr(event, "outcome", None), "team", None)
        if team is not None:
            seen.append(len(team.employees))

    good = presales_workbook(tmp_path / "in" / "客服部.xlsx")
    summary = run_paths([good], settings(tmp_path / "out", keep_results=False, subscribers=(subscriber,)))
    outcome = summary.accepted[0]
    assert outcome.team is None and outcome.employees == 5 and seen == [5]
    written = json.loads(outcome.results.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert len(written["employees"]) == 5
    kept = run_paths([good], settings(tmp_path / "out2"))
    assert kept.accepted[0].team is not None and len(kept.accepted[0].team.employees) == 5
