"""One end-to-end run of kpi-report, in a process of its own, printed as one JSON line.

It does what `kpi-report run` does (bench_run.py starts it once per round): the worker pool
forked first, the SQLite archive beside the output opened after it (unless --no-archive),
`run_paths` over the folder. Per stage: "read" is the main process's read + validate +
compute (wall); "excel" and "pdf" add up the workers' seconds per file; "archive" is the wall
time spent saving accepted workbooks. Peak RSS is the main process's and the largest
worker's (ru_maxrss of the reaped children).

    python bench/tool_run.py IN_DIR OUT_DIR [--jobs N] [--no-archive]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def pdf_sizes(summary: object) -> dict[str, list[int]]:
    sizes: dict[str, list[int]] = {"employee_pdf": [], "team_pdf": [], "excel": []}
    for outcome in summary.outcomes:  # type: ignore[attr-defined]
        for o in outcome.outputs:
            sizes.setdefault(o.kind, []).append(o.size)
    return sizes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--no-archive", action="store_true")
    args = ap.parse_args()
    start = time.perf_counter()
    from generator.pipeline import Settings, run_paths
    from generator.report.render_pool import Renderer

    settings = Settings(out_dir=args.out, jobs=args.jobs, keep_results=False)  # as `kpi-report run` does
    archive_seconds = [0.0]
    with Renderer(args.jobs) as renderer:
        archive = None
        if not args.no_archive:
            from generator.archive.db import open_archive
            from generator.archive.hooks import default_location, with_archive

            archive = open_archive(default_location(args.out))
            settings, hooks = with_archive(settings, archive)
            save = hooks.archive.save

            def timed_save(*a: object, **k: object) -> int:
                t0 = time.perf_counter()
                try:
                    return save(*a, **k)
                finally:
                    archive_seconds[0] += time.perf_counter() - t0

            hooks.archive.save = timed_save  # type: ignore[method-assign]
        try:
            summary = run_paths([args.inputs], settings, renderer=renderer)
        finally:
            if archive is not None:
                archive.dispose()
    wall = time.perf_counter() - start
    if summary.exit_code != 0:
        raise SystemExit(f"tool run failed: {[(o.path.name, o.findings[:1]) for o in summary.rejected][:3]}")
    stages = {"read+validate+compute": 0.0, "excel": 0.0, "pdf": 0.0}
    for outcome in summary.outcomes:
        stages["read+validate+compute"] += outcome.timings.get("read", 0.0)
        stages["excel"] += outcome.timings.get("excel", 0.0)
        stages["pdf"] += outcome.timings.get("pdf", 0.0)
    if not args.no_archive:
        stages["archive"] = archive_seconds[0]
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "wall": wall, "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime, "employees": summary.employees, "workbooks": len(summary.accepted), "stages": stages,
        "sizes": pdf_sizes(summary), "rss_main_mb": own.ru_maxrss / 1024, "rss_worker_mb": kids.ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
