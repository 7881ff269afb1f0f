"""validate → compute → render, for one workbook or many: the one function every front end calls.

The CLI (`kpi-report run`), a folder watcher and a mailer all go through `run_paths`. A
rejected workbook gets an annotated copy and no reports; the others still run. Rendering
happens in a pool of worker processes (`Settings.jobs`) while the next workbook is read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.core.files import employee_filename, inside, safe_part
from generator.core.findings import Finding, KpiError, Severity
from generator.engine.score import compute
from generator.engine.team import compute_team
from generator.model.results import EmployeeResult, TeamResult
from generator.report.context import ReportMeta
from generator.report.i18n import files
from generator.report.render_pool import Done, Job, Renderer
from generator.store import manifest
from generator.store.lock import exclusive
from generator.store.manifest import Entry

# progress(stage, done, total): stage is "read" (workbooks) or "render" (output files).
ProgressFn = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Settings:
    out_dir: Path
    lang: str = "zh"
    jobs: int = 0  # 0: one worker per core
    clock: Callable[[], datetime] = datetime.now
    schemes_dir: Path | None = None
    expected_period: str | None = None
    lock_wait: float = 600.0  # seconds to wait while another run writes to out_dir


OutputFile = Entry  # one written report, with its hash


@dataclass
class WorkbookOutcome:
    path: Path
    status: str = "pending"  # "accepted" | "rejected" | "failed"
    findings: list[Finding] = field(default_factory=list)
    employees: int = 0
    folder: Path | None = None
    outputs: list[OutputFile] = field(default_factory=list)
    annotated: Path | None = None
    manifest: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    team: TeamResult | None = None
    meta: ReportMeta | None = None
    input_sha256: str = ""
    previous: list[Path] = field(default_factory=list)  # files the last run's manifest listed here

    @property
    def ok(self) -> bool:
        return self.status == "accepted"


@dataclass
class RunSummary:
    outcomes: list[WorkbookOutcome]
    seconds: float

    @property
    def accepted(self) -> list[WorkbookOutcome]:
        return [o for o in self.outcomes if o.status == "accepted"]

    @property
    def rejected(self) -> list[WorkbookOutcome]:
        return [o for o in self.outcomes if o.status != "accepted"]

    @property
    def employees(self) -> int:
        return sum(o.employees for o in self.accepted)

    @property
    def exit_code(self) -> int:
        return 0 if self.outcomes and not self.rejected else 1


def collect(paths: Iterable[Path], out_dir: Path | None = None) -> list[Path]:
    """Workbooks among the given files and folders (folders: *.xlsx / *.xlsm inside, not recursive).

    Excel's lock files (~$x.xlsx), hidden files, `validate`'s annotated copies (*.errors.xlsx)
    and anything already under the output folder are skipped, so running over '.' never
    reads its own reports back.
    """
    out = out_dir.resolve() if out_dir else None
    found: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        candidates = sorted([*p.glob("*.xlsx"), *p.glob("*.xlsm")]) if p.is_dir() else [p]
        for c in candidates:
            if c.is_dir() or c.name.startswith(("~$", ".")) or c.name.endswith(".errors.xlsx"):
                continue
            if out is not None and c.resolve().is_relative_to(out):
                continue
            if c.resolve() not in seen:
                seen.add(c.resolve())
                found.append(c)
    return found


# ---- one workbook -------------------------------------------------------------------


class _Claims:
    """Output folders claimed during one run, so two workbooks never share one."""

    def __init__(self) -> None:
        self.taken: set[Path] = set()

    def claim_file(self, folder: Path, stem: str, suffix: str) -> Path:
        """folder/<stem><suffix>, or <stem>-2<suffix> … when another workbook of this run has it."""
        name, n = safe_part(stem, "workbook") + suffix, 2
        while inside(folder, name) in self.taken:
            name, n = f"{safe_part(stem, 'workbook', 100)}-{n}{suffix}", n + 1
        self.taken.add(inside(folder, name))
        return inside(folder, name)

    def claim(self, root: Path, period: str, department: str, scheme_id: str, stem: str) -> Path:
        base = root / safe_part(period, "period", 60)
        options = [department, f"{department}-{scheme_id}", f"{department}-{stem}"]
        for name in options:
            folder = inside(base, safe_part(name, "department"))
            if folder not in self.taken:
                self.taken.add(folder)
                return folder
        n = 2
        while True:
            folder = inside(base, safe_part(f"{department}-{stem}-{n}", "department"))
            if folder not in self.taken:
                self.taken.add(folder)
                return folder
            n += 1


def _load(path: Path, settings: Settings) -> Any:
    from generator.scheme.registry import SchemeRegistry
    from generator.workbook import load_workbook_input

    schemes = SchemeRegistry.from_dirs([settings.schemes_dir]) if settings.schemes_dir else None
    return load_workbook_input(path, schemes=schemes, expected_period=settings.expected_period)


def _reject(outcome: WorkbookOutcome, loaded: Any, settings: Settings, extra: list[Finding],
            claims: _Claims) -> WorkbookOutcome:
    outcome.status = "rejected"
    outcome.findings.extend(extra)
    if loaded is None:
        return outcome
    from generator.workbook import annotate

    names = files(settings.lang)
    target = claims.claim_file(settings.out_dir / names["rejected"], outcome.path.stem, names["annotated"])
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        outcome.annotated = annotate(loaded, target, settings.lang)
    except Exception as exc:  # an annotated copy is a courtesy; the findings are the verdict
        outcome.findings.append(Finding(code="annotate-failed", severity=Severity.WARNING, file=str(outcome.path),
                                        message=f"无法生成批注副本:{exc}", message_en=f"could not annotate: {exc}"))
    return outcome


def prepare(path: Path, settings: Settings, claims: _Claims | None = None
            ) -> tuple[WorkbookOutcome, list[EmployeeResult], Any]:
    """Read, validate and compute one workbook; a rejected one comes back with its findings."""
    claims = claims or _Claims()
    outcome = WorkbookOutcome(path=path)
    start = time.perf_counter()
    try:
        loaded = _load(path, settings)
    except KpiError as exc:
        outcome.timings["read"] = time.perf_counter() - start
        return _reject(outcome, None, settings, exc.findings, claims), [], None
    outcome.timings["read"] = time.perf_counter() - start
    outcome.input_sha256 = loaded.sha256
    outcome.findings.extend(loaded.findings)
    if not loaded.findings.ok or loaded.scheme is None:
        return _reject(outcome, loaded, settings, [], claims), [], loaded
    start = time.perf_counter()
    results: list[EmployeeResult] = []
    problems: list[Finding] = []
    for row in loaded.rows:
        try:
            results.append(compute(loaded.scheme, row))
        except KpiError as exc:  # validation should have caught it; say where, reject the workbook
            problems.extend(_at_row(f, path, row.row) for f in exc.findings)
    outcome.timings["compute"] = time.perf_counter() - start
    if problems or not results:
        if not results and not problems:
            problems.append(Finding(code="no-employees", file=str(path), message="工作簿中没有员工数据",
                                    message_en="the workbook lists no employees"))
        return _reject(outcome, loaded, settings, problems, claims), [], loaded
    return outcome, results, loaded


def _failed(path: Path, exc: Exception) -> WorkbookOutcome:
    return WorkbookOutcome(path=path, status="failed", findings=[Finding(
        code="internal-error", file=str(path), value=f"{type(exc).__name__}: {exc}"[:300],
        message="处理该工作簿时发生内部错误,其他工作簿不受影响", message_en="internal error while processing this workbook; "
        "the other workbooks are not affected", hint="请把该工作簿和此信息发给维护人员",
        hint_en="send this workbook and this message to the maintainers")])


def _at_row(f: Finding, path: Path, row: int) -> Finding:
    from dataclasses import replace

    return replace(f, file=f.file or str(path), line=f.line if f.line is not None else (row or None))


def _meta(loaded: Any, settings: Settings) -> ReportMeta:
    h, s = loaded.header, loaded.scheme
    return ReportMeta(
        company=h.company, department=h.department, period=h.period, manager=getattr(h, "manager", ""),
        scheme_id=s.id, scheme_version=s.version, scheme_name=s.name, scheme_name_en=s.name_en,
        input_sha256=loaded.sha256, input_name=Path(loaded.path).name, generated_at=settings.clock(),
        lang=settings.lang, places=s.rounding.points, money_places=s.rounding.money,
    )


def plan_jobs(team: TeamResult, meta: ReportMeta, folder: Path, lang: str) -> list[Job]:
    names = files(lang)
    jobs = [Job("excel", inside(folder, names["excel"]), meta, team=team),
            Job("team_pdf", inside(folder, names["team_pdf"]), meta, team=team)]
    people = inside(folder, names["employees"])
    used: set[str] = set()
    for r in team.employees:
        name = employee_filename(r.employee.name, r.employee.id)
        n = 2
        while name.lower() in used:  # same name and 工号 twice: validation refuses it, but never overwrite
            name = employee_filename(r.employee.name, f"{r.employee.id}-{n}")
            n += 1
        used.add(name.lower())
        jobs.append(Job("employee_pdf", inside(people, name), meta, employee=r))
    return jobs


def write_manifest(outcome: WorkbookOutcome, settings: Settings) -> Path:
    assert outcome.folder is not None and outcome.meta is not None
    entries = [Entry(path=o.path, kind=o.kind, sha256=o.sha256, size=o.size, employee_id=o.employee_id,
                     report_id=o.report_id) for o in outcome.outputs]
    return manifest.write(outcome.folder, outcome.meta, outcome.path, outcome.input_sha256, outcome.employees,
                          entries, settings.lang)


# ---- many workbooks -------------------------------------------------------------------


def run_paths(paths: Iterable[Path], settings: Settings, progress: ProgressFn | None = None,
              renderer: Renderer | None = None) -> RunSummary:
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    workbooks = collect(paths, settings.out_dir)
    with exclusive(settings.out_dir, settings.lock_wait):
        return _run_locked(workbooks, settings, report, renderer, started)


def _run_locked(workbooks: list[Path], settings: Settings, report: ProgressFn, renderer: Renderer | None,
                started: float) -> RunSummary:
    own = renderer is None
    renderer = renderer or Renderer(settings.jobs)
    outcomes: list[WorkbookOutcome] = []
    pending: dict[Future[Done], WorkbookOutcome] = {}
    waiting: dict[int, int] = {}  # id(outcome) → render jobs still running
    claims = _Claims()
    rendered = planned = 0
    try:
        for n, path in enumerate(workbooks, 1):
            try:
                outcome, jobs = _plan(path, settings, claims)
            except Exception as exc:  # a bug or an unreadable file must not stop the other workbooks
                outcome, jobs = _failed(path, exc), []
            outcomes.append(outcome)
            report("read", n, len(workbooks))
            if not jobs:
                continue
            waiting[id(outcome)] = len(jobs)
            planned += len(jobs)
            for job in jobs:
                future = renderer.submit(job)
                pending[future] = outcome
            report("render", rendered, planned)
            rendered = _drain(pending, waiting, settings, report, rendered, planned, block=False)
        _drain(pending, waiting, settings, report, rendered, planned, block=True)
    finally:
        if own:
            renderer.close()
    return RunSummary(outcomes=outcomes, seconds=time.perf_counter() - started)


def _plan(path: Path, settings: Settings, claims: _Claims) -> tuple[WorkbookOutcome, list[Job]]:
    outcome, results, loaded = prepare(path, settings, claims)
    if outcome.status == "rejected":
        return outcome, []
    outcome.meta = meta = _meta(loaded, settings)
    outcome.team = team = compute_team(loaded.scheme, results)
    outcome.employees = len(results)
    outcome.folder = claims.claim(settings.out_dir, meta.period, meta.department, meta.scheme_id, path.stem)
    outcome.previous = manifest.previous_outputs(outcome.folder)
    return outcome, plan_jobs(team, meta, outcome.folder, settings.lang)


def _drain(pending: dict[Future[Done], WorkbookOutcome], waiting: dict[int, int], settings: Settings,
           report: ProgressFn, rendered: int, planned: int, block: bool) -> int:
    """Collect finished jobs; when a workbook's last job is in, write its manifest."""
    from concurrent.futures import FIRST_COMPLETED, wait

    while pending:
        done, _ = wait(list(pending), timeout=None if block else 0, return_when=FIRST_COMPLETED)
        if not done:
            return rendered
        for future in done:
            outcome = pending.pop(future)
            _record(outcome, future)
            rendered += 1
            report("render", rendered, planned)
            waiting[id(outcome)] -= 1
            if waiting[id(outcome)] == 0:
                _finish(outcome, settings)
    return rendered


