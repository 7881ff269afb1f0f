"""A run never removes or replaces the reports another team's or scheme's run wrote (issue 14).

Real sample workbooks, a real output folder, real rendering: the presales team's reports are
hashed before a second workbook runs into the same folder, and compared after.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from generator.pipeline import Settings, run_paths, validate_paths
from generator.store.manifest import OWNER_NAME
from generator.workbook import layout as L
from generator.workbook.reader import open_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_workbooks"
PRESALES = SAMPLES / "presales-ecommerce_2026-10.xlsx"
AFTERSALES = SAMPLES / "aftersales_2026-10.xlsx"


def settings(out: Path) -> Settings:
    return Settings(out_dir=out, jobs=2, annotate=True)


def edited(src: Path, dst: Path, change: object) -> Path:
    wb = open_workbook(src)
    change(wb[L.DATA_SHEET])  # type: ignore[operator]
    dst.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dst)
    return dst


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def presales_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Presales sample run once into a fresh folder; the test copies it before changing anything."""
    out = tmp_path_factory.mktemp("presales") / "o"
    summary = run_paths([PRESALES], settings(out))
    assert summary.exit_code == 0, [f.message for o in summary.outcomes for f in o.findings]
    folder = out / "2026-10" / "电商客服部"
    assert (folder / "manifest.json").is_file() and (folder / OWNER_NAME).is_file()
    return out, hashes(folder)


def copy_out(presales_run: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    out = tmp_path / "o"
    shutil.copytree(presales_run[0], out)
    return out


def test_other_scheme_claiming_the_same_department_leaves_presales_untouched(presales_run, tmp_path: Path) -> None:
    out = copy_out(presales_run, tmp_path)
    before = presales_run[1]
    assert sum(1 for name in before if name.startswith("个人报告/")) == 8
    other = edited(AFTERSALES, tmp_path / "in" / "aftersales.xlsx", lambda ws: ws.__setitem__("E2", "电商客服部"))
    summary = run_paths([other], settings(out))
    assert hashes(out / "2026-10" / "电商客服部") == before  # every presales file byte-identical, none removed
    outcome = summary.outcomes[0]
    if outcome.ok:  # both teams' reports present, in a folder of its own
        assert outcome.folder is not None and outcome.folder.name == "电商客服部-aftersales"
        assert sum(1 for p in outcome.folder.rglob("*.pdf")) == 1 + outcome.employees
    else:
        assert [f.code for f in outcome.findings] == ["output-conflict"]


def test_a_new_revision_of_the_same_appraisal_replaces_its_reports(presales_run, tmp_path: Path) -> None:
    out = copy_out(presales_run, tmp_path)

    def drop_last(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
        last = max(r for r in range(7, 40) if ws[f"A{r}"].value)
        for c in ws[last]:
            c.value = None

    revised = edited(PRESALES, tmp_path / "in" / "presales-revised.xlsx", drop_last)
    summary = run_paths([revised], settings(out))
    assert summary.exit_code == 0
    folder = out / "2026-10" / "电商客服部"
    assert summary.outcomes[0].folder == folder.resolve()
    after = hashes(folder)
    gone = set(presales_run[1]) - set(after)
    assert len(gone) == 1 and next(iter(gone)).startswith("个人报告/")  # the person who left lost their report
    owner = json.loads((folder / OWNER_NAME).read_text(encoding="utf-8"))
    assert owner["input_path"].endswith("presales-revised.xlsx")


def test_every_folder_taken_by_others_is_a_conflict_naming_both_files(presales_run, tmp_path: Path) -> None:
    out = copy_out(presales_run, tmp_path)
    base = out / "2026-10"
    foreign = {}
    for name in ("电商客服部-aftersales", "电商客服部-杭州云帆电子商务有限公司-aftersales"):
        (base / name).mkdir()
        (base / name / "notes.txt").write_text("somebody else's", encoding="utf-8")
        foreign[name] = hashes(base / name)
    other = edited(AFTERSALES, tmp_path / "in" / "aftersales.xlsx", lambda ws: ws.__setitem__("E2", "电商客服部"))
    summary = run_paths([other], settings(out))
    assert summary.exit_code == 1
    finding = next(f for f in summary.outcomes[0].findings if f.code == "output-conflict")
    assert str(PRESALES) in finding.message and "aftersales.xlsx" in finding.message
    assert hashes(base / "电商客服部") == presales_run[1]
    assert all(hashes(base / name) == h for name, h in foreign.items())


def test_lost_department_rejects_instead_of_a_placeholder_folder(tmp_path: Path) -> None:
    empty = edited(PRESALES, tmp_path / "in" / "empty.xlsx", lambda ws: ws.__setitem__("E2", None))
    merged = edited(PRESALES, tmp_path / "in" / "merged.xlsx", lambda ws: ws.merge_cells("D2:F2"))
    dots = edited(PRESALES, tmp_path / "in" / "dots.xlsx", lambda ws: ws.__setitem__("E2", "../.."))
    summary = run_paths([empty, merged, dots], settings(tmp_path / "o"))
    assert summary.exit_code == 1 and not summary.accepted
    for outcome in summary.outcomes:
        assert ("department-missing", "E2") in [(f.code, f.cell) for f in outcome.findings], outcome.path
    assert not (tmp_path / "o" / "2026-10").exists()


def test_rows_inserted_above_the_header_block_are_found_where_they_are(tmp_path: Path) -> None:
    shifted = edited(PRESALES, tmp_path / "in" / "shifted.xlsx", lambda ws: ws.insert_rows(1, 2))
    summary = validate_paths([shifted], Settings(out_dir=tmp_path / "o", annotate=False))
    findings = [(f.code, f.cell, f.severity.value) for f in summary.outcomes[0].findings]
    assert ("header-block-moved", "A4", "warning") in findings  # 公司 label, two rows down
    assert ("header-moved", "A8", "warning") in findings
    assert summary.outcomes[0].ok and summary.outcomes[0].key is not None
    assert summary.outcomes[0].key.department == "电商客服部" and summary.outcomes[0].key.period == "2026-10"
