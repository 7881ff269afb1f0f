"""`kpi-report template --lang en`: an English input workbook, read exactly as a Chinese one is.

An English template names its sheets Instructions and Data and writes every label, header, step and
validation message in English; the only Chinese left is what the user or the scheme supplied without an
English form (company and department names, a scheme's Chinese-only help and quotes in its notes).
Filled with the same figures as a Chinese template it gives the same scores; a bad cell is found on the
Data sheet and marked there in the annotated copy.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.scheme.registry import SchemeRegistry
from generator.workbook import annotate, load_workbook_input
from generator.workbook import layout as L
from generator.workbook.template import write_template
from tests.fixtures.samples import header_for, sample_rows

runner = CliRunner()
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
SCHEMES = SchemeRegistry.from_dirs()
COMPANY, DEPARTMENT = "杭州云帆电子商务有限公司", "售后服务部"


def _template(tmp_path: Path, name: str, *extra: str, scheme: str = "aftersales") -> Path:
    out = tmp_path / name
    res = runner.invoke(app, ["template", "--scheme", scheme, "--period", "2026-10", "--out", str(out),
                              "--company", COMPANY, "--department", DEPARTMENT, *extra])
    assert res.exit_code == 0, res.output
    return out


def _texts(path: Path) -> list[tuple[str, str, str]]:
    """(sheet, where, text) of every word a manager can see: cells, validation messages, page header and footer."""
    wb = openpyxl.load_workbook(path)
    found = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        found += [(ws.title, c.coordinate, c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        for dv in ws.data_validations.dataValidation:
            found += [(ws.title, f"validation {dv.sqref}", x) for x in (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error)
                      if x]
        found += [(ws.title, "page", part.text) for part in (ws.oddHeader.left, ws.oddHeader.right, ws.oddFooter.center)
                  if part.text]
    return found


def test_english_template_is_english(tmp_path: Path) -> None:
    scheme = SCHEMES.get("aftersales")
    path = _template(tmp_path, "t.xlsx", "--lang", "en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Instructions", "Data", L.META_SHEET] and wb.active.title == "Data"
    ws = wb["Data"]
    assert ws["A1"].value == "After-sales service, monthly appraisal — Appraisal data"
    assert [ws["A2"].value, ws["D2"].value, ws["A3"].value, ws["D3"].value, ws["A4"].value, ws["D4"].value] == [
        "Company", "Department", "Manager", "Period", "Scheme", "Scheme id / version"]
    assert ws["B4"].value == "After-sales service, monthly appraisal" and ws["E4"].value == "aftersales 2026.1"
    heads = [c.value for c in ws[L.HEADER_ROW] if c.value is not None]
    assert heads == [f.header_en for f in L.fields(scheme)]
    assert heads[:4] == ["Employee ID", "Name", "Position", "E-mail"] and heads[-1] == "Preview total (for reference)"
    assert "Service process completion (%)" in heads and "New customers by referral (count)" in heads
    assert ws[f"A{L.HEADER_ROW - 1}"].value.startswith("Fill in the yellow cells")
    steps = [row[0] for row in wb["Instructions"].iter_rows(min_row=1, max_row=14, values_only=True) if row[0]]
    assert steps[0] == "After-sales service, monthly appraisal — How to fill in this workbook"
    assert steps[1].startswith("Scheme: aftersales  Version: 2026.1  Period: 2026-10  October 2026")
    assert steps[2].startswith("1. Type only in the yellow cells of the Data sheet")
    assert steps[10].startswith("9. This is a monthly scheme: write the Period as 2026-10 (that is, October 2026).")
    chinese = [(sheet, where, text) for sheet, where, text in _texts(path) if CJK.search(text)]
    assert {text for _, _, text in chinese} == {COMPANY, DEPARTMENT} | {
        text for sheet, _, text in chinese if sheet == "Instructions" and text in scheme.notes}
    assert {where for sheet, where, _ in chinese if sheet == "Data"} == {"B2", "E2"}


@pytest.mark.parametrize("scheme_id", SCHEMES.ids())
def test_every_built_in_scheme_has_an_english_template(tmp_path: Path, scheme_id: str) -> None:
    """Sample data, steps 9 and 10 (period kinds, cut-off days, improvement plans), every unit and kind."""
    scheme = SCHEMES.get(scheme_id)
    rows = sample_rows(scheme)
    header = header_for(scheme)
    path = write_template(scheme, header, tmp_path / "t.xlsx", rows, lang="en")
    supplied = {v for r in rows for v in (r.employee.name, r.employee.position, r.comment, *r.values.values())
                if isinstance(v, str)} | {header.company, header.department, header.manager}
    allowed = supplied | ({scheme.name} if not scheme.name_en else set())
    bad = [(sheet, where, text) for sheet, where, text in _texts(path)
           if CJK.search(text) and text not in allowed and not (sheet == "Instructions" and text in scheme.notes)]
    assert bad == []
    loaded = load_workbook_input(path, schemes=SCHEMES)
    assert loaded.sheet == "Data" and loaded.rows and not loaded.findings.errors


def test_chinese_stays_the_default_and_the_configuration_can_choose_english(tmp_path: Path) -> None:
    zh = openpyxl.load_workbook(_template(tmp_path, "zh.xlsx"))
    assert zh.sheetnames == [L.INSTRUCTIONS_SHEET, L.DATA_SHEET, L.META_SHEET]
    assert zh[L.DATA_SHEET]["A2"].value == "公司" and zh[L.DATA_SHEET]["A1"].value == "售后服务月度绩效考核 — 考核数据"
    config = tmp_path / "kpi-report.toml"
    config.write_text('lang = "en"\n', encoding="utf-8")
    en = openpyxl.load_workbook(_template(tmp_path, "en.xlsx", "--config", str(config)))
    assert en.sheetnames == ["Instructions", "Data", L.META_SHEET] and en["Data"]["A2"].value == "Company"


def _fill(path: Path, scheme_id: str) -> None:
    """Type the sample figures into a blank template, by header, as a manager's Excel would."""
    scheme = SCHEMES.get(scheme_id)
    wb = openpyxl.load_workbook(path)
    ws = wb[L.find_data_sheet(wb.sheetnames) or ""]
    letters = L.letters(scheme)
    for i, row in enumerate(sample_rows(scheme)):
        r = L.FIRST_DATA_ROW + i
        e = row.employee
        cells = {"id": e.id, "name": e.name, "position": e.position, "email": e.email, "comment": row.comment,
                 **row.values}
        for key, value in cells.items():
            if isinstance(value, Decimal):
                value = float(value) if value % 1 else int(value)
            elif isinstance(value, dt.date):
                value = dt.datetime(value.year, value.month, value.day)
            if value not in (None, ""):
                ws[f"{letters[key]}{r}"] = value
    wb.save(path)