def _record(outcome: WorkbookOutcome, future: Future[Done]) -> None:
    try:
        done = future.result()
    except Exception as exc:
        outcome.status = "failed"
        outcome.findings.append(Finding(code="render-failed", file=str(outcome.path),
                                        message=f"报告生成失败:{type(exc).__name__}: {exc}",
                                        message_en=f"rendering failed: {type(exc).__name__}: {exc}"))
        return
    job = done.job
    emp = job.employee.employee.id if job.employee else ""
    outcome.outputs.append(OutputFile(path=job.path, kind=job.kind, sha256=done.sha256, size=done.size,
                                      employee_id=emp, report_id=job.meta.report_id(emp)))
    stage = "excel" if job.kind == "excel" else "pdf"
    outcome.timings[stage] = outcome.timings.get(stage, 0.0) + done.seconds


def _finish(outcome: WorkbookOutcome, settings: Settings) -> None:
    outcome.outputs.sort(key=lambda o: str(o.path))  # jobs finish in any order; report them in one
    if outcome.status == "pending":
        outcome.status = "accepted"
        outcome.manifest = write_manifest(outcome, settings)
        # An employee who left the team since the last run must not keep a report here that
        # the new manifest does not list; files we did not write ourselves are never touched.
        current = {o.path for o in outcome.outputs}
        for old in outcome.previous:
            if old not in current and old.is_file():
                old.unlink()


def process_workbook(path: Path, settings: Settings, renderer: Renderer | None = None) -> WorkbookOutcome:
    """One workbook, start to finish (a watcher or mailer handling files as they arrive)."""
    summary = run_paths([path], settings, renderer=renderer or Renderer(1))
    if summary.outcomes:
        return summary.outcomes[0]
    return WorkbookOutcome(path=path, status="rejected", findings=[Finding(
        code="not-a-workbook", file=str(path), message="不是可处理的 .xlsx 工作簿",
        message_en="not an .xlsx workbook that can be processed")])


__all__ = ["Settings", "WorkbookOutcome", "RunSummary", "OutputFile", "collect", "prepare", "plan_jobs",
           "process_workbook", "run_paths", "write_manifest"]
