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
        return [p for p in files(folder) if p.suffix == ".xlsx"
                and not p.name.endswith(("-批注.xlsx", "-annotated.xlsx"))]
    return {"done": books(inbox / "已处理"), "returned": books(inbox / "退回"), "claimed": files(inbox / "处理中")}


def files(folder: Path) -> list[Path]:
    """Every file under `folder` while running services move them: os.walk skips a claim folder that a
    watcher removes between listing and entering it (Path.rglob raises FileNotFoundError there)."""
    return sorted(Path(top) / name for top, _, names in os.walk(folder) for name in names)


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


# ---- crash rounds (tests/test_watch_crash.py, bench/bench_watch.py) -------------------------------


def stage(folder: Path, distinct: int, employees: int = 2) -> list[Path]:
    """`distinct` valid workbooks, one duplicate of the first under another name, one invalid workbook."""
    books = [workbook(folder / f"team{n:03d}.xlsx", f"客服{n:03d}组", employees) for n in range(distinct)]
    twin = folder / "重发-team000.xlsx"
    twin.write_bytes(books[0].read_bytes())
    bad = folder / "invalid.xlsx"
    bad.write_bytes(INVALID.read_bytes())
    return [*books, twin, bad]


def crash_rounds(root: Path, files: list[Path], rounds: int, seed: int, *extra: str) -> dict[str, int]:
    """Drop `files` a few at a time into a watched inbox and kill -9 the service at random moments
    (before anything, mid-claim, mid-render), `rounds` times; then let one last service finish.
    Returns counts; `check_exactly_once` says whether the end state is right."""
    import random

    rng = random.Random(seed)
    inbox, out, log = root / "inbox", root / "out", root / "watch.log"
    inbox.mkdir(parents=True, exist_ok=True)
    queue = list(files)
    per_round = max(1, len(queue) // max(1, rounds))
    kills = 0
    for _ in range(rounds):
        service = start(inbox, out, log, "--quiet-seconds", "0.3", *extra)
        try:
            if rng.random() < 0.8:  # mostly once it is up (recovering, or idle); now and then during start-up
                started = sum("开始监视" in x for x in service.lines())
                wait_for(lambda n=started, s=service: sum("开始监视" in x for x in s.lines()) > n, "started",
                         proc=service.proc, log=log)
            for p in queue[:per_round]:
                os.replace(p, inbox / p.name)
            del queue[:per_round]
            claims = sum("领取" in x or "继续处理" in x for x in service.lines())
            if rng.random() < 0.6:  # wait for work to be in hand, then kill at a random point in it
                wait_for(lambda c=claims, s=service: sum("领取" in x or "继续处理" in x for x in s.lines()) > c,
                         "a claim", proc=service.proc, log=log)
            time.sleep(rng.uniform(0.0, 6.0))  # the random moment of the crash is the point of the test
        finally:
            service.kill9()
            kills += 1
    for p in queue:
        os.replace(p, inbox / p.name)
    service = start(inbox, out, log, "--quiet-seconds", "0.3", *extra)
    try:
        wait_for(lambda: len(placed(inbox)["done"]) + len(placed(inbox)["returned"]) == len(files) and
                 not placed(inbox)["claimed"], "every file handed back", proc=service.proc, log=log,
                 deadline=DEADLINE * 2)
        assert service.term() == 0
    finally:
        service.abort()
    return {"kills": kills, "files": len(files)}


def check_exactly_once(root: Path, digests: dict[str, str], url: str) -> dict[str, int]:
    """0 lost, 0 processed twice, no partial report under a final name; the figures for the note."""
    import json

    from pypdf import PdfReader

    inbox, out = root / "inbox", root / "out"
    where = placed(inbox)
    found: dict[str, list[Path]] = {}
    for p in where["done"] + where["returned"]:
        found.setdefault(sha(p), []).append(p)
    lost = [name for name, digest in digests.items() if digest not in found]
    assert not lost, f"lost: {lost}"
    assert sum(len(v) for v in found.values()) == len(digests), found  # every dropped file once, none extra
    assert where["claimed"] == [] and not [p for p in inbox.iterdir() if p.is_file() and p.suffix == ".xlsx"]
    rows = journal_rows(url)
    assert {r["state"] for r in rows} == {"done"}, rows
    primaries = [r["sha256"] for r in rows if r["is_primary"]]
    assert len(primaries) == len(set(primaries)) == len(set(digests.values()))  # each content processed once
    assert sorted(r["result"] for r in rows).count("duplicate") == len(digests) - len(set(digests.values()))
    revs = revisions(url)
    assert all(n == 1 for _, n in revs), revs  # an interrupted run resumed is not a second revision
    accepted = [r for r in rows if r["result"] == "accepted"]
    assert len(revs) == len(accepted)
    pdfs = 0
    for r in accepted:
        folder = Path(r["report_folder"])
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        listed = {folder / o["path"]: o["sha256"] for o in manifest["outputs"]}
        finals = [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".tmp-")
                  and p.name not in ("manifest.json", ".kpi-owner.json")]  # the folder's bookkeeping, not reports
        assert sorted(finals) == sorted(listed), (finals, listed)  # nothing half-written under a final name
        for p, digest in listed.items():
            assert sha(p) == digest, p
            if p.suffix == ".pdf":
                assert len(PdfReader(p).pages) >= 1
                pdfs += 1
    return {"rows": len(rows), "resumed": sum(r["attempts"] > 1 for r in rows), "attempts": sum(r["attempts"] for r in rows), "revisions": len(revs), "pdfs": pdfs,
            "leftover_tmp": len(list(out.rglob(".tmp-*")))}
