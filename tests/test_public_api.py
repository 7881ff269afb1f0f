"""The public API in generator/__init__.py, and a scheme kept outside the project through every step."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl

import generator
from generator.scheme.loader import schemes_dir
from generator.workbook.template import write_template
from tests.fixtures.samples import header_for, sample_rows

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_workbooks" / "presales-ecommerce_2026-10.xlsx"
CLI = [sys.executable, "-m", "generator.cli"]


def test_read_appraise_run_validate(tmp_path: Path) -> None:
    scheme = generator.load_scheme("presales-ecommerce")
    loaded = generator.read_workbook(SAMPLE, expected_period="2026-10")
    assert loaded.scheme == scheme and loaded.findings.ok
    appraisal = generator.appraise(loaded)
    assert appraisal.ok and len(appraisal.team.employees) == 8
    assert appraisal.key.scheme_hash == scheme.content_hash != ""
    summary = generator.run([SAMPLE], tmp_path / "out", jobs=1)
    assert summary.exit_code == 0
    ran = {r.employee.id: r.total for r in summary.outcomes[0].team.employees}
    assert ran == {r.employee.id: r.total for r in appraisal.team.employees}
    assert generator.validate([SAMPLE]).exit_code == 0


def _own_scheme(folder: Path) -> Path:
    """An organisation's own scheme: the gs-team YAML under another id and file name, one band changed."""
    text = (schemes_dir() / "gs-team.yaml").read_text(encoding="utf-8")
    assert "id: gs-team" in text
    folder.mkdir(parents=True)
    path = folder / "我们的GS组方案.yaml"
    text = re.sub(r'^version: "[^"]*"', 'version: "1.0"', text.replace("id: gs-team", "id: our-gs", 1), count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_scheme_outside_the_project_goes_through_template_fill_validate_run(tmp_path: Path) -> None:
    mine = _own_scheme(tmp_path / "org-schemes")
    work = tmp_path / "work"
    work.mkdir()
    # 1. template from the file path, in a folder far from the project
    made = subprocess.run([*CLI, "template", "--scheme", str(mine), "--period", "2026-10", "-o", "t.xlsx"],
                          cwd=work, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    # 2. fill it as a manager would (the sample rows of the scheme), keeping the template's meta sheet
    scheme = generator.load_scheme(mine)
    assert scheme.id == "our-gs"
    filled = write_template(scheme, header_for(scheme), work / "filled.xlsx", sample_rows(scheme))
    meta_made = {r[0]: r[1] for r in openpyxl.load_workbook(work / "t.xlsx")["_kpi_meta"].iter_rows(values_only=True)}
    meta_filled = {r[0]: r[1] for r in openpyxl.load_workbook(filled)["_kpi_meta"].iter_rows(values_only=True)}
    assert meta_made["scheme_hash"] == meta_filled["scheme_hash"] == scheme.content_hash
    # 3. validate: unknown without the folder; fine with --schemes-dir or --scheme PATH
    bare = subprocess.run([*CLI, "validate", "filled.xlsx", "--no-annotate"], cwd=work, capture_output=True, text=True)
    assert bare.returncode == 1 and "our-gs" in bare.stdout
    for extra in (["--schemes-dir", str(mine.parent)], ["--scheme", str(mine)]):
        ok = subprocess.run([*CLI, "validate", "filled.xlsx", *extra], cwd=work, capture_output=True, text=True)
        assert ok.returncode == 0, ok.stdout + ok.stderr
    # 4. run --json: the numbers equal the Excel report's
    ran = subprocess.run([*CLI, "run", "filled.xlsx", "--schemes-dir", str(mine.parent), "--out", "out", "--json",
                          "--jobs", "1"], cwd=work, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    doc = json.loads(ran.stdout)
    (book,) = doc["workbooks"]
    assert book["key"]["scheme_id"] == "our-gs" and book["key"]["scheme_hash"] == scheme.content_hash
    people = {e["id"]: e for e in book["employees"]}
    excel = next(Path(f["path"]) for f in book["files"] if f["kind"] == "excel")
    ws = openpyxl.load_workbook(excel).worksheets[0]
    header = [c.value for c in ws[4]]
    col = {h: i for i, h in enumerate(header)}
    rows = list(ws.iter_rows(min_row=5, max_row=4 + len(people), values_only=True))
    assert len(rows) == len(people) == 8
    for row in rows:
        e = people[row[col["工号"]]]
        assert Decimal(str(row[col["总分"]])) == Decimal(e["total"]) and row[col["等级"]] == e["grade"]
        if e["pay"]:
            assert Decimal(str(row[col["绩效奖金(元)"]])) == Decimal(e["pay"][0]["amount"])
    # 5. the scheme edited without a new version: a clear finding, never silently other numbers
    edited = mine.read_text(encoding="utf-8").replace("name: ", "name: 改 ", 1)
    mine.write_text(edited, encoding="utf-8")
    again = subprocess.run([*CLI, "validate", "filled.xlsx", "--schemes-dir", str(mine.parent), "--json",
                            "--no-annotate"], cwd=work, capture_output=True, text=True)
    assert again.returncode == 1
    codes = [f["code"] for f in json.loads(again.stdout)["workbooks"][0]["findings"]]
    assert codes == ["scheme-changed"]


def test_a_kpi_report_toml_in_the_working_folder_sets_language_and_output(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "wb.xlsx")
    (tmp_path / "kpi-report.toml").write_text('out = "reports"\nlang = "en"\njobs = 1\n', encoding="utf-8")
    ran = subprocess.run([*CLI, "run", "wb.xlsx"], cwd=tmp_path, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    assert "accepted" in ran.stdout and list((tmp_path / "reports").rglob("appraisal-report.xlsx"))
    # an option beats the file
    ran = subprocess.run([*CLI, "run", "wb.xlsx", "--lang", "zh", "--out", "zh"], cwd=tmp_path, capture_output=True,
                         text=True)
    assert ran.returncode == 0 and list((tmp_path / "zh").rglob("绩效考核报告.xlsx"))
