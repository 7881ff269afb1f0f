"""Runs without a terminal and interrupted runs (issue 12, item 9).

Piped, `run` prints a line per workbook as it finishes (not everything at the end). SIGINT stops
the run cleanly: exit 130, a sentence saying what was finished, and no team folder that looks
complete but is not (a folder has a manifest and no INCOMPLETE note, or the note and no manifest).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.report_support import presales_workbook

ROOT = Path(__file__).resolve().parents[1]


def workbooks(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        presales_workbook(folder / f"team{i}.xlsx", department=f"客服{i}部")
    return folder


def start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    return subprocess.Popen([sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_piped_run_prints_each_workbook_as_it_finishes_and_sigint_stops_cleanly(tmp_path: Path) -> None:
    inbox = workbooks(tmp_path / "in", 5)
    out = tmp_path / "out"
    proc = start(["run", str(inbox), "--out", str(out), "--jobs", "1", "--no-archive"], tmp_path)
    assert proc.stdout is not None
    first = proc.stdout.readline()  # arrives while the run goes on: one line per finished workbook
    assert "✓" in first and "team" in first, first
    assert proc.poll() is None, "the run should still be going after its first workbook"
    proc.send_signal(signal.SIGINT)
    try:
        rest, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    assert proc.returncode == 130, (rest, err)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "已中断" in rest, rest
    folders = [p for p in (out / "2024-05").iterdir() if p.is_dir()]
    assert folders
    complete = 0
    for folder in folders:
        manifest = (folder / "manifest.json").is_file()
        note = (folder / "未完成-INCOMPLETE.txt").is_file()
        assert manifest != note, (folder, manifest, note)  # complete with a manifest, or marked incomplete
        complete += manifest
    assert 1 <= complete < 5


def test_an_interrupted_folder_is_completed_by_the_next_run(tmp_path: Path) -> None:
    inbox = workbooks(tmp_path / "in", 3)
    out = tmp_path / "out"
    proc = start(["run", str(inbox), "--out", str(out), "--jobs", "1", "--no-archive"], tmp_path)
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=120)
    assert proc.returncode == 130
    again = subprocess.run([sys.executable, "-m", "generator.cli", "run", str(inbox), "--out", str(out), "--jobs", "1",
                            "--no-archive"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    for folder in (out / "2024-05").iterdir():
        assert (folder / "manifest.json").is_file() and not (folder / "未完成-INCOMPLETE.txt").exists()