def _validate(path: Path) -> dict:
    res = runner.invoke(app, ["validate", str(path), "--json", "--no-annotate"])
    assert res.exit_code == 0, res.output
    (workbook,) = json.loads(res.stdout)["workbooks"]
    return workbook


def test_a_filled_english_workbook_scores_as_the_chinese_one(tmp_path: Path) -> None:
    zh, en = _template(tmp_path, "zh.xlsx"), _template(tmp_path, "en.xlsx", "--lang", "en")
    for path in (zh, en):
        _fill(path, "aftersales")
    a, b = _validate(zh), _validate(en)
    assert a["ok"] and b["ok"] and a["findings"] == b["findings"] == []
    assert len(a["employees"]) == 8 and a["employees"] == b["employees"]
    # run: both accepted, the same totals in the two departments' results
    (tmp_path / "in").mkdir()
    zh.rename(tmp_path / "in" / "zh.xlsx")
    book = openpyxl.load_workbook(en)
    book["Data"]["E2"] = "After-sales 2"  # another department, so the two teams are filed apart
    book.save(tmp_path / "in" / "en.xlsx")
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(out), "--jobs", "1", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "2 accepted, 0 rejected" in res.output
    results = {}
    for dept in (DEPARTMENT, "After-sales 2"):
        people = json.loads((out / "2026-10" / dept / "results.json").read_text(encoding="utf-8"))["employees"]
        results[dept] = [{k: e[k] for k in ("id", "name", "indicators", "sections", "total", "grade", "coefficient",
                                            "pay_total", "rank")} for e in people]
    assert results[DEPARTMENT] == results["After-sales 2"] and len(results[DEPARTMENT]) == 8
    assert len({e["total"] for e in results[DEPARTMENT]}) > 1  # real, differing scores


