"""The mailer killed with SIGKILL at random points, round after round: the fault figures.

Each round archives a period of 10 employees, starts `kpi-report mail --send` against a real SMTP
server (STARTTLS, AUTH; its own process), kills it at a random point (during a message's data,
right after one was stored, or after a random time), runs it again, resolves the unknown ones from
the server's record as a person would, and counts duplicates, lost and misdelivered messages
(tests/mail_kill.py has the details; tests/test_mail_kill.py runs fewer rounds and asserts zeros).

    .venv/bin/python bench/bench_mail_kill.py [--rounds 20] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.mail_kill import Figures, kill_round, server_process  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng, figures = random.Random(args.seed), Figures()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kpi-mail-kill-") as folder, \
            server_process(Path(folder)) as (port, spool, env):
        for number in range(1, args.rounds + 1):
            kill_round(number, rng, Path(folder), port, spool, env, figures)
    print(figures.line())
    print(f"{time.monotonic() - started:.1f} s")
    return 0 if (figures.duplicates, figures.lost, figures.misdelivered) == (0, 0, 0) else 1


if __name__ == "__main__":
    sys.exit(main())
