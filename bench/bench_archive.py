"""Archive speed on SQLite and PostgreSQL.

1. Saving 10,000 employees' results (50 teams × 200, each team one `save`, as the pipeline's
   subscriber does it), with a report-file row per PDF.
2. A year: 12 monthly periods × 1,000 employees (5 teams × 200) archived, then read back the way
   history rules and roll-ups read it: `period_results` for every team and month, `standings` of
   every team over the 12 months, `employee_history` of 100 employees.

Results are computed by the real engine from generated figures (no workbooks, no rendering), so the
numbers are the archive's own cost. PostgreSQL is a throw-away server started like the tests start
theirs (tests/pg_server.py), or `--pg-url` for an existing database. Figures are printed, not
asserted: they depend on the machine.

    .venv/bin/python bench/bench_archive.py [--teams 50] [--employees 200] [--no-pg] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_run import presales_row  # noqa: E402

from generator.archive import open_archive  # noqa: E402
from generator.engine import compute  # noqa: E402
from generator.engine.score import values_of  # noqa: E402
from generator.engine.team import compute_team  # noqa: E402
from generator.model.results import AppraisalKey, EmployeeInput, TeamResult  # noqa: E402
from generator.pipeline import OutputFile, WorkbookOutcome  # noqa: E402
from generator.scheme.loader import load_builtin  # noqa: E402

SCHEME = load_builtin("presales-ecommerce")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 1, 1, 9, 0)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def team_result(rng: random.Random, team: int, employees: int) -> TeamResult:
    rows = [presales_row(rng, n, team) for n in range(1, employees + 1)]
    return compute_team(SCHEME, [compute(SCHEME, EmployeeInput(employee=r.employee, values=values_of(r.values),
                                                               comment=r.comment)) for r in rows])


def outcome(team: TeamResult, department: str, period: str, n: int) -> WorkbookOutcome:
    key = AppraisalKey(company="杭州某电商有限公司", department=department, period=period, scheme_id=SCHEME.id,
                       scheme_version=SCHEME.version, scheme_hash="0" * 64)
    folder = Path("/reports") / period / department
    outputs = [OutputFile(path=folder / "绩效考核报告.xlsx", kind="excel", sha256="1" * 64, size=90_000),
               OutputFile(path=folder / "团队报告.pdf", kind="team_pdf", sha256="2" * 64, size=120_000)]
    outputs += [OutputFile(path=folder / f"{r.employee.id}.pdf", kind="employee_pdf", sha256="3" * 64, size=60_000,
                           employee_id=r.employee.id) for r in team.employees]
    sha = hashlib.sha256(f"{department}{period}{n}".encode()).hexdigest()
    return WorkbookOutcome(path=folder / "input.xlsx", status="accepted", team=team, key=key, outputs=outputs,
                           employees=len(team.employees), input_sha256=sha)


def timed(label: str, fn: Callable[[], Any], count: int, unit: str, results: list[tuple[str, float, str]]) -> Any:
    start = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - start
    results.append((label, seconds, f"{seconds * 1000 / count:.2f} ms / {unit}" if count else ""))
    return value


def bench(url: str, teams: int, employees: int, rng: random.Random) -> list[tuple[str, float, str]]:
    results: list[tuple[str, float, str]] = []
    computed = timed("compute (engine, for reference)", lambda: [team_result(rng, t, employees)
                                                                for t in range(teams)], teams * employees,
                     "employee", results)
    with open_archive(url, clock=Clock()) as archive:
        batch = [outcome(team, f"售前客服{t:02d}组", "2025-01", 0) for t, team in enumerate(computed)]
        timed(f"save {teams} teams × {employees}", lambda: [archive.save(o) for o in batch], teams * employees,
              "employee", results)

        # a year of one department of 5 teams × 200 employees: the same people every month
        year_teams = [computed[t] for t in range(5)]
        months = [f"2024-{m:02d}" for m in range(1, 13)]
        year = [outcome(team, f"年度{t}组", month, m) for m, month in enumerate(months)
                for t, team in enumerate(year_teams)]
        timed(f"save a year: 12 × {5 * employees}", lambda: [archive.save(o) for o in year], len(year) * employees,
              "employee", results)
        got = timed("read a year: period_results 12 × 5 teams", lambda: [
            archive.period_results(f"年度{t}组", month) for month in months for t in range(5)], 60, "call", results)
        assert sum(len(rows) for rows in got) == 12 * 5 * employees
        ids = [[r.employee.id for r in team.employees] for team in year_teams]
        standing = timed("read a year: standings 5 teams × 12 months", lambda: [
            archive.standings(f"年度{t}组", SCHEME.id, ids[t], months) for t in range(5)], 5, "team", results)
        assert all(len(periods) == 12 for s in standing for periods in s.values())
        people = [i for team_ids in ids for i in team_ids[:20]]
        timed("employee_history × 100", lambda: [archive.employee_history(e) for e in people], len(people),
              "employee", results)
        timed("list_periods", archive.list_periods, 1, "call", results)
        timed("export_rows, one month (1,000 rows)", lambda: archive.export_rows(period="2024-06"), 1, "call",
              results)
    return results


def report(name: str, results: list[tuple[str, float, str]], size: str = "") -> None:
    print(f"\n{name}{size}")
    print(f"{'':2}{'step':<48}{'seconds':>10}   per item")
    for label, seconds, per in results:
        print(f"{'':2}{label:<48}{seconds:>10.2f}   {per}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--teams", type=int, default=50)
    ap.add_argument("--employees", type=int, default=200)
    ap.add_argument("--no-pg", action="store_true", help="SQLite only")
    ap.add_argument("--pg-url", help="an existing PostgreSQL database (its tables are created if missing)")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kpi-bench-archive-"))
    print(f"archive bench: {args.teams} teams × {args.employees} employees; a year of 12 × {5 * args.employees}")
    try:
        db = folder / "archive.db"
        results = bench(f"sqlite:///{db}", args.teams, args.employees, random.Random(7))
        report("SQLite", results, f" ({db.stat().st_size / 2**20:.0f} MiB file)")
        if args.pg_url:
            report("PostgreSQL", bench(args.pg_url, args.teams, args.employees, random.Random(7)))
        elif not args.no_pg:
            from tests.pg_server import start_server, stop_server

            server = start_server()
            try:
                report("PostgreSQL", bench(server.create_database(), args.teams, args.employees, random.Random(7)),
                       f" (throw-away server, started in {server.startup_seconds:.2f} s)")
            finally:
                stop_server(server)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
