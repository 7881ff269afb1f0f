"""The executor seam: a run renders through an executor the caller passes in and leaves it running."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
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
