"""The tool's stages one by one, in one process and one thread, printed as one JSON line:
read (openpyxl parse), validate (the rest of load_workbook_input), compute (engine + team),
Excel (every team's workbook), PDF (the first 20 employee PDFs and one team PDF, per file).

    python bench/stages.py IN_DIR OUT_DIR
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.engine import compute  # noqa: E402
from generator.engine.team import compute_team  # noqa: E402
from generator.pipeline import Settings, _meta  # noqa: E402
from generator.report.render_pool import run_job  # noqa: E402
from generator.store.layout import plan_jobs  # noqa: E402
from generator.workbook import load_workbook_input  # noqa: E402
from generator.workbook.reader import open_workbook  # noqa: E402


def main() -> None:
    inputs, out = Path(sys.argv[1]), Path(sys.argv[2])
    files = sorted(inputs.glob("*.xlsx"))
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}
    c0 = time.process_time()
    t0 = time.perf_counter()
    for p in files:
        open_workbook(p).close()
    t1, c1 = time.perf_counter(), time.process_time()
    loaded = [load_workbook_input(p) for p in files]
    t2, c2 = time.perf_counter(), time.process_time()
    teams = [compute_team(lw.scheme, [compute(lw.scheme, r) for r in lw.rows]) for lw in loaded]
    t3, c3 = time.perf_counter(), time.process_time()
    times["read"], times["validate"], times["compute"] = t1 - t0, (t2 - t1) - (t1 - t0), t3 - t2
    cpu["read"], cpu["validate"], cpu["compute"] = c1 - c0, (c2 - c1) - (c1 - c0), c3 - c2
    settings = Settings(out_dir=out, clock=lambda: datetime(2024, 6, 3, 9, 0))
    jobs = []
    for i, (lw, team) in enumerate(zip(loaded, teams, strict=True)):
        jobs += plan_jobs(team, _meta(lw, settings), out / f"wb{i:03d}", "zh")
    t4, c4 = time.perf_counter(), time.process_time()
    for job in (j for j in jobs if j.kind == "excel"):
        run_job(job)
    times["excel"], cpu["excel"] = time.perf_counter() - t4, time.process_time() - c4
    pdfs = [j for j in jobs if j.kind == "employee_pdf"][:20]
    run_job(pdfs[0])  # the first PDF of a process builds the font configuration: measured apart
    t5, c5 = time.perf_counter(), time.process_time()
    for job in pdfs[1:]:
        run_job(job)
    n = max(len(pdfs) - 1, 1)
    times["employee PDF, per file"] = (time.perf_counter() - t5) / n
    cpu["employee PDF, per file"] = (time.process_time() - c5) / n
    team = next(j for j in jobs if j.kind == "team_pdf")
    t6, c6 = time.perf_counter(), time.process_time()
    run_job(team)
    times["team PDF, per file"], cpu["team PDF, per file"] = time.perf_counter() - t6, time.process_time() - c6
    print(json.dumps({"stages": times, "stages_cpu": cpu, "employees": sum(len(t.employees) for t in teams)}))


if __name__ == "__main__":
    main()
