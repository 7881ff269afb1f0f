"""The workbook's 邮箱 column: the template has one, two addresses in a cell and one address for two
employees are findings; and the whole way from a real sample workbook (`kpi-report run`, archived)
to a dry run whose .eml carries the real PDF with the employee's 工号 inside."""

from __future__ import annotations

import shutil
from email import policy
from email.parser import BytesParser
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from generator.cli import app
from generator.mail.pdfcheck import ids_in_pdf
from generator.workbook import load_workbook_input
from generator.workbook.layout import DATA_SHEET, FIRST_DATA_ROW, HEADER_ROW

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_workbooks" / "presales-ecommerce_2026-10.xlsx"
runner = CliRunner()


def _email_column(ws: openpyxl.worksheet.worksheet.Worksheet) -> int:
    return next(c.column for c in ws[HEADER_ROW] if c.value == "邮箱")


def test_two_addresses_in_a_cell_and_one_address_for_two_people_are_findings(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb[DATA_SHEET]
    col = _email_column(ws)  # the template has the column
    ws.cell(FIRST_DATA_ROW, col).value = "zhangwei@yunfan-ec.cn; zw@qq.com"
    ws.cell(FIRST_DATA_ROW + 2, col).value = ws.cell(FIRST_DATA_ROW + 1, col).value.upper()
    path = tmp_path / "邮箱.xlsx"
    wb.save(path)
    loaded = load_workbook_input(path, expected_period="2026-10")
    found = {(f.code, f.cell) for f in loaded.findings}
    letter = openpyxl.utils.get_column_letter(col)
    assert found == {("email-several", f"{letter}{FIRST_DATA_ROW}"), ("email-duplicate", f"{letter}{FIRST_DATA_ROW + 2}")}
    duplicate = next(f for f in loaded.findings if f.code == "email-duplicate")
    assert "PS1002" in duplicate.message and "PS1003" in duplicate.message and duplicate.message_en


def test_from_a_real_run_to_a_dry_run_with_the_real_pdfs(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    res = runner.invoke(app, ["run", str(tmp_path / SAMPLE.name), "--out", str(tmp_path / "output"), "--jobs", "1",
                              "--archive", url])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["mail", "2026-10", "--archive", url, "--dry-run", str(tmp_path / "eml")], env={})
    assert res.exit_code == 0, res.output
    emls = sorted((tmp_path / "eml").glob("*.eml"))
    assert len(emls) == 8
    msg = BytesParser(policy=policy.default).parsebytes((tmp_path / "eml" / "张伟_PS1001.eml").read_bytes())
    assert msg["To"] == "zhangwei@yunfan-ec.cn" and msg["Subject"] == "2026-10 绩效考核报告 — 张伟(PS1001)"
    body = msg.get_body(("plain",)).get_content()
    assert "总分:" in body and "等级:" in body and "电商客服部" in body
    [pdf] = list(msg.iter_attachments())
    assert pdf.get_filename() == "张伟_PS1001.pdf"
    assert ids_in_pdf(pdf.get_content()) == {"PS1001"}
    (tmp_path / "PS1001.pdf").write_bytes(pdf.get_content())  # kept for a look: pdftoppm -r 60 -png
