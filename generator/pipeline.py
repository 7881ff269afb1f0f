"""collect → read → appraise → render → announce: the one library path every front end calls.

`run_paths` (kpi-report run, the watcher, scripts) writes reports; `validate_paths`
(kpi-report validate) stops after the appraisal and writes only annotated copies. Both read
each workbook once and compute each employee once. A rejected workbook gets an annotated copy
and no reports; the others still run. Rendering happens in a pool of worker processes
(`Settings.jobs`) while the next workbook is read. Every accepted and rejected workbook is
announced to `Settings.subscribers` (see events.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.appraisal import appraise
from generator.core.findings import Finding, KpiError, Severity
from generator.core.text import t
from generator.engine import Adjust
from generator.events import Event, RunFinished, Subscriber, WorkbookAccepted, WorkbookRejected
from generator.model.results import AppraisalKey, TeamResult
from generator.report.context import ReportMeta
from generator.report.render_pool import Done, Job, Renderer
from generator.scheme.model import Scheme
from generator.scheme.registry import SchemeRegistry
from generator.store import layout, manifest, results
from generator.store.inputs import collect
from generator.store.layout import Claims, FolderConflict, annotated_target, plan_jobs
from generator.store.lock import Holder, exclusive
from generator.store.manifest import Entry

# progress(stage, done, total): stage is "read" (workbooks) or "render" (output files).
ProgressFn = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Settings:
    out_dir: Path
    lang: str = "zh"
    jobs: int = 0  # 0: one worker per core
    clock: Callable[[], datetime] = datetime.now
    schemes: SchemeRegistry | None = None  # built once per run; None: the built-in schemes only
    scheme: Scheme | None = None  # --scheme: every workbook must be made from this one
    expected_period: str | None = None
    lock_wait: float = 600.0  # seconds to wait while another run writes to out_dir
    on_lock_wait: Callable[[Holder], None] | None = None  # told once whom the run waits for
    subscribers: Sequence[Subscriber] = ()
    adjust: Adjust | None = None  # grades imposed between the team stage and pay (history rules, calibration)
    annotate: bool = True
    annotate_dir: Path | None = None  # validate: None = beside each workbook; run: out_dir/未通过
    # Checks on an appraised, valid workbook before anything is rendered (a closed period, say);
    # an error finding rejects it. Like subscribers, the pipeline knows nothing of who gives them.
    admit: Sequence[Callable[[WorkbookOutcome], Iterable[Finding]]] = ()
    # False: a workbook's results are let go once it is announced (its results.json and the
    # subscribers have them), so a run over 10,000 employees holds one team at a time, not all.
    keep_results: bool = True
    read_ahead: int = 0  # render jobs left waiting before the next workbook is read; 0: Renderer.backlog()


OutputFile = Entry  # one written report, with its hash


@dataclass
class WorkbookOutcome:
    path: Path
    status: str = "pending"  # "accepted" | "rejected" | "failed"
    findings: list[Finding] = field(default_factory=list)
    dropped: int = 0  # findings beyond the cap, counted but not listed
    employees: int = 0
    folder: Path | None = None
    outputs: list[OutputFile] = field(default_factory=list)
    annotated: Path | None = None
    manifest: Path | None = None
    results: Path | None = None  # results.json
    timings: dict[str, float] = field(default_factory=dict)
    team: TeamResult | None = None
    key: AppraisalKey | None = None
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
    interrupted: bool = False  # stopped by SIGINT (Ctrl-C): unfinished workbooks are marked failed
    unread: int = 0  # workbooks an interrupted run never reached

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
        if self.interrupted:  # 128 + SIGINT, as a shell reports an interrupted program
            return 130
        return 0 if self.outcomes and not self.rejected else 1


# ---- one workbook: read and appraise --------------------------------------------------------


def _announce(outcome: WorkbookOutcome, settings: Settings, event: Event) -> None:
    for subscriber in settings.subscribers:
        try:
            subscriber(event)
        except Exception as exc:  # one subscriber's failure is this workbook's failure, not the run's
            name = getattr(subscriber, "__qualname__", type(subscriber).__name__)
            outcome.status = "failed"
            outcome.findings.append(Finding(
                code="subscriber-failed", file=str(outcome.path), value=f"{type(exc).__name__}: {exc}"[:300],
                message=f"报告已生成,但后续处理({name})失败", message_en=f"reports were written but {name} failed",
                hint="查看日志后重新运行;已生成的报告不受影响", hint_en="check the log and run again; the reports stay"))


NOT_A_WORKBOOK = frozenset({"file-not-excel", "file-empty", "file-not-regular", "file-unsupported"})


def _annotate(outcome: WorkbookOutcome, loaded: Any, settings: Settings, claims: Claims, folder: Path | None) -> None:
    if loaded is None or not settings.annotate:
        return
    if any(f.code in NOT_A_WORKBOOK for f in outcome.findings):
        return  # a text file, an empty file, a folder…: an "annotated" .xlsx of it would only puzzle
    from generator.workbook import annotate

    target = annotated_target(outcome.path, folder, settings.lang, claims)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        outcome.annotated = annotate(loaded, target, settings.lang)
    except Exception as exc:  # an annotated copy is a courtesy; the findings are the verdict
        outcome.findings.append(Finding(code="annotate-failed", severity=Severity.WARNING, file=str(outcome.path),
                                        message=f"无法生成批注副本:{exc}", message_en=f"could not annotate: {exc}"))


def _failed(path: Path, exc: Exception) -> WorkbookOutcome:
    return WorkbookOutcome(path=path, status="failed", findings=[Finding(
        code="internal-error", file=str(path), value=f"{type(exc).__name__}: {exc}"[:300],
        message="处理该工作簿时发生内部错误,其他工作簿不受影响", message_en="internal error while processing this workbook; "
        "the other workbooks are not affected", hint="请把该工作簿和此信息发给维护人员",
        hint_en="send this workbook and this message to the maintainers")])


def examine(path: Path, settings: Settings, claims: Claims, annotate_dir: Path | None) -> WorkbookOutcome:
    """Read, validate and appraise one workbook; a rejected one gets its findings and annotated copy."""
    from generator.workbook import load_workbook_input

    outcome = WorkbookOutcome(path=path)
    start = time.perf_counter()
    loaded = load_workbook_input(path, schemes=settings.schemes, scheme=settings.scheme,
                                 expected_period=settings.expected_period)
    outcome.input_sha256 = loaded.sha256
    appraisal = appraise(loaded, settings.adjust)
    outcome.timings["read"] = time.perf_counter() - start
    outcome.key = appraisal.key
    outcome.findings = list(loaded.findings)
    outcome.dropped = loaded.findings.dropped
    if not appraisal.ok or appraisal.team is None:
        outcome.status = "rejected"
        if not loaded.findings.errors and not loaded.findings.dropped:
            outcome.findings.append(Finding(code="no-employees", file=str(path), message="工作簿中没有员工数据",
                                            message_en="the workbook lists no employees"))
        _annotate(outcome, loaded, settings, claims, annotate_dir)
        return outcome
    outcome.team = appraisal.team
    outcome.employees = len(appraisal.team.employees)
    outcome.meta = _meta(loaded, settings)
    refusals = [f for check in settings.admit for f in check(outcome)]
    outcome.findings.extend(refusals)
    if any(f.severity is Severity.ERROR for f in refusals):
        outcome.status, outcome.team, outcome.employees = "rejected", None, 0
    return outcome


def _meta(loaded: Any, settings: Settings) -> ReportMeta:
    return ReportMeta.of(loaded, settings.clock(), settings.lang)


def _examine_safely(path: Path, settings: Settings, claims: Claims, annotate_dir: Path | None) -> WorkbookOutcome:
    try:
        return examine(path, settings, claims, annotate_dir)
    except Exception as exc:  # a bug or an unreadable file must not stop the other workbooks
        return _failed(path, exc)


# ---- validate: read and appraise only ------------------------------------------------------


def validate_paths(paths: Iterable[Path], settings: Settings, progress: ProgressFn | None = None) -> RunSummary:
    """Check workbooks without writing reports; rejected ones get an annotated copy (settings.annotate_dir
    or beside the workbook). Every outcome is announced."""
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    workbooks = collect(paths)
    claims = Claims()
    outcomes: list[WorkbookOutcome] = []
    for n, path in enumerate(workbooks, 1):
        outcome = _examine_safely(path, settings, claims, settings.annotate_dir)
        if outcome.status == "pending":
            outcome.status = "accepted"
        outcomes.append(outcome)
        _announce(outcome, settings, WorkbookAccepted(outcome) if outcome.ok else WorkbookRejected(outcome))
        report("read", n, len(workbooks))
    summary = RunSummary(outcomes=outcomes, seconds=time.perf_counter() - started)
    _announce_run(summary, settings)
    return summary


def _announce_run(summary: RunSummary, settings: Settings) -> None:
    for subscriber in settings.subscribers:
        subscriber(RunFinished(summary))


# ---- run: appraise and render ---------------------------------------------------------------


def run_paths(paths: Iterable[Path], settings: Settings, progress: ProgressFn | None = None,
              renderer: Renderer | None = None) -> RunSummary:
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    workbooks = collect(paths, settings.out_dir)
    with exclusive(settings.out_dir, settings.lock_wait, on_wait=settings.on_lock_wait):
        summary = _run_locked(workbooks, settings, report, renderer, started)
    _announce_run(summary, settings)
    return summary


def _run_locked(workbooks: list[Path], settings: Settings, report: ProgressFn, renderer: Renderer | None,
                started: float) -> RunSummary:
    own = renderer is None
    renderer = renderer or Renderer(settings.jobs)
    outcomes: list[WorkbookOutcome] = []
    pending: dict[Future[Done], WorkbookOutcome] = {}
    waiting: dict[int, int] = {}  # id(outcome) → render jobs still running
    claims = Claims()
    counts = [0, 0]  # rendered, planned
    rejected_dir = settings.out_dir / t("files.rejected", settings.lang)
    interrupted = False
    try:
        for n, path in enumerate(workbooks, 1):
            outcome = _examine_safely(path, settings, claims, rejected_dir)
            outcomes.append(outcome)
            report("read", n, len(workbooks))
            jobs = _plan(outcome, settings, claims) if outcome.status == "pending" else []
            if not jobs:
                if outcome.status != "pending":  # an earlier version's reports are now stale: say so
                    outcome.findings += layout.note_stale(settings.out_dir, outcome, settings.clock(), settings.lang)
                _announce(outcome, settings, WorkbookRejected(outcome))
                continue
            waiting[id(outcome)] = len(jobs)
            counts[1] += len(jobs)
            for job in jobs:
                pending[renderer.submit(job)] = outcome
            report("render", counts[0], counts[1])
            _drain(pending, waiting, settings, report, counts, block=False)
            # Read ahead only as far as the workers can use: waiting jobs hold their employees' results.
            _drain(pending, waiting, settings, report, counts, block=True, keep=settings.read_ahead or renderer.backlog())
        _drain(pending, waiting, settings, report, counts, block=True)
    except KeyboardInterrupt:  # Ctrl-C: stop cleanly; unfinished folders keep their INCOMPLETE note
        interrupted = True
        for future in pending:
            future.cancel()
        for outcome in {id(o): o for o in pending.values()}.values():
            layout.mark_interrupted(outcome)
    finally:
        if own:
            renderer.close()
    return RunSummary(outcomes, time.perf_counter() - started, interrupted, len(workbooks) - len(outcomes))


def _plan(outcome: WorkbookOutcome, settings: Settings, claims: Claims) -> list[Job]:
    try:
        assert outcome.meta is not None and outcome.team is not None
        meta = outcome.meta
        owner = manifest.Owner(meta.company, meta.department, meta.period, meta.scheme_id, str(outcome.path))
        try:
            outcome.folder = claims.claim(settings.out_dir, meta.period, meta.department, meta.scheme_id,
                                          outcome.path.stem, owner=owner)
        except FolderConflict as conflict:
            outcome.status, outcome.team, outcome.employees = "rejected", None, 0
            outcome.findings.append(conflict.finding(outcome.path, owner))
            return []
        outcome.previous = layout.begin_folder(outcome.folder, settings.lang)  # its old manifest goes until the end
        manifest.write_owner(outcome.folder, owner)  # before rendering: the folder is this appraisal's
        return plan_jobs(outcome.team, meta, outcome.folder, settings.lang)
    except Exception as exc:
        failed = _failed(outcome.path, exc)
        outcome.status, outcome.findings = failed.status, outcome.findings + failed.findings
        return []


def _drain(pending: dict[Future[Done], WorkbookOutcome], waiting: dict[int, int], settings: Settings,
           report: ProgressFn, counts: list[int], block: bool, keep: int = 0) -> None:
    """Collect finished jobs until at most `keep` are left (or, not blocking, none is finished); when a
    workbook's last job is in, finish and announce it."""
    while len(pending) > keep:
        done, _ = wait(list(pending), timeout=None if block else 0, return_when=FIRST_COMPLETED)
        if not done:
            return
        for future in done:
            outcome = pending.pop(future)
            _record(outcome, future)
            counts[0] += 1
            report("render", counts[0], counts[1])
            waiting[id(outcome)] -= 1
            if waiting[id(outcome)] == 0:
                _finish(outcome, settings)


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
    if outcome.status != "pending":
        _announce(outcome, settings, WorkbookRejected(outcome))
        return
    assert outcome.folder is not None and outcome.meta is not None
    outcome.status = "accepted"
    outcome.results = results.write(outcome.folder, outcome, settings.lang)
    listed = [*outcome.outputs, _entry(outcome.results, "results")]
    outcome.manifest = manifest.write(outcome.folder, outcome.meta, outcome.path, outcome.input_sha256,
                                      outcome.employees, listed, settings.lang)
    # An employee who left the team since the last run must not keep a report here that
    # the new manifest does not list; files we did not write ourselves are never touched.
    current = {o.path for o in listed}
    for old in outcome.previous:
        if old not in current and old.is_file():
            old.unlink()
    layout.end_folder(outcome.folder, settings.out_dir / t("files.rejected", settings.lang), outcome.path)
    _announce(outcome, settings, WorkbookAccepted(outcome))
    if not settings.keep_results:
        outcome.team = None


def _entry(path: Path, kind: str) -> Entry:
    from generator.report.render_pool import sha256_of

    return Entry(path=path.resolve(), kind=kind, sha256=sha256_of(path), size=path.stat().st_size)


def process_workbook(path: Path, settings: Settings, renderer: Renderer | None = None) -> WorkbookOutcome:
    """One workbook, start to finish (a watcher or mailer handling files as they arrive)."""
    summary = run_paths([path], settings, renderer=renderer or Renderer(1))
    if summary.outcomes:
        return summary.outcomes[0]
    return WorkbookOutcome(path=path, status="rejected", findings=[Finding(
        code="not-a-workbook", file=str(path), message="不是可处理的 .xlsx 工作簿",
        message_en="not an .xlsx workbook that can be processed")])


def with_subscribers(settings: Settings, *subscribers: Subscriber) -> Settings:
    return replace(settings, subscribers=(*settings.subscribers, *subscribers))


__all__ = ["KpiError", "OutputFile", "RunSummary", "Settings", "WorkbookOutcome", "collect", "examine",
           "plan_jobs", "process_workbook", "run_paths", "validate_paths", "with_subscribers"]
