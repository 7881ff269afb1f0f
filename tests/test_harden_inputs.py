"""Whatever is submitted, validate and run answer with findings and exit 1, never a traceback or a hang.

The byte-level cases live in tests/data/hostile_*.xlsx (tests/fixtures/hostile.py) and are
checked by test_workbook_validate.py like every other fixture; here are the cases a file in
git cannot hold: FIFOs, devices, folders, links, control characters in a file name, and the
limits set through the environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import Settings, validate_paths
from generator.workbook import annotate, load_workbook_input
from generator.workbook.limits import Limits
from generator.workbook.sniff import sniff

ROOT = Path(__file__).resolve().parent.parent
PRESALES = ROOT / "sample_workbooks" / "presales-ecommerce_2026-10.xlsx"
DATA = ROOT / "tests" / "data"


def cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)


def codes(path: Path, **kw: object) -> list[tuple[str, str]]:
    return [(f.code, f.cell) for f in load_workbook_input(path, **kw).findings]  # type: ignore[arg-type]


def test_a_fifo_named_xlsx_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "x.xlsx"
    os.mkfifo(fifo)
    assert codes(fifo) == [("file-not-regular", "")]
    done = cli("validate", str(fifo), "--no-annotate", cwd=tmp_path, timeout=60)  # a blocking open would time out
    assert done.returncode == 1 and "Traceback" not in done.stderr and "不是普通文件" in done.stdout


def test_a_folder_a_device_and_links_are_refused(tmp_path: Path) -> None:
    (tmp_path / "dir.xlsx").mkdir()
    (tmp_path / "dev.xlsx").symlink_to("/dev/zero")
    outside = tmp_path / "elsewhere" / "real.xlsx"
    outside.parent.mkdir()
    shutil.copy(PRESALES, outside)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "link.xlsx").symlink_to(outside)
    shutil.copy(PRESALES, inbox / "real.xlsx")
    (inbox / "near.xlsx").symlink_to(inbox / "real.xlsx")
    for p in (tmp_path / "dir.xlsx", tmp_path / "dev.xlsx", inbox / "link.xlsx"):
        found = sniff(p)
        assert [f.code for f in found.findings] == ["file-not-regular"], p
    assert codes(inbox / "near.xlsx") == []  # a link to a file beside it is an ordinary file


def test_control_characters_in_the_file_name_reach_the_annotated_copy_safely(tmp_path: Path) -> None:
    bad = tmp_path / "团队\x01\x1b[31m.xlsx"
    shutil.copy(DATA / "hostile_formula_in_name.xlsx", bad)
    loaded = load_workbook_input(bad)
    out = annotate(loaded, tmp_path / "copy-批注.xlsx")
    from generator.workbook.reader import open_workbook

    title = open_workbook(out)["错误清单"]["A1"].value
    assert "\x01" not in title and "团队" in title
    summary = validate_paths([bad], Settings(out_dir=tmp_path / "o", annotate_dir=tmp_path / "copies"))
    outcome = summary.outcomes[0]
    assert summary.exit_code == 1 and outcome.annotated is not None and outcome.annotated.is_file()
    assert [f.code for f in outcome.findings] == ["formula-in-input"]


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("hostile_*.xlsx")))
def test_run_turns_every_hostile_file_into_findings_not_an_internal_error(name: str, tmp_path: Path) -> None:
    from generator.pipeline import examine
    from generator.store.layout import Claims

    outcome = examine(DATA / name, Settings(out_dir=tmp_path / "o"), Claims(), tmp_path / "rejected")
    assert outcome.findings and all(f.code not in ("internal-error", "annotate-failed") for f in outcome.findings)


def test_text_limits_come_from_the_environment(tmp_path: Path) -> None:
    limits = Limits.from_env({"KPI_REPORT_MAX_NAME_CHARS": "10", "KPI_REPORT_MAX_DEPARTMENT_CHARS": "10"})
    assert limits.name_chars == 10 and limits.comment_chars == 500
    assert codes(PRESALES, limits=Limits(name_chars=10)) == []  # every sample name is shorter
    wb = tmp_path / "long.xlsx"
    shutil.copy(DATA / "hostile_name_4000_chars.xlsx", wb)
    assert codes(wb, limits=Limits(name_chars=5000)) == []
    env = {**os.environ, "KPI_REPORT_MAX_NAME_CHARS": "ten"}
    done = subprocess.run([sys.executable, "-m", "generator.cli", "validate", str(PRESALES), "--no-annotate"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 1 and "\"ten\"" in done.stdout
    assert "Traceback" not in done.stderr


def test_validate_cli_on_every_hostile_file_exits_1_without_a_traceback(tmp_path: Path) -> None:
    files = [str(p) for p in sorted(DATA.glob("hostile_*.xlsx")) if "hidden" not in p.name]
    done = cli("validate", *files, "--out", str(tmp_path / "copies"), cwd=tmp_path, timeout=300)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "内部错误" not in done.stdout + done.stderr
    # Every workbook gets its annotated copy; a file that is no workbook (empty, text) none (issue 12).
    from generator.pipeline import NOT_A_WORKBOOK

    not_workbooks = sum(1 for f in files if NOT_A_WORKBOOK & {x.code for x in load_workbook_input(Path(f)).findings})
    assert len(list((tmp_path / "copies").glob("*.xlsx"))) == len(files) - not_workbooks
