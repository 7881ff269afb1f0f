"""Manners of the command line (issue 12 items 9 and 10), each checked on the real command in a
real process: exit codes, the language of errors, what is written and what is left behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.store.lock import LOCK_NAME

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_workbooks" / "gs-team_2026-10.xlsx"


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KPI_REPORT_")}
    environ.update(env or {})
    return subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=timeout, cwd=cwd, env=environ)


@pytest.mark.parametrize("args", [
    ["template", "--scheme", "nope", "--period", "2026-10"],
    ["validate", "--scheme", "nope", "{wb}"],
    ["run", "--scheme", "nope", "--no-archive", "{wb}"],
    ["schemes", "show", "nope"],
    ["schemes", "export", "nope"],
])
def test_an_unknown_scheme_is_a_usage_error_in_every_command(tmp_path: Path, args: list[str]) -> None:
    done = cli(*[a.format(wb=SAMPLE) for a in args], cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "nope" in done.stderr


@pytest.mark.parametrize(("lang", "said"), [("zh", "找不到 nothere.xlsx"), ("en", "nothere.xlsx does not exist")])
@pytest.mark.parametrize("command", ["validate", "run"])
def test_a_missing_path_is_told_in_the_chosen_language(tmp_path: Path, command: str, lang: str, said: str) -> None:
    done = cli(command, "--lang", lang, "nothere.xlsx", cwd=tmp_path)
    assert done.returncode == 2
    assert said in done.stderr
    assert "Invalid value" not in done.stderr


def test_validate_writes_no_annotated_copy_of_a_text_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("工号,姓名\n1,张三\n", encoding="utf-8")
    done = cli("validate", "a.txt", cwd=tmp_path)
    assert done.returncode == 1
    assert "不是 Excel" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_xlsm_and_upper_case_suffixes_are_taken_by_validate_and_run(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(SAMPLE, inbox / "a.xlsm")
    shutil.copy(ROOT / "sample_workbooks" / "aftersales_2026-10.xlsx", inbox / "B.XLSX")
    checked = cli("validate", "--no-annotate", str(inbox), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert "a.xlsm" in checked.stdout and "B.XLSX" in checked.stdout
    ran = cli("run", "--no-archive", "--jobs", "1", "-o", "out", str(inbox), cwd=tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "a.xlsm" in ran.stdout and "B.XLSX" in ran.stdout
    assert len(list((tmp_path / "out").rglob("results.json"))) == 2
    # The run's lock file goes with the run.
    assert not (tmp_path / "out" / LOCK_NAME).exists()


def test_file_names_are_not_coloured_number_by_number(tmp_path: Path) -> None:
    # With colours forced, rich would paint "2026" and "10" inside the name in another colour.
    done = cli("validate", "--no-annotate", str(SAMPLE), cwd=tmp_path, env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert done.returncode == 0
    assert "\x1b[" in done.stdout  # colours are on …
    assert "gs-team_2026-10.xlsx" in done.stdout  # … and the name is still one piece


@pytest.mark.parametrize(("lang", "said"), [("zh", "开始的另一次运行(pid {pid})"),
                                            ("en", "waiting for the run started at")])
def test_a_waiting_run_says_whom_it_waits_for(tmp_path: Path, lang: str, said: str) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from generator.store.lock import exclusive
        with exclusive(Path({str(out)!r})):
            print("held", flush=True)
            sys.stdin.readline()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert f"pid={holder.pid}" in (out / LOCK_NAME).read_text()
        done = cli("run", "--lang", lang, "--no-archive", "--jobs", "1", "--wait", "1", "-o", str(out), str(SAMPLE),
                   cwd=tmp_path)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert done.returncode == 1
    assert said.format(pid=holder.pid) in done.stderr
    assert str(holder.pid) in done.stderr
    assert not (out / LOCK_NAME).exists()  # removed by the holder when it finished


def test_team_reports_say_what_the_prizes_are_ranked_by(tmp_path: Path) -> None:
    # presales-ecommerce pays 名次奖 by sales: rank 2 gets ¥300, rank 1 nothing; the reports must say why.
    import openpyxl
    from pypdf import PdfReader

    done = cli("run", "--no-archive", "--jobs", "1", "-o", "out",
               str(ROOT / "sample_workbooks" / "presales-ecommerce_2026-10.xlsx"), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    team = next((tmp_path / "out").rglob("团队汇总.pdf"))
    reader = PdfReader(team)
    assert len(reader.pages) == 1
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    assert "名次奖排名依据" in text and "成交订单金额" in text
    assert "名次奖按成交订单金额排名" in text
    assert "¥218,286.69" in text  # the figure the first prize went by
    book = openpyxl.load_workbook(next((tmp_path / "out").rglob("*.xlsx")), read_only=True)
    cells = [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert any("名次奖按成交订单金额排名" in c for c in cells)
