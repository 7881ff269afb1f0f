"""The executor seam: a run renders through an executor the caller passes in and leaves it running."""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from generator.pipeline import Settings, run_paths
from generator.report.render_pool import Renderer, _ready, init_worker
from tests.report_support import presales_workbook


def test_a_run_renders_on_the_callers_executor(tmp_path: Path) -> None:
    workbook = presales_workbook(tmp_path / "in" / "team.xlsx")
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=init_worker) as pool:
        worker = pool.submit(_ready).result()
        summary = run_paths([workbook], Settings(out_dir=tmp_path / "out"), renderer=Renderer(executor=pool))
        assert summary.exit_code == 0 and summary.employees > 0
        pdfs = sorted((tmp_path / "out").rglob("*.pdf"))
        assert len(pdfs) == summary.employees + 1 and all(p.read_bytes()[:5] == b"%PDF-" for p in pdfs)
        # The run did not shut the caller's executor down; its one worker did the rendering.
        assert pool.submit(_ready).result() == worker != os.getpid()


def test_render_workers_yield_the_cpu_to_the_process_that_feeds_them() -> None:
    """With a worker per core, the main process's reading and validating is not queued behind renders."""
    from generator.report.render_pool import WORKER_NICE

    with Renderer(2) as renderer:
        assert renderer._pool is not None
        niceness = {renderer._pool.submit(os.nice, 0).result() for _ in range(4)}
    assert niceness == {min(os.nice(0) + WORKER_NICE, 19)}


class CountingExecutor(ThreadPoolExecutor):
    """One render thread that counts the jobs submitted and not yet finished."""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self.in_flight = self.most = 0
        self.lock = threading.Lock()

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        with self.lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _: object) -> None:
        with self.lock:
            self.in_flight -= 1


def test_a_run_reads_ahead_only_as_far_as_the_workers_can_use(tmp_path: Path) -> None:
    """Jobs waiting for a worker hold their employees' results: a long run must not queue them all."""
    books = [presales_workbook(tmp_path / "in" / f"{d}.xlsx", department=d) for d in ("一组", "二组", "三组")]
    with CountingExecutor() as pool:
        summary = run_paths(books, Settings(out_dir=tmp_path / "out", read_ahead=2), renderer=Renderer(executor=pool))
    per_book = summary.outcomes[0].employees + 2  # its PDFs, the team PDF and the Excel file
    assert summary.exit_code == 0 and len(summary.accepted) == 3
    assert pool.most <= 2 + per_book < 3 * per_book
    assert sum(len(o.outputs) for o in summary.accepted) == 3 * per_book
