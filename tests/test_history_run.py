"""Rules over consecutive periods applied by `run` with an archive, on SQLite and a real PostgreSQL.

Three monthly workbooks of one team, run in turn by separate `run` commands into one output folder:
the third month shows 淘汰 for 张三 (E004), below 35 in September and October, and 额外奖金 for
赵六 (E005), first three months in a row — in results.json, the employee PDF, the team PDF and the
Excel report. A month that was never run makes the rules say which month is missing.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from generator.cli import app
from tests.report_support import PRESALES, presales_rows, presales_workbook

runner = CliRunner()
MONTHS = ("2026-08", "2026-09", "2026-10")


def month_people(period: str) -> list[tuple]:
    """赵六 (E005) alone first every month (张三 E001 answers a little slower: 99 points); 张三 (E004) scores
    80 in August (李四's figures, so 王五 E003 is last) and 23 in September and October (last)."""
    people = []
    for p in PRESALES:
        fields = list(p)
        if fields[0] == "E001":
            fields[9] = 35
        if fields[0] == "E004" and period == "2026-08":
            fields[2:] = list(PRESALES[1][2:])
        people.append(tuple(fields))
    return people


def run_month(tmp_path: Path, period: str, archive_url: str, *extra: str) -> Path:
    wb = presales_workbook(tmp_path / "in" / period / "客服部.xlsx", period=period,
                           rows=presales_rows(month_people(period)))
    res = runner.invoke(app, ["run", str(wb), "--out", str(tmp_path / "out"), "--jobs", "1", "--archive", archive_url,
                              *extra])
    assert res.exit_code == 0, res.output
    return tmp_path / "out" / period / "客服部"


def history_of(folder: Path) -> dict[str, dict[str, dict[str, Any]]]:
    doc = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    return {e["id"]: {h["rule"]: h for h in e["history"]} for e in doc["employees"]}


def pdf_text(path: Path) -> str:
    return "".join(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())


def test_three_months_in_turn_show_elimination_and_extra_bonus(tmp_path: Path, archive_url: str) -> None:
    folders = [run_month(tmp_path, period, archive_url) for period in MONTHS]

    first = history_of(folders[0])
    # August: nothing earlier is archived. 赵六 is first, so "first three times" cannot be decided, and says why;
    # 张三 (80 points) is not below 35, which needs no earlier month to tell.
    e005 = first["E005"]["first_thrice"]
    assert (e005["status"], e005["missing"]) == ("undecidable", ["2026-06", "2026-07"])
    assert e005["working"] == "缺少 2026-06、2026-07 的考核记录,无法判断"
    assert first["E004"]["low_twice"]["status"] == "clear"

    third = history_of(folders[2])
    low = third["E004"]["low_twice"]
    assert (low["status"], low["outcome"], low["periods"]) == ("triggered", "淘汰", ["2026-09", "2026-10"])
    assert "连续 2 期总分低于 35" in low["working"]
    assert third["E004"]["last_thrice"]["status"] == "clear"  # last in Sep and Oct only: August was 王五
    top = third["E005"]["first_thrice"]
    assert (top["status"], top["outcome"], top["periods"]) == ("triggered", "额外奖金", list(MONTHS))
    fired = {(emp, rule) for emp, rules in third.items() for rule, h in rules.items() if h["status"] == "triggered"}
    assert fired == {("E004", "low_twice"), ("E005", "first_thrice")}
    assert not any(h["status"] == "undecidable" for rules in third.values() for h in rules.values())

    month3 = folders[2]
    e004_pdf = pdf_text(month3 / "个人报告" / "张三_E004.pdf")
    assert "连续期规则" in e004_pdf and "淘汰" in e004_pdf and "2026-09、2026-10" in e004_pdf
    assert "额外奖金" in pdf_text(month3 / "个人报告" / "赵六_E005.pdf")
    assert "淘汰" not in pdf_text(month3 / "个人报告" / "李四_E002.pdf")
    team_pdf = pdf_text(month3 / "团队汇总.pdf")
    assert "连续期规则" in team_pdf and "淘汰" in team_pdf and "额外奖金" in team_pdf

    book = openpyxl.load_workbook(month3 / "绩效考核报告.xlsx", read_only=True)
    summary = [[c for c in row] for row in book["汇总"].iter_rows(min_row=4, values_only=True)]
    head = summary[0]
    column = head.index("连续期规则")
    marks = {row[1]: row[column] for row in summary[1:6]}
    assert marks["E004"] == "淘汰" and marks["E005"] == "额外奖金" and not marks["E002"]
    rules = [row for row in book["连续期规则"].iter_rows(min_row=5, values_only=True) if row[0]]
    assert ("E004", "张三", "连续两次分数低于35分", "已触发(淘汰)", "2026-09、2026-10") in [r[:5] for r in rules]


def test_a_month_never_run_makes_the_rules_say_so(tmp_path: Path, archive_url: str) -> None:
    run_month(tmp_path, "2026-08", archive_url)
    folder = run_month(tmp_path, "2026-10", archive_url, "--lang", "en")  # September was never run
    doc = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    by_id = {e["id"]: {h["rule"]: h for h in e["history"]} for e in doc["employees"]}
    low = by_id["E004"]["low_twice"]  # 23 in October; September unknown
    assert (low["status"], low["missing"], low["outcome"]) == ("undecidable", ["2026-09"], None)
    assert low["working"] == "no appraisal of 2026-09 in the archive: cannot tell"
    top = by_id["E005"]["first_thrice"]
    assert (top["status"], top["missing"]) == ("undecidable", ["2026-09"])
    assert by_id["E002"]["first_thrice"]["status"] == "clear"  # 3rd in October: the gap does not matter
    text = pdf_text(next((folder / "employees").glob("*E004*.pdf")))
    assert "Cannottell" in text and "2026-09" in text


def test_three_months_in_one_run_see_each_other(tmp_path: Path, archive_url: str) -> None:
    # Archiving follows rendering while the next workbook is read: October must still see September.
    for period in MONTHS:
        presales_workbook(tmp_path / "in" / f"{period}.xlsx", period=period, rows=presales_rows(month_people(period)))
    res = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--jobs", "2",
                              "--archive", archive_url])
    assert res.exit_code == 0, res.output
    third = history_of(tmp_path / "out" / "2026-10" / "客服部")
    assert third["E004"]["low_twice"]["status"] == third["E005"]["first_thrice"]["status"] == "triggered"
    assert third["E005"]["first_thrice"]["periods"] == list(MONTHS)
