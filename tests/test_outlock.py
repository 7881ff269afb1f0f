"""Two runs into one output folder: the second waits, and gives up with a clear finding."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.core.findings import KpiError
from generator.pipeline import Settings, run_paths
from generator.store.lock import exclusive

SAMPLES = Path(__file__).resolve().parents[1] / "sample_workbooks"


def test_second_run_gives_up_while_the_folder_is_held(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with exclusive(out):
        with pytest.raises(KpiError) as info:
            run_paths([SAMPLES / "gs-team_2026-10.xlsx"], Settings(out_dir=out, jobs=1, lock_wait=0.3))
    assert info.value.findings[0].code == "output-busy"
    assert not any(out.rglob("*.pdf"))  # it wrote nothing while it waited


def test_lock_is_released_when_the_holder_dies(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # A process that takes the lock and is killed: the kernel drops a flock with its owner.
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from generator.store.lock import exclusive
        with exclusive(Path({str(out)!r})):
            print("held", flush=True)
            time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1])
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(KpiError):
        with exclusive(out, wait_seconds=0.2):
            pass
    holder.kill()
    holder.wait()
    with exclusive(out, wait_seconds=5):
        pass  # acquired once the holder is gone


def test_cli_reports_a_busy_folder_with_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with exclusive(out):
        done = subprocess.run(
            [sys.executable, "-c", "from generator.cli import main; main()", "run",
             str(SAMPLES / "gs-team_2026-10.xlsx"), "--out", str(out), "--jobs", "1", "--wait", "0.3"],
            capture_output=True, text=True, timeout=120,
            cwd=Path(__file__).resolve().parents[1],
        )
    assert done.returncode == 1, done.stderr
    assert "正被另一个运行占用" in done.stderr