def test_a_bad_cell_in_an_english_workbook_is_found_and_marked_on_the_data_sheet(tmp_path: Path) -> None:
    path = _template(tmp_path, "en.xlsx", "--lang", "en")
    _fill(path, "aftersales")
    scheme = SCHEMES.get("aftersales")
    where = f"{L.letters(scheme)['process_rate']}{L.FIRST_DATA_ROW + 2}"
    wb = openpyxl.load_workbook(path)
    wb["Data"][where] = "abc"
    wb.save(path)
    loaded = load_workbook_input(path)
    (finding,) = loaded.findings.errors
    assert (finding.sheet, finding.cell, finding.value) == ("Data", where, "abc")
    copy = openpyxl.load_workbook(annotate(loaded, tmp_path / "en-annotated.xlsx", "en"))
    marked = copy["Data"][where]
    assert marked.fill.fgColor.rgb.endswith("FFC7CE") and finding.message_en in marked.comment.text
    listing = copy.worksheets[0]
    assert listing.cell(5, 3).hyperlink.location == f"'Data'!{where}"
    res = runner.invoke(app, ["validate", str(path), "--json", "--lang", "en"])
    assert res.exit_code == 1
    (workbook,) = json.loads(res.stdout)["workbooks"]
    assert [(f["code"], f["where"]) for f in workbook["findings"]] == [(finding.code, f"Data!{where}")]
    assert Path(workbook["annotated"]).is_file()


def test_a_missing_data_sheet_names_both_names(tmp_path: Path) -> None:
    path = _template(tmp_path, "en.xlsx", "--lang", "en")
    wb = openpyxl.load_workbook(path)
    wb["Data"].title = "Sheet1"
    wb.save(path)
    (finding,) = load_workbook_input(path).findings
    assert finding.code == "missing-sheet"
    for text in (finding.message, finding.message_en, finding.hint, finding.hint_en):
        assert "考核数据" in text and "Data" in text


def test_english_roster_templates(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("工号,姓名,岗位,部门,邮箱\nA1,Zhang Wei,Agent,Team 1,zw@x.cn\nA2,Wang Fang,Agent,,\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(app, ["template", "--scheme", "aftersales", "--period", "2026-10", "--roster", str(roster),
                              "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    files = sorted(p.name for p in out.glob("*.xlsx"))
    assert files == ["Team 1_aftersales_2026-10.xlsx", "no-department_aftersales_2026-10.xlsx"]
    for name in files:
        wb = openpyxl.load_workbook(out / name)
        assert wb.sheetnames == ["Instructions", "Data", L.META_SHEET]
        notes = SCHEMES.get("aftersales").notes  # its English lines quote a few Chinese words
        assert not [text for _, _, text in _texts(out / name) if CJK.search(text) and text not in notes]
    # a template already there with names only may be replaced; the reader recognises it in English too
    again = runner.invoke(app, ["template", "--scheme", "aftersales", "--period", "2026-10", "--roster", str(roster),
                                "-o", str(out), "--lang", "en"])
    assert again.exit_code == 0, again.output
    _fill(out / files[0], "aftersales")
    blocked = runner.invoke(app, ["template", "--scheme", "aftersales", "--period", "2026-10", "--roster", str(roster),
                                  "-o", str(out), "--lang", "en"])
    assert blocked.exit_code == 1
