"""Helpers for the drop-folder tests: small real workbooks, a real `kpi-report watch` process, waiting for
outcomes with generous deadlines (never for a fixed time), and reading back where every file ended up."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from generator.scheme.registry import SchemeRegistry
from generator.workbook.template import HeaderInfo, write_template
from tests.fixtures.samples import CREATED, PERIOD, sample_rows

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "tests" / "data" / "column_missing.xlsx"
DEADLINE = 240.0  # seconds: a loaded two-core machine renders slowly; a pass is usually far quicker

_SCHEMES: SchemeRegistry | None = None


def workbook(path: Path, department: str, employees: int = 2, scheme_id: str = "aftersales") -> Path:
    """A valid workbook of `employees` people; each department gives different content and report folder."""
    global _SCHEMES
    _SCHEMES = _SCHEMES or SchemeRegistry.from_dirs()
    scheme = _SCHEMES.get(scheme_id)
    header = HeaderInfo(period=PERIOD, company="杭州云帆电子商务有限公司", department=department, manager="李红梅")
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_template(scheme, header, path, sample_rows(scheme, count=employees), created=CREATED)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wait_for(check: Callable[[], bool], what: str, deadline: float = DEADLINE, proc: subprocess.Popen | None = None,
             log: Path | None = None) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if check():
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the watcher exited ({proc.returncode}) before {what}:\n{tail(log)}")
        time.sleep(0.1)
    raise AssertionError(f"not reached within {deadline:g} s: {what}\n{tail(log)}")


def tail(log: Path | None, n: int = 4000) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-n:] if log and log.exists() else ""


@dataclass
class Service:
    proc: subprocess.Popen
    log: Path

    def lines(self) -> list[str]:
        return tail(self.log, 10**7).splitlines()

    def abort(self) -> None:
        """A service left running by a failed test: every thread's stack into its log, printed, then kill -9."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGABRT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=30)
            self.kill9()
            print(f"---- {self.log}\n{tail(self.log, 30000)}")

    def kill9(self) -> None:
        """kill -9 the service and, as systemd would, whatever is left of its group."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=60)

    def term(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:  # where it hangs: faulthandler writes every thread's stack to the log
            self.proc.send_signal(signal.SIGABRT)
            self.proc.wait(timeout=60)
            raise AssertionError(f"no clean stop within {DEADLINE:g} s of SIGTERM:\n{tail(self.log, 20000)}") from None


def start(inbox: Path, out: Path, log: Path, *extra: str, env: dict[str, str] | None = None) -> Service:
    """A real `kpi-report watch` process in its own process group, its log lines appended to `log`."""
    args = [sys.executable, "-m", "generator.cli", "watch", str(inbox), "--out", str(out), "--jobs", "1", *extra]
    handle = log.open("a", encoding="utf-8")
    proc = subprocess.Popen(args, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1", **(env or {})})
    handle.close()
    return Service(proc, log)


def placed(inbox: Path) -> dict[str, list[Path]]:
    """Workbooks under 已处理/ and 退回/ (notes and annotated copies left out), and what is still in 处理中/."""
    def books(folder: Path) -> list[Path]:
        return sorted(p for p in folder.rglob("*.xlsx") if not p.name.endswith(("-批注.xlsx", "-annotated.xlsx")))
    return {"done": books(inbox / "已处理"), "returned": books(inbox / "退回"),
            "claimed": sorted(p for p in (inbox / "处理中").rglob("*") if p.is_file())}


def journal_rows(url: str) -> list[dict]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.text("SELECT * FROM inbox_files ORDER BY id"))]
    finally:
        engine.dispose()


def revisions(url: str) -> list[tuple[str, int]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return sorted(tuple(r) for r in conn.execute(sa.text(
                "SELECT department, revision FROM appraisal_revisions")))
    finally:
        engine.dispose()
