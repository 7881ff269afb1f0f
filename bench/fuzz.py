"""make fuzz: 10,000 mutated workbooks through read, validate, appraise and the annotated copy.

    .venv/bin/python bench/fuzz.py [--examples 10000] [--seed 14] [--workers 2] [--slow 20] [--keep DIR]

The strategies are tests/fixtures/fuzz.py (the same as tests/test_fuzz.py); each worker process
runs its share with its own fixed seed (seed + worker number), so a run is reproducible. It
prints the count of unhandled exceptions (each distinct one with an example file kept under
--keep, to become a fixture in tests/data/), the count of workbooks over --slow seconds (each
is also stopped at 3 × --slow, so a hang is counted instead of hanging the run), the slowest
time, peak memory (largest resident set of any worker) and the findings seen. Exit 1 when
any workbook crashed or was slow.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import multiprocessing
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Stopped(Exception):
    """Raised by the alarm in a workbook that runs far too long."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Stopped("over the time limit")


def worker(args: tuple[int, int, float, str]) -> dict[str, Any]:
    """Run `count` examples with `seed`; return the tallies (a dict, to cross the process boundary)."""
    count, seed, slow, keep = args
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fixed_seed

    from tests.fixtures.fuzz import check, workbooks

    tally: dict[str, Any] = {"runs": 0, "slow": 0, "max_seconds": 0.0, "errors": {}, "codes": collections.Counter(),
                             "status": collections.Counter()}
    signal.signal(signal.SIGALRM, _alarm)

    @fixed_seed(seed)
    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(workbooks())
    def one(case: tuple[str, bytes]) -> None:
        _scheme, raw = case
        with tempfile.TemporaryDirectory() as tmp:
            signal.alarm(int(slow * 3))
            try:
                result = check(raw, Path(tmp))
            finally:
                signal.alarm(0)
        tally["runs"] += 1
        if result.seconds > tally["max_seconds"]:  # the slowest is kept too, to see what made it slow
            Path(keep).mkdir(parents=True, exist_ok=True)
            (Path(keep) / f"slowest-{seed}.xlsx").write_bytes(raw)
        tally["max_seconds"] = max(tally["max_seconds"], result.seconds)
        tally["slow"] += result.seconds > slow
        tally["status"][result.status or "crashed"] += 1
        tally["codes"].update(result.codes)
        crash = result.error or next((c for c in result.codes if c in ("internal-error", "annotate-failed")), "")
        if crash:
            signature = crash.split(":")[0] + ":" + crash.split(":", 1)[-1][:60]
            if signature not in tally["errors"]:
                name = hashlib.sha256(raw).hexdigest()[:12] + ".xlsx"
                Path(keep).mkdir(parents=True, exist_ok=True)
                (Path(keep) / name).write_bytes(raw)
                tally["errors"][signature] = [0, name]
            tally["errors"][signature][0] += 1

    one()
    tally["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--slow", type=float, default=20.0, help="seconds over which a workbook counts as slow")
    parser.add_argument("--keep", default=str(ROOT / "bench" / "fuzz-found"), help="folder for crashing examples")
    a = parser.parse_args(argv)
    share = [a.examples // a.workers + (i < a.examples % a.workers) for i in range(a.workers)]
    started = time.perf_counter()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(a.workers, maxtasksperchild=1) as pool:
        parts = pool.map(worker, [(n, a.seed + i, a.slow, a.keep) for i, n in enumerate(share)])
    runs = sum(p["runs"] for p in parts)
    errors: dict[str, list[Any]] = {}
    for p in parts:
        for sig, (n, name) in p["errors"].items():
            errors.setdefault(sig, [0, name])[0] += n
    crashed = sum(n for n, _ in errors.values())
    slow = sum(p["slow"] for p in parts)
    status = sum((p["status"] for p in parts), collections.Counter())
    codes = sum((p["codes"] for p in parts), collections.Counter())
    print(f"fuzzed workbooks:       {runs} (seed {a.seed}, {a.workers} workers, {time.perf_counter() - started:.0f} s)")
    print(f"unhandled exceptions:   {crashed}")
    for sig, (n, name) in sorted(errors.items(), key=lambda kv: -kv[1][0]):
        print(f"    {n:5d} × {sig}   e.g. {Path(a.keep) / name}")
    print(f"runs over {a.slow:g} s:        {slow}")
    print(f"slowest workbook:       {max(p['max_seconds'] for p in parts):.2f} s")
    print(f"peak memory (worker):   {max(p['peak_mb'] for p in parts):.0f} MB")
    print(f"outcomes:               {dict(status)}")
    print("findings seen:          " + ", ".join(f"{c} {n}" for c, n in codes.most_common()))
    return 1 if crashed or slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
