"""`make bench`: kpi-report end to end against what a team would do instead, in the same run.

Generates N employees (default 1,000 in team workbooks of 20), then for each round runs, each
in a process of its own and one after another (tool, naive WeasyPrint loop, LibreOffice path,
tool's stage profile):
- the tool as `kpi-report run` runs it (bench/tool_run.py: worker pool, SQLite archive),
- peer (a) bench/peers/naive_weasyprint.py and peer (b) bench/peers/libreoffice.py, over the
  same employees' report fields (they get the computed figures for free),
- bench/stages.py: read / validate / compute / Excel / PDF one by one in one process,
- bench/solo.py: the first workbook dropped alone, cold (`kpi-report run`) and in a running service.
It prints medians over the rounds: wall seconds, employees/s, CPU seconds per employee (less
sensitive to a busy machine than wall time), bytes per PDF, peak RSS of the main process and
of the largest worker, the speed-up tool vs peer, the stage times, the workbook alone and issue 11's
targets met or not. Figures are printed,
not asserted: they depend on the machine. See bench/README.md.

    python bench/bench_run.py [--employees 1000] [--rounds 3] [--jobs 0] [--peer-employees 200]
                              [--no-libreoffice] [--no-archive] [--keep DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workload import PER_WORKBOOK, generate, peer_data  # noqa: E402


def run_json(cmd: list[str]) -> dict[str, Any]:
    """One run's JSON line, with the 1-minute load average at its end (other work on the machine)."""
    done = subprocess.run([sys.executable, *cmd], capture_output=True, text=True, check=False, cwd=HERE.parent)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:1])} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["load"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return result


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def mean(values: list[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over the rounds; RSS is the largest seen; bytes are the mean file size."""
    per = [r["wall"] / r["employees"] for r in runs]
    sizes = runs[-1]["sizes"]
    stages = {k: median([r["stages"].get(k, 0.0) for r in runs]) for k in runs[0]["stages"]}
    return {"employees": runs[0]["employees"], "wall": median([r["wall"] for r in runs]),
            "s_per_employee": median(per), "employees_per_s": 1 / median(per),
            "cpu_per_employee": median([r.get("cpu", 0.0) / r["employees"] for r in runs]),
            "employee_pdf_bytes": mean(sizes.get("employee_pdf", [])), "team_pdf_bytes": mean(sizes.get("team_pdf", [])),
            "rss_main_mb": max(r["rss_main_mb"] for r in runs), "rss_worker_mb": max(r["rss_worker_mb"] for r in runs),
            "stages": stages, "rounds": len(runs), "load": median([r.get("load", 0.0) for r in runs])}


def print_report(args: argparse.Namespace, results: dict[str, dict[str, Any]], profile: dict[str, Any]) -> None:
    print(f"\nkpi-report bench: {args.employees} employees in {-(-args.employees // PER_WORKBOOK)} workbooks, "
          f"{os.cpu_count()} cores, jobs={args.jobs or os.cpu_count()}, medians of {args.rounds} interleaved rounds")
    head = f"{'run':<26}{'employees':>10}{'wall s':>9}{'emp/s':>8}{'CPU s/emp':>11}{'KB/PDF':>9}{'team KB':>9}" \
           f"{'RSS main':>10}{'RSS worker':>12}{'load':>7}"
    print(head + "\n" + "-" * len(head))
    for name, r in results.items():
        team = f"{r['team_pdf_bytes'] / 1000:.1f}" if r["team_pdf_bytes"] else "-"
        print(f"{name:<26}{r['employees']:>10}{r['wall']:>9.1f}{r['employees_per_s']:>8.1f}{r['cpu_per_employee']:>11.3f}"
              f"{r['employee_pdf_bytes'] / 1000:>9.1f}{team:>9}{r['rss_main_mb']:>9.0f}M{r['rss_worker_mb']:>11.0f}M"
              f"{r['load']:>7.1f}")
    tool = results["kpi-report"]
    for name, r in results.items():
        if name != "kpi-report":
            print(f"speed-up vs {name}: ×{r['s_per_employee'] / tool['s_per_employee']:.1f} wall per employee, "
                  f"×{r['cpu_per_employee'] / tool['cpu_per_employee']:.1f} CPU per employee, "
                  f"PDFs ×{r['employee_pdf_bytes'] / tool['employee_pdf_bytes']:.1f} smaller")
    print("\nkpi-report end to end, per stage (median s; excel/pdf are worker seconds, summed over files):")
    for stage, secs in tool["stages"].items():
        print(f"  {stage:<28}{secs:>9.2f}")
    for name, r in results.items():
        if name != "kpi-report":
            print(f"{name}, per stage: " + ", ".join(f"{k} {v:.2f} s" for k, v in r["stages"].items()))
    print("(load: the machine's 1-minute load average at the end of each run, median; above the core count,"
          " wall times measure the other work as much as this one: compare CPU s/emp)")
    print(f"\nstage profile, one process (median s over {args.rounds} rounds; CPU s in brackets):")
    for stage, secs in profile["wall"].items():
        unit = " (ms)" if "per file" in stage else ""
        scale = 1000 if "per file" in stage else 1
        print(f"  {stage + unit:<28}{secs * scale:>9.2f}  [{profile['cpu'][stage] * scale:.2f}]")
    rvc = sum(profile["wall"][k] for k in ("read", "validate", "compute"))
    print(f"  {'read + validate + compute':<28}{rvc:>9.2f}")


def print_solo(solo: dict[str, float]) -> None:
    print(f"\none workbook of {solo['employees']:.0f} dropped alone, seconds until its last report is written (median):")
    print(f"  cold `kpi-report run` (start-up, pool, new archive) {solo['cold']:>6.2f}")
    print(f"  service, first workbook (pool and archive up: {solo['service_start']:.2f} s before) {solo['service_first']:>6.2f}")
    print(f"  service, next workbook {solo['service_next']:>6.2f}")


def print_targets(args: argparse.Namespace, results: dict[str, dict[str, Any]], profile: dict[str, Any],
                  solo: dict[str, float]) -> None:
    """Issue 11's targets against this run's medians (the 10,000-employee scaling needs two runs: bench/README.md)."""
    tool = results["kpi-report"]
    at = "" if args.employees == 1000 else f" (this run: {args.employees} employees)"
    rvc = sum(profile["wall"][k] for k in ("read", "validate", "compute"))
    scaled = None if at else True  # a target for 1,000 employees says nothing at another size
    rows: list[tuple[str, str, bool | None]] = [
        ("1,000 employees end to end <= 45 s" + at, f"{tool['wall']:.1f} s", scaled and tool["wall"] <= 45),
        ("read + validate + compute <= 3 s" + at, f"{rvc:.2f} s one process, "
         f"{tool['stages']['read+validate+compute']:.2f} s in the run", scaled and rvc <= 3)]
    for name, r in results.items():
        if name != "kpi-report":
            ratio = r["cpu_per_employee"] / tool["cpu_per_employee"]
            rows.append((f">= 3x {name} (CPU per employee)", f"x{ratio:.1f}", ratio >= 3))
    rows += [("employee PDF <= 60 KB", f"{tool['employee_pdf_bytes'] / 1000:.1f} KB", tool["employee_pdf_bytes"] <= 60_000),
             ("team PDF <= 120 KB", f"{tool['team_pdf_bytes'] / 1000:.1f} KB", tool["team_pdf_bytes"] <= 120_000),
             ("one 20-person workbook alone -> PDFs <= 3 s", f"cold {solo['cold']:.2f} s, service {solo['service_next']:.2f} s",
              solo["service_next"] <= 3),
             ("peak RSS <= 400 MB in any process", f"{max(tool['rss_main_mb'], tool['rss_worker_mb']):.0f} MB",
              max(tool["rss_main_mb"], tool["rss_worker_mb"]) <= 400)]
    print("\nissue 11 targets (this run):")
    for what, figure, ok in rows:
        mark = "n/a" if ok is None else ("met" if ok else "NOT met")
        print(f"  {what:<52}{figure:<44}{mark}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--employees", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0, help="tool worker processes (0: one per core)")
    ap.add_argument("--peer-employees", type=int, default=200,
                    help="employees the peers render per round (0: all); ratios compare time per employee")
    ap.add_argument("--no-libreoffice", action="store_true")
    ap.add_argument("--no-archive", action="store_true", help="run the tool without its SQLite archive")
    ap.add_argument("--keep", type=Path, help="keep inputs and outputs in this folder")
    ap.add_argument("--json", type=Path, help="also write every round's raw figures here")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="kpi-bench-"))
    inputs, people = root / "in", root / "people.json"
    shutil.rmtree(inputs, ignore_errors=True)
    start = time.perf_counter()
    files = generate(inputs, args.employees)
    peer_data(files, people)
    print(f"generated {args.employees} employees in {len(files)} workbooks in {time.perf_counter() - start:.1f} s ({root})")
    limit = ["--limit", str(args.peer_employees)] if args.peer_employees else []
    use_lo = not args.no_libreoffice and (shutil.which("soffice") or shutil.which("libreoffice"))
    if not args.no_libreoffice and not use_lo:
        print("LibreOffice (soffice) is not installed: its peer is skipped (make bench installs it)")
    raw: dict[str, list[dict[str, Any]]] = {"kpi-report": [], "naive WeasyPrint loop": []}
    if use_lo:
        raw["LibreOffice xlsx→pdf"] = []
    profiles: list[dict[str, Any]] = []
    solos: list[dict[str, Any]] = []
    for n in range(1, args.rounds + 1):
        out = root / f"round-{n}"
        shutil.rmtree(out, ignore_errors=True)
        tool_cmd = ["bench/tool_run.py", str(inputs), str(out / "tool"), "--jobs", str(args.jobs)]
        raw["kpi-report"].append(run_json(tool_cmd + (["--no-archive"] if args.no_archive else [])))
        raw["naive WeasyPrint loop"].append(run_json(["bench/peers/naive_weasyprint.py", str(people), str(out / "naive"),
                                                      *limit]))
        if use_lo:
            raw["LibreOffice xlsx→pdf"].append(run_json(["bench/peers/libreoffice.py", str(people), str(out / "lo"),
                                                         "--profile", str(root / "lo-profile"), *limit]))
        profiles.append(run_json(["bench/stages.py", str(inputs), str(out / "stages")]))
        solos.append(run_json(["bench/solo.py", str(files[0]), str(out / "solo"), "--jobs", str(args.jobs)]))
        print(f"round {n}/{args.rounds}: " + ", ".join(f"{k} {v[-1]['wall']:.1f} s (load {v[-1]['load']:.1f})"
                                                       for k, v in raw.items()), flush=True)
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    results = {name: summarise(runs) for name, runs in raw.items()}
    profile = {"wall": {k: median([p["stages"][k] for p in profiles]) for k in profiles[0]["stages"]},
               "cpu": {k: median([p["stages_cpu"][k] for p in profiles]) for k in profiles[0]["stages_cpu"]}}
    solo = {k: median([s[k] for s in solos]) for k in solos[0]}
    print_report(args, results, profile)
    print_solo(solo)
    print_targets(args, results, profile, solo)
    if args.json:
        args.json.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, "raw": raw,
                                         "profiles": profiles, "solo": solos, "results": results}, ensure_ascii=False, indent=1))
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
