"""The drop folder under load, with real `kpi-report watch` processes. Figures are printed, not asserted
(they depend on the machine), except the exactly-once checks, which must hold on any machine.

1. latency: a 20-person workbook dropped into a watched inbox (default quiet period 2 s) until its
   PDFs are all in the output folder; the goal is under 5 s on an unloaded two-core machine;
2. a flood: 100 workbooks dropped at once, some duplicated under new names, some invalid: every one
   ends in exactly one of 已处理/ and 退回/, duplicates recognised, reports all present;
3. crash rounds: kill -9 at random moments, 20 rounds, restarted each time: 0 lost, 0 processed twice.

    .venv/bin/python bench/bench_watch.py [--latency 3] [--flood 100] [--rounds 20] [--jobs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.watch_support import (  # noqa: E402
    INVALID,
    check_exactly_once,
    crash_rounds,
    placed,
    sha,
    stage,
    start,
    wait_for,
    workbook,
)


def latency(root: Path, drops: int, jobs: int) -> list[float]:
    inbox, out, log = root / "inbox", root / "out", root / "watch.log"
    inbox.mkdir(parents=True)
    staged = [workbook(root / "staged" / f"lat{n}.xlsx", f"时延{n}组", employees=20) for n in range(drops)]
    service = start(inbox, out, log, "--jobs", str(jobs))  # the later --jobs wins over start()'s --jobs 1
    seconds = []
    try:
        wait_for(lambda: "开始监视" in log.read_text(encoding="utf-8"), "started", proc=service.proc, log=log)
        for n, book in enumerate(staged):
            folder = out / "2026-10" / f"时延{n}组" / "个人报告"
            dropped = time.perf_counter()
            os.replace(book, inbox / book.name)  # a file manager's move: the file appears whole
            wait_for(lambda f=folder: len(list(f.glob("*.pdf"))) == 20 and (f.parent / "团队汇总.pdf").exists(),
                     "20 PDFs", proc=service.proc, log=log)
            seconds.append(time.perf_counter() - dropped)
            # the pipeline's own time (the accepted line's 用时) against the watcher's part: quiet period, claim
            wait_for(lambda k=n: sum("通过" in x for x in service.lines()) > k, "the accepted line", proc=service.proc,
                     log=log)
            work = float(re.findall(r"用时 ([0-9.]+) 秒", [x for x in service.lines() if "通过" in x][-1])[0])
            print(f"  latency {n + 1}: {seconds[-1]:.2f} s from the drop to 21 PDFs in place; the pipeline's part "
                  f"{work:.2f} s, the watcher's {seconds[-1] - work:.2f} s", flush=True)
        service.term()
    finally:
        service.abort()
    return seconds


def flood(root: Path, count: int, jobs: int) -> dict[str, int]:
    inbox, out, log = root / "inbox", root / "out", root / "watch.log"
    inbox.mkdir(parents=True)
    staged = root / "staged"
    books = [workbook(staged / f"t{n:03d}.xlsx", f"洪峰{n:03d}组", employees=3) for n in range(int(count * 0.8))]
    for n in range(count // 10):  # duplicates under new names
        shutil.copyfile(books[n], staged / f"重发{n:03d}.xlsx")
    for n in range(count - len(list(staged.iterdir()))):  # invalid
        shutil.copyfile(INVALID, staged / f"bad{n:03d}.xlsx")
    digests = {p.name: sha(p) for p in staged.iterdir()}
    service = start(inbox, out, log, "--jobs", str(jobs), "--quiet-seconds", "2")
    started = time.perf_counter()
    try:
        wait_for(lambda: "开始监视" in log.read_text(encoding="utf-8"), "started", proc=service.proc, log=log)
        for p in sorted(staged.iterdir()):
            os.replace(p, inbox / p.name)
        wait_for(lambda: len(placed(inbox)["done"]) + len(placed(inbox)["returned"]) == count, "all handed back",
                 proc=service.proc, log=log, deadline=3600)
        elapsed = time.perf_counter() - started
        service.term()
    finally:
        service.abort()
    figures = check_exactly_once(root, digests, f"sqlite:///{root / 'archive.db'}")
    where = placed(inbox)
    print(f"  flood: {count} files in {elapsed:.0f} s: {len(where['done'])} in 已处理/, {len(where['returned'])} in 退回/, "
          f"{figures['revisions']} archived, {figures['pdfs']} PDFs checked", flush=True)
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--latency", type=int, default=3, help="workbooks for the latency figure")
    ap.add_argument("--flood", type=int, default=100, help="workbooks dropped at once (0: skip)")
    ap.add_argument("--rounds", type=int, default=20, help="kill -9 rounds (0: skip)")
    ap.add_argument("--jobs", type=int, default=0, help="render workers, 0 = one per core")
    ap.add_argument("--keep", type=Path, help="keep the folders here")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="kpi-bench-watch-"))
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; folders under {root}", flush=True)
    try:
        if args.latency:
            times = latency(root / "latency", args.latency, args.jobs)
            print(f"latency: median {sorted(times)[len(times) // 2]:.2f} s, worst {max(times):.2f} s (goal < 5 s)")
        if args.flood:
            flood(root / "flood", args.flood, args.jobs)
        if args.rounds:
            crash = root / "crash"
            files = stage(crash / "staged", distinct=max(4, args.rounds // 2))
            digests = {p.name: sha(p) for p in files}
            started = time.perf_counter()
            result = crash_rounds(crash, files, args.rounds, 2026)
            figures = check_exactly_once(crash, digests, f"sqlite:///{crash / 'archive.db'}")
            print(f"crash rounds: {result['kills']} kill -9 over {result['files']} files in "
                  f"{time.perf_counter() - started:.0f} s: 0 lost, 0 processed twice; {figures['resumed']} files resumed "
                  f"after a kill ({figures['attempts']} attempts in all), {figures['leftover_tmp']} stray .tmp- files "
                  "(never under a final name)")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
