"""Every invalid sample gives exactly its expected findings; every valid sample gives none."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from generator.appraisal import appraise
from generator.core.findings import Severity
from generator.workbook import annotate, load_workbook_input

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
EXPECTED = sorted((DATA / "expected").glob("*.json"))
SAMPLES = sorted((ROOT / "sample_workbooks").glob("*.xlsx"))


def test_there_are_enough_cases() -> None:
    assert len(EXPECTED) >= 30
    assert {p.stem.split("_")[0] for p in SAMPLES} >= {"presales-ecommerce", "aftersales", "callcenter-rep", "cs-manager"}


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.stem)
def test_invalid_workbook_gives_its_findings(expected: Path, tmp_path: Path) -> None:
    case = json.loads(expected.read_text(encoding="utf-8"))
    src = DATA / case["file"]
    before = src.read_bytes()
    loaded = load_workbook_input(src, expected_period=case.get("expected_period"))
    appraisal = appraise(loaded)  # the engine's findings (and preview checks) come from computing each row once
    got = [(f.code, f.cell, f.severity.value) for f in loaded.findings]
    assert got == [(f["code"], f["cell"], f["severity"]) for f in case["findings"]]
    for f in loaded.findings:
        assert f.message and f.message_en and f.hint, f.code
        if f.cell:
            assert f.sheet and f.where == f"{f.sheet}!{f.cell}"
    if loaded.findings.errors:
        assert appraisal.team is None and not appraisal.ok
    out = annotate(loaded, tmp_path / "copy.errors.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "错误清单"
    assert wb["错误清单"].cell(4 + len(got), 7).value == (got[-1][0] if got else None)
    assert src.read_bytes() == before  # the input is never modified


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_valid_sample_has_no_findings(sample: Path) -> None:
    period = sample.stem.rsplit("_", 1)[1]  # 2026-10, or 2026Q4 for the quarterly cs-manager
    loaded = load_workbook_input(sample, expected_period=period)
    appraisal = appraise(loaded)
    assert list(loaded.findings) == []
    assert len(loaded.rows) == 8 and appraisal.ok and appraisal.team is not None
    assert [r.row for r in appraisal.team.employees] != [] and appraisal.key is not None
    assert appraisal.key.period == period and appraisal.key.scheme_id == loaded.scheme.id
    assert loaded.scheme is not None and loaded.header.scheme_id == loaded.scheme.id
    assert loaded.header.department and loaded.header.period == period
    assert all(r.employee.department == loaded.header.department for r in loaded.rows)
    assert len(loaded.sha256) == 64


def test_annotated_copy_marks_each_bad_cell_with_a_comment_and_links(tmp_path: Path) -> None:
    src = tmp_path / "team.xlsx"
    shutil.copy(DATA / "several_errors_at_once.xlsx", src)
    loaded = load_workbook_input(src)
    out = annotate(loaded, tmp_path / "team.errors.xlsx")
    wb = openpyxl.load_workbook(out)
    data = wb["考核数据"]
    for f in loaded.findings:
        cell = data[f.cell]
        assert cell.fill.fgColor.rgb.endswith("FFC7CE")
        assert f.message in cell.comment.text
    listing = wb["错误清单"]
    links = [listing.cell(r, 3).hyperlink.location for r in range(5, 5 + len(loaded.findings))]
    assert links == [f"'考核数据'!{f.cell}" for f in loaded.findings]
    assert wb["_kpi_meta"].sheet_state == "veryHidden"
    with pytest.raises(ValueError):
        annotate(loaded, src)


def test_english_messages(tmp_path: Path) -> None:
    loaded = load_workbook_input(DATA / "score_above_max.xlsx")
    (f,) = loaded.findings
    assert "outside" in f.text("en") and "超出" in f.text("zh")
    out = annotate(loaded, tmp_path / "x.errors.xlsx", lang="en")
    assert openpyxl.load_workbook(out).sheetnames[0] == "Findings"


def test_findings_are_capped_with_a_notice(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(ROOT / "sample_workbooks" / "presales-ecommerce_2026-10.xlsx")
    ws = wb["考核数据"]
    for r in range(7, 300):
        ws[f"A{r}"] = f"X{r}"
        ws[f"B{r}"] = "某人"
        for col in "EFGHIJKLM":
            ws[f"{col}{r}"] = "不知道"
    path = tmp_path / "flood.xlsx"
    wb.save(path)
    loaded = load_workbook_input(path)
    assert len(loaded.findings) == loaded.findings.limit and loaded.findings.dropped > 0
    assert not loaded.findings.ok
    out = annotate(loaded, tmp_path / "flood.errors.xlsx")
    listing = openpyxl.load_workbook(out)["错误清单"]
    assert "未列出" in str(listing.cell(5 + loaded.findings.limit + 1, 1).value)
    assert all(f.severity is Severity.ERROR for f in loaded.findings)
