"""One team workbook dropped alone: seconds until all its reports are on disk (issue 11: ≤ 3 s for 20 people).

Timed three ways, each from the start to the last PDF written, printed as one JSON line:
- cold: `kpi-report run WORKBOOK --out DIR` as a new process: start-up, worker pool, a new
  SQLite archive (its tables created), reading, reports;
- service, first: what the drop-folder service does with its first workbook once the file is
  stable: the worker pool and the archive are already up (their start is timed apart, as
  `service_start`), so only the run counts; the workers' first documents still warm their fonts;
- service, next: the same service's next workbook (a copy under another name, another folder):
  what every later drop costs.

    python bench/solo.py WORKBOOK OUT_DIR [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def cold(workbook: Path, out: Path, jobs: int) -> float:
    cli = Path(sys.executable).with_name("kpi-report")
    cmd = [str(cli)] if cli.exists() else [sys.executable, "-m", "generator.cli"]
    start = time.perf_counter()
    subprocess.run([*cmd, "run", str(workbook), "--out", str(out / "reports"), "--jobs", str(jobs),
                    "--archive", str(out / "archive.db")], check=True, capture_output=True)
    return time.perf_counter() - start


def service(workbook: Path, out: Path, jobs: int) -> dict[str, float]:
    from generator.archive.db import open_archive
    from generator.archive.hooks import with_archive
    from generator.pipeline import Settings, run_paths
    from generator.report.render_pool import Renderer

    start = time.perf_counter()
    with Renderer(jobs) as renderer:
        archive = open_archive(str(out / "archive.db"))
        try:
            settings, _ = with_archive(Settings(out_dir=out / "reports", jobs=jobs), archive)
            ready = time.perf_counter() - start
            times = []
            for n in (1, 2):
                copy = out / f"drop-{n}" / workbook.name
                copy.parent.mkdir(parents=True)
                shutil.copy2(workbook, copy)
                t0 = time.perf_counter()
                summary = run_paths([copy], settings, renderer=renderer)
                times.append(time.perf_counter() - t0)
                if summary.exit_code != 0:
                    raise SystemExit(f"service run failed: {summary.outcomes[0].findings[:1]}")
        finally:
            archive.dispose()
    return {"service_start": ready, "service_first": times[0], "service_next": times[1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workbook", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--jobs", type=int, default=0)
    args = ap.parse_args()
    from generator.workbook import load_workbook_input

    employees = len(load_workbook_input(args.workbook).rows)
    figures = {"employees": employees, "cold": cold(args.workbook, args.out / "cold", args.jobs)}
    figures.update(service(args.workbook, args.out / "service", args.jobs))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
