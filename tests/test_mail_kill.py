"""The mailer killed with SIGKILL at random points, then run again: every employee ends with exactly one
message carrying their own PDF: 0 duplicates, 0 lost, 0 misdelivered (see tests/mail_kill.py)."""

from __future__ import annotations

import os
import random
from pathlib import Path

from tests.mail_kill import Figures, kill_round, server_process

ROUNDS = int(os.environ.get("KPI_MAIL_KILL_ROUNDS", "8"))


def test_killed_mid_send_then_run_again_each_employee_gets_exactly_one_message(tmp_path: Path) -> None:
    rng = random.Random(20261001)
    figures = Figures()
    with server_process(tmp_path) as (port, spool, env):
        for number in range(1, ROUNDS + 1):
            kill_round(number, rng, tmp_path, port, spool, env, figures)
    print(figures.line())
    assert figures.rounds == ROUNDS and figures.messages == ROUNDS * 10
    assert (figures.duplicates, figures.lost, figures.misdelivered) == (0, 0, 0), figures.line()
