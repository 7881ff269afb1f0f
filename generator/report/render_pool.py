"""Rendering jobs and where they run: in this process, or in a pool of worker processes.

A job is plain data (what to render, where to write it) so it can be pickled to a worker.
Each worker builds one PdfWriter, hence one FontConfiguration, in the pool initializer and
keeps it for every document it renders: font set-up is the expensive part of a first PDF.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.model.results import EmployeeResult, TeamResult
from generator.report.context import ReportMeta


@dataclass(frozen=True)
class Job:
    kind: str  # "excel" | "employee_pdf" | "team_pdf"
    path: Path
    meta: ReportMeta
    team: TeamResult | None = None
    employee: EmployeeResult | None = None


@dataclass(frozen=True)
class Done:
    job: Job
    sha256: str
    size: int
    seconds: float


_WRITER = None  # this process's PdfWriter, built on first use or by the pool initializer


def _pdf_writer():  # type: ignore[no-untyped-def]
    global _WRITER
    if _WRITER is None:
        from generator.report.pdf import PdfWriter

        _WRITER = PdfWriter()
    return _WRITER


# How much less CPU priority a worker has than the process that feeds it. With one worker per
# core, the main process (reading, validating and computing the next workbooks, collecting
# results) would otherwise share a core with a worker: every workbook's findings and the next
# team's jobs would wait behind the renders. Niced workers take whatever CPU the main process
# leaves, so the total work and the end-to-end time stay the same.
WORKER_NICE = 5


def init_worker() -> None:
    """Pool initializer: a fresh writer per worker, never one inherited from the parent by fork."""
    global _WRITER
    from generator.report.pdf import PdfWriter

    try:
        os.nice(WORKER_NICE)
    except (AttributeError, OSError):  # no nice() on this platform: same priority, same results
        pass
    _WRITER = PdfWriter()
    _WRITER.warm()  # while the main process reads the first workbook


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_job(job: Job) -> Done:
    start = time.perf_counter()
    if job.kind == "excel":
        from generator.report.excel import write_excel

        assert job.team is not None
        write_excel(job.team, job.meta, job.path)
    elif job.kind == "employee_pdf":
        from generator.report.pdf import employee_html

        assert job.employee is not None
        _pdf_writer().write(employee_html(job.employee, job.meta), job.path)
    elif job.kind == "team_pdf":
        from generator.report.pdf import team_html

        assert job.team is not None
        _pdf_writer().write(team_html(job.team, job.meta), job.path)
    else:
        raise ValueError(f"unknown job kind {job.kind!r}")
    return Done(job=job, sha256=sha256_of(job.path), size=job.path.stat().st_size,
                seconds=time.perf_counter() - start)


def _ready() -> int:
    return os.getpid()


class Renderer:
    """Runs jobs in this process (jobs=1), in a pool of `jobs` worker processes, or on an
    executor the caller passes in.

    The executor is the seam for other ways of running jobs (a cluster, say): anything with
    `concurrent.futures.Executor`'s submit that runs `run_job(job)` where `init_worker()` has
    run once, and returns its Done. The caller owns it: close() leaves it running.
    """

    def __init__(self, jobs: int = 0, executor: Executor | None = None,
                 initializer: Callable[..., None] = init_worker, initargs: tuple[Any, ...] = (),
                 wait_ready: bool = False):
        self.jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
        self._pool: Executor | None = executor
        self._own = executor is None
        if executor is None and self.jobs > 1:
            # fork: workers inherit the imported renderer and never re-import the caller's
            # __main__ (spawn/forkserver would, and a script without a main guard breaks).
            # All workers are forked by the first submit, before the caller starts any thread (a
            # progress bar), so no child inherits a lock held by another thread. Their set-up
            # (WeasyPrint's import, fonts, a scrap page) is not waited for unless asked: the
            # caller reads and validates the first workbook meanwhile.
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            ctx = multiprocessing.get_context(method)
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=ctx, initializer=initializer,
                                             initargs=initargs)
            first = self._pool.submit(_ready)
            if wait_ready or method != "fork":  # spawn starts workers as work arrives: wait for every one
                for warm in [first] + [self._pool.submit(_ready) for _ in range(self.jobs - 1)]:
                    warm.result()

    def backlog(self) -> int:
        """Jobs a caller may leave waiting before it prepares more: seconds of work for every worker (a
        report takes ~0.15–0.35 s), so none waits, and no more, since every waiting job holds its results."""
        return max(32, 16 * self.jobs)

    def submit(self, job: Job) -> Future[Done]:
        if self._pool is not None:
            return self._pool.submit(run_job, job)
        future: Future[Done] = Future()
        try:
            future.set_result(run_job(job))
        except Exception as exc:  # reported through the future, as the pool would
            future.set_exception(exc)
        return future

    def close(self) -> None:
        if self._pool is not None and self._own:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
