"""`kpi-report template` and `kpi-report validate`: files written, exit codes, JSON, annotated copies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from generator.cli import app
from generator.workbook import layout as L
from generator.workbook import load_workbook_input
from generator.workbook.sniff import sniff

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
runner = CliRunner()


def test_template_without_roster(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    res = runner.invoke(app, ["template", "--scheme", "presales-ecommerce", "--period", "2026-10", "-o", str(out),
                              "--department", "客服部"])
    assert res.exit_code == 0, res.output
    loaded = load_workbook_input(out)
    assert loaded.header.department == "客服部" and loaded.header.scheme_id == "presales-ecommerce"
    assert [f.code for f in loaded.findings] == ["no-employees"]


def test_template_usage_errors(tmp_path: Path) -> None:
    assert runner.invoke(app, ["template", "--scheme", "presales-ecommerce", "--period", "2026-13"]).exit_code == 2
    assert runner.invoke(app, ["template", "--scheme", "nope", "--period", "2026-10", "-o",
                               str(tmp_path / "x.xlsx")]).exit_code == 2


def test_template_with_a_gbk_csv_roster_writes_one_workbook_per_department(tmp_path: Path) -> None:
    roster = tmp_path / "名单.csv"
    roster.write_bytes("工号,姓名,岗位,部门,邮箱\nA1,张伟,客服,售前一组,zw@x.cn\nA2,王芳,客服,售前二组,\n"
                       "A3,李娜,组长,售前一组,ln@x.cn\n".encode("gb18030"))
    out = tmp_path / "out"
    res = runner.invoke(app, ["template", "--scheme", "presales-ecommerce", "--period", "2026-10", "--roster",
                              str(roster), "-o", str(out)])
    assert res.exit_code == 0, res.output
    files = sorted(out.glob("*.xlsx"))
    assert [f.name for f in files] == ["售前一组_presales-ecommerce_2026-10.xlsx", "售前二组_presales-ecommerce_2026-10.xlsx"]
    ws = openpyxl.load_workbook(files[0])[L.DATA_SHEET]
    assert [ws["A7"].value, ws["B7"].value, ws["A8"].value, ws["D8"].value, ws["A9"].value] == ["A1", "张伟", "A3", "ln@x.cn", None]
    assert ws["E2"].value == "售前一组"


def test_template_roster_with_duplicate_ids_is_refused(tmp_path: Path) -> None:
    roster = tmp_path / "r.xlsx"
    wb = openpyxl.Workbook()
    for row in (["工号", "姓名", "部门"], ["A1", "张伟", "一组"], ["A1", "王芳", "一组"]):
        wb.active.append(row)
    wb.save(roster)
    res = runner.invoke(app, ["template", "--scheme", "aftersales", "--period", "2026-10", "--roster", str(roster),
                              "-o", str(tmp_path / "o")])
    assert res.exit_code == 1
    assert "重复" in res.output


def test_validate_exit_codes_json_and_annotated_copy(tmp_path: Path) -> None:
    shutil.copy(ROOT / "sample_workbooks" / "presales-ecommerce_2026-10.xlsx", tmp_path / "good.xlsx")
    shutil.copy(DATA / "duplicate_employee_id.xlsx", tmp_path / "bad.xlsx")
    res = runner.invoke(app, ["validate", str(tmp_path / "good.xlsx")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["validate", str(tmp_path), "--json"])
    assert res.exit_code == 1
    report = json.loads(res.stdout)
    by_name = {Path(w["file"]).name: w for w in report["workbooks"]}
    assert by_name["good.xlsx"]["ok"] and by_name["good.xlsx"]["annotated"] is None
    bad = by_name["bad.xlsx"]
    assert [(f["code"], f["where"]) for f in bad["findings"]] == [("duplicate-id", "考核数据!A9")]
    assert Path(bad["annotated"]) == tmp_path / "bad-批注.xlsx" and Path(bad["annotated"]).is_file()
    assert bad["status"] == "rejected" and by_name["good.xlsx"]["status"] == "accepted"
    # validate computes every employee, as run does: numbers are exact decimal strings
    good_people = by_name["good.xlsx"]["employees"]
    assert len(good_people) == 8 and all(isinstance(e["total"], str) for e in good_people)
    # a second run does not treat the annotated copy as an input
    again = json.loads(runner.invoke(app, ["validate", str(tmp_path), "--json"]).stdout)
    assert len(again["workbooks"]) == 2


def test_validate_english_and_period(tmp_path: Path) -> None:
    res = runner.invoke(app, ["validate", str(ROOT / "sample_workbooks" / "gs-team_2026-10.xlsx"), "--period", "2026-11",
                              "--lang", "en", "--no-annotate", "--json"])
    assert res.exit_code == 1
    (finding,) = json.loads(res.stdout)["workbooks"][0]["findings"]
    assert finding["code"] == "period-mismatch" and "2026-11 is being processed" in finding["message"]


def test_validate_usage_error_when_nothing_to_check(tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path / "missing.xlsx")]).exit_code == 2


def test_a_macro_enabled_workbook_is_accepted_and_a_path_in_the_scheme_id_is_refused(tmp_path: Path) -> None:
    src = ROOT / "sample_workbooks" / "presales-ecommerce_2026-10.xlsx"
    assert sniff(src).kind == "xlsx"
    wb = openpyxl.load_workbook(src)
    wb[L.META_SHEET]["B1"] = "../../../etc/passwd"
    wb.save(tmp_path / "evil.xlsx")
    loaded = load_workbook_input(tmp_path / "evil.xlsx")
    assert [f.code for f in loaded.findings] == ["unknown-scheme"] and loaded.scheme is None
