"""End-to-end speed: 50 generated team workbooks × 20 employees = 1,000 appraisals.

Times each stage on its own (read + validate, compute, Excel, PDF) and then the whole
`run_paths` as `kpi-report run` does it, and prints wall times and peak memory. Figures
are printed, not asserted: they depend on the machine.

    .venv/bin/python bench/bench_run.py [--workbooks 50] [--employees 20] [--jobs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.engine import compute  # noqa: E402
from generator.engine.team import compute_team  # noqa: E402
from generator.model.results import Employee  # noqa: E402
from generator.pipeline import Settings, _meta, run_paths  # noqa: E402
from generator.report.render_pool import Renderer, run_job  # noqa: E402
from generator.scheme.loader import load_builtin  # noqa: E402
from generator.store.layout import plan_jobs  # noqa: E402
from generator.workbook import load_workbook_input  # noqa: E402
from generator.workbook.template import HeaderInfo, TemplateRow, write_template  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
SCHEME = "presales-ecommerce"
PERIOD = "2024-05"


def presales_row(rng: random.Random, n: int, team: int) -> TemplateRow:
    """Plausible 电商售前 figures: paid ≤ inquiries, paid orders ≤ placed orders, etc."""
    inquiries = rng.randint(300, 900)
    placed = rng.randint(200, 800)
    received = rng.randint(400, 1200)
    values: dict[str, object] = {
        "inquiries": inquiries, "paid_buyers": int(inquiries * rng.uniform(0.40, 0.85)),
        "orders_placed": placed, "orders_paid": int(placed * rng.uniform(0.70, 0.99)),
        "cs_order_value": Decimal(rng.randint(9000, 13000)) / 100, "shop_order_value": Decimal("100.00"),
        "received": received, "replied": int(received * rng.uniform(0.93, 1.0)),
        "response_seconds": rng.randint(15, 70), "task_score": rng.randint(5, 10), "attitude_score": rng.randint(2, 5),
        "late_times": rng.choice([0, 0, 0, 1, 2]), "leave_days": rng.choice([0, 0, 1, 2]),
        "tip_fives": rng.choice([0, 0, 1, 2]), "sales_amount": Decimal(rng.randint(50_000, 400_000)),
    }
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    emp = Employee(id=f"T{team:02d}E{n:03d}", name=name, position="售前客服")
    return TemplateRow(employee=emp, values=values, comment=f"{name}本月表现稳定,继续保持。")


def generate(folder: Path, workbooks: int, employees: int) -> list[Path]:
    scheme = load_builtin(SCHEME)
    rng = random.Random(20240501)
    paths = []
    for t in range(1, workbooks + 1):
        header = HeaderInfo(period=PERIOD, company="杭州某电商有限公司", department=f"售前客服{t:02d}组", manager="钱经理")
        rows = [presales_row(rng, n, t) for n in range(1, employees + 1)]
        paths.append(write_template(scheme, header, folder / f"team-{t:02d}.xlsx", rows))
    return paths


def rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workbooks", type=int, default=50)
    ap.add_argument("--employees", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--keep", type=Path, help="keep inputs and outputs in this folder")
    args = ap.parse_args()
    jobs = args.jobs or os.cpu_count() or 1
    root = args.keep or Path(tempfile.mkdtemp(prefix="kpi-bench-"))
    inputs, staged, e2e = root / "in", root / "out-stages", root / "out"
    for d in (inputs, staged, e2e):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    times: dict[str, float] = {}

    def timed(label: str, fn):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        value = fn()
        times[label] = time.perf_counter() - start
        return value

    n_total = args.workbooks * args.employees
    print(f"kpi-report bench: {args.workbooks} workbooks × {args.employees} employees = {n_total}, "
          f"jobs={jobs}, cores={os.cpu_count()}, in {root}")
    files = timed("generate workbooks", lambda: generate(inputs, args.workbooks, args.employees))

    tracemalloc.start()
    settings = Settings(out_dir=staged, jobs=jobs, clock=lambda: datetime(2024, 6, 3, 9, 0))
    loaded = timed("read + validate", lambda: [load_workbook_input(p) for p in files])
    bad = [lw.path for lw in loaded if not lw.findings.ok]
    if bad:
        raise SystemExit(f"generated workbooks were rejected: {bad[:3]} …")
    teams = timed("compute", lambda: [compute_team(lw.scheme, [compute(lw.scheme, r) for r in lw.rows]) for lw in loaded])
    heap_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()

    all_jobs = []
    for i, (lw, team) in enumerate(zip(loaded, teams, strict=True)):
        meta = _meta(lw, settings)
        all_jobs += plan_jobs(team, meta, staged / f"wb{i:02d}", "zh")
    excel = [j for j in all_jobs if j.kind == "excel"]
    pdfs = [j for j in all_jobs if j.kind != "excel"]
    timed("Excel (1 process)", lambda: [run_job(j) for j in excel])
    sample = pdfs[: min(20, len(pdfs))]
    timed("PDF, 20 in 1 process", lambda: [run_job(j) for j in sample])

    def pool_pdfs() -> None:
        with Renderer(jobs) as r:
            for f in [r.submit(j) for j in pdfs]:
                f.result()

    timed(f"PDF ×{len(pdfs)} ({jobs} workers)", pool_pdfs)
    summary = timed(f"end to end: run_paths ({jobs} workers)",
                    lambda: run_paths([inputs], Settings(out_dir=e2e, jobs=jobs)))
    assert summary.exit_code == 0 and summary.employees == n_total, summary.rejected[:1]

    print(f"\n{'stage':<40}{'seconds':>10}{'ms / employee':>16}")
    for label, secs in times.items():
        per = secs * 1000 / (20 if label.startswith("PDF, 20") else n_total)
        print(f"{label:<40}{secs:>10.2f}{per:>16.1f}")
    outputs = sum(len(o.outputs) for o in summary.outcomes)
    size = sum(f.stat().st_size for f in e2e.rglob("*") if f.is_file()) / 2**20
    print(f"\nend to end: {len(summary.accepted)} workbooks, {summary.employees} employees, {outputs} files, "
          f"{size:.1f} MiB, {summary.employees / times[f'end to end: run_paths ({jobs} workers)']:.1f} employees/s")
    print(f"peak RSS: main process {rss_mb(resource.RUSAGE_SELF):.0f} MiB, "
          f"largest worker {rss_mb(resource.RUSAGE_CHILDREN):.0f} MiB; "
          f"Python heap peak during read+compute {heap_peak:.0f} MiB (tracemalloc)")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
