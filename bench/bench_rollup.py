"""`archive report` speed: a year of 12 monthly runs of 1,000 employees (5 departments × 200), on SQLite
and PostgreSQL. The target (issue 8): under 10 s for the year's roll-up.

The archive is filled through `Archive.save` with results computed by the real engine (no workbooks,
no monthly rendering: that is bench_run's business); 1 % of the employees miss one month, as people
join and leave. Then, timed:

1. `build_rollup` for 2026 (the library: one query, roll-up, ranking, awards per quarter);
2. `kpi-report archive report 2026 --json` as a real process (Python start-up included);
3. `kpi-report archive report 2026 --out DIR`: the Excel workbook (5 sheets, 5 native charts) and the
   PDF (5 rankings and 1,000 small trend charts), also as a real process.

Figures are printed, not asserted: they depend on the machine.

    .venv/bin/python bench/bench_rollup.py [--employees 200] [--departments 5] [--no-pg]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_archive import SCHEME, Clock, outcome, team_result  # noqa: E402

from generator.archive import open_archive  # noqa: E402
from generator.archive.rollup import build_rollup  # noqa: E402
from generator.engine.team import compute_team  # noqa: E402
from generator.history.periods import parse  # noqa: E402
from generator.scheme.loader import load_builtin  # noqa: E402

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]


def fill(url: str, departments: int, employees: int) -> float:
    rng = random.Random(11)
    start = time.perf_counter()
    with open_archive(url, clock=Clock()) as archive:
        for n, period in enumerate(MONTHS):
            for d in range(departments):
                team = team_result(rng, d, employees)
                # about 1 % miss this month (a different 1 % each month)
                kept = [r for r in team.employees if rng.random() > 0.01]
                team = compute_team(SCHEME, kept)
                archive.save(outcome(team, f"售前客服{d}组", period, n))
    return time.perf_counter() - start


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli(url: str, *args: str) -> str:
    """Wall-clock and CPU seconds of a real `kpi-report archive report 2026` process: on a shared,
    loaded machine the wall clock mostly measures the queue for a core, the CPU time does not."""
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "generator.cli", "archive", "report", "2026", "--archive", url, *args],
                   check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return f"{time.perf_counter() - start:8.2f} s wall {_children_cpu() - cpu:7.2f} s CPU"


def bench(name: str, url: str, departments: int, employees: int, folder: Path) -> None:
    print(f"\n{name}")
    print(f"  fill: 12 months × {departments * employees} employees saved in {fill(url, departments, employees):.1f} s")
    with open_archive(url) as archive:
        start, cpu = time.perf_counter(), time.process_time()
        rollup = build_rollup(archive, parse("2026"), lambda sid: load_builtin(sid))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    people = sum(len(t.employees) for t in rollup.teams)
    print(f"  build_rollup 2026 (library){'':18}{seconds:8.2f} s wall {cpu:7.2f} s CPU   "
          f"{people} employees, {len(rollup.teams)} teams")
    print(f"  archive report 2026 --json (process){'':9}{cli(url, '--json')}")
    out = folder / name
    print(f"  archive report 2026 --out (Excel + PDF){'':6}{cli(url, '--out', str(out))}   "
          + ", ".join(f"{p.name} {p.stat().st_size / 2**20:.1f} MiB" for p in sorted(out.iterdir())))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--departments", type=int, default=5)
    ap.add_argument("--employees", type=int, default=200, help="per department")
    ap.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kpi-bench-rollup-"))
    print(f"rollup bench: a year of 12 months × {args.departments} departments × {args.employees} employees "
          f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})")
    try:
        bench("SQLite", f"sqlite:///{folder / 'archive.db'}", args.departments, args.employees, folder)
        if not args.no_pg:
            from tests.pg_server import start_server, stop_server

            server = start_server()
            try:
                bench("PostgreSQL", server.create_database(), args.departments, args.employees, folder)
            finally:
                stop_server(server)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
