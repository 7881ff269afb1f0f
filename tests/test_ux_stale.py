"""Stale files in the output folder (issue 12, item 7).

After a rejected workbook is fixed and accepted, its annotated copy goes; when a newer version
of a workbook is rejected, the folder holding the earlier version's reports says so (a note file)
and so does the run's summary.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from generator.pipeline import Settings, run_paths
from tests.report_support import presales_rows, presales_workbook

CLOCK = datetime(2024, 6, 3, 9, 30)


def settings(out: Path, lang: str = "zh") -> Settings:
    return Settings(out_dir=out, jobs=1, clock=lambda: CLOCK, lang=lang)


def good(path: Path) -> Path:
    return presales_workbook(path)


def bad(path: Path) -> Path:
    rows = presales_rows()
    rows[1].values = {**rows[1].values, "inquiries": "很多"}  # not a number
    return presales_workbook(path, rows=rows)


def test_fixing_a_rejected_workbook_removes_its_annotated_copy(tmp_path: Path) -> None:
    out, wb = tmp_path / "out", tmp_path / "team.xlsx"
    first = run_paths([bad(wb)], settings(out))
    assert first.outcomes[0].status == "rejected"
    annotated = out / "未通过" / "team-批注.xlsx"
    assert annotated.is_file()
    second = run_paths([good(wb)], settings(out))
    assert second.outcomes[0].status == "accepted"
    assert not annotated.exists()


def test_a_rejected_newer_version_marks_the_old_reports_stale(tmp_path: Path) -> None:
    out, wb = tmp_path / "out", tmp_path / "team.xlsx"
    accepted = run_paths([good(wb)], settings(out)).outcomes[0]
    folder = accepted.folder
    assert folder is not None
    pdfs = sorted(folder.rglob("*.pdf"))
    rejected = run_paths([bad(wb)], settings(out)).outcomes[0]
    assert rejected.status == "rejected"
    note = folder / "注意-报告来自较早版本.txt"
    assert note.is_file()
    text = note.read_text(encoding="utf-8")
    assert "team.xlsx" in text and "未通过" in text and "较早的版本" in text
    stale = [f for f in rejected.findings if f.code == "stale-reports"]
    assert len(stale) == 1 and str(folder) in stale[0].message and stale[0].severity.value == "warning"
    assert sorted(folder.rglob("*.pdf")) == pdfs  # the old reports stay, clearly marked
    again = run_paths([good(wb)], settings(out)).outcomes[0]
    assert again.status == "accepted" and not note.exists()


def test_the_summary_says_so(tmp_path: Path) -> None:
    from rich.console import Console

    from generator.commands.printing import print_summary

    out, wb = tmp_path / "out", tmp_path / "team.xlsx"
    run_paths([good(wb)], settings(out, "en"))
    summary = run_paths([bad(wb)], settings(out, "en"))
    console = Console(record=True, width=200)
    print_summary(console, summary, "en", "run")
    printed = console.export_text()
    assert "earlier version" in printed and "NOTE-reports-from-an-earlier-version.txt" in printed
