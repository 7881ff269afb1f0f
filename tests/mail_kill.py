"""Rounds of `kpi-report mail --send` killed with SIGKILL at random points, then run again, for the test
(tests/test_mail_kill.py) and bench/bench_mail_kill.py.

The SMTP server runs in a process of its own and writes every message it accepts to a spool folder,
so this process has no threads and can fork: each mailer is a forked child running the real CLI
(forking spares the seconds an interpreter needs to import the program, twenty times over). A kill
lands at one of three kinds of point, chosen at random: while the server is receiving the k-th
message's data, right after it has stored the k-th, or after a random time (start-up, the outbox
transaction, between messages).

After the kill the mailer runs again to completion. Messages left `sending` (unknown) are then
resolved the way a person would, by asking the server: delivered → `--resolve sent`, not →
`--resolve resend`, and a last run sends those. Counted per round: messages, duplicates (an address
with two copies), lost (an employee with no message and no outbox row that says why), misdelivered
(a PDF whose 工号 is not the recipient's), and the unknowns met on the way.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.archive import open_archive
from generator.cli import app  # imported here, before any fork: a child starts sending at once
from generator.mail.outbox import Outbox
from tests.mail_support import archive_period, free_port, mail_env, make_pki, people, spooled

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figures:
    rounds: int = 0
    messages: int = 0
    duplicates: int = 0
    lost: int = 0
    misdelivered: int = 0
    unknown: int = 0  # messages found `sending` after a kill (resolved from the server's record)
    modes: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        return (f"rounds {self.rounds}, messages {self.messages}, duplicates {self.duplicates}, lost {self.lost}, "
                f"misdelivered {self.misdelivered}, unknown after a kill {self.unknown}, kill points {dict(self.modes)}")


@contextmanager
def server_process(folder: Path, data_delay: float = 0.03) -> Iterator[tuple[int, Path, dict[str, str]]]:
    """The SMTP server in its own process; yields (port, spool, the mail environment minus the archive)."""
    pki = make_pki(folder / "pki")
    spool = folder / "spool"
    spool.mkdir(parents=True)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tests.mail_support", str(port), str(folder / "pki"), str(spool),
                             str(data_delay)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("ready"), "the test SMTP server did not start"
        yield port, spool, mail_env(port, pki, "")
    finally:
        proc.kill()
        proc.wait()


def _child(env: dict[str, str], *args: str) -> int:
    """A forked process running `kpi-report mail 2026-10 ARGS`; its pid."""
    pid = os.fork()
    if pid:
        return pid
    code = 3
    try:
        os.environ.update(env)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        result = app(["mail", "2026-10", *args], standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    except BaseException:  # noqa: BLE001 - whatever happened, the child must not return into pytest
        code = 3
    finally:
        os._exit(code)


def _wait(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _count(spool: Path, pattern: str) -> int:
    return sum(1 for _ in spool.glob(pattern))


def kill_round(number: int, rng: random.Random, folder: Path, port: int, spool: Path, env: dict[str, str],
               figures: Figures, size: int = 10) -> None:
    url = f"sqlite:///{folder / f'round{number:02d}' / 'archive.db'}"
    who = people(size, prefix=f"K{number:02d}E")
    archive_period(folder / f"round{number:02d}" / "out", url, who)
    env = {**env, "KPI_REPORT_ARCHIVE": url}
    started, stored = _count(spool, "started-*"), _count(spool, "*.eml")
    mode, k = rng.choice(["data", "stored", "time"]), rng.randint(1, size)
    pause = rng.uniform(0.0, 1.5)
    figures.modes[mode] += 1
    pid, begun = _child(env, "--send"), time.monotonic()
    while time.monotonic() - begun < 60:
        if (mode == "data" and _count(spool, "started-*") - started >= k) or \
                (mode == "stored" and _count(spool, "*.eml") - stored >= k) or \
                (mode == "time" and time.monotonic() - begun >= pause) or os.waitpid(pid, os.WNOHANG) != (0, 0):
            break
        time.sleep(0.001)
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass  # it had finished on its own (and may already have been reaped by the poll above)
    _wait(_child(env, "--send"))  # the run after the crash: sends what is not sent, never an unknown one
    got = spooled(spool)
    with open_archive(url) as archive:
        unknown = [r for r in Outbox(archive.database).rows() if r.state == "sending"]
    figures.unknown += len(unknown)
    for row in unknown:  # the person's decision, from the server's record
        delivered = any(row.address in r.rcpt for r in got)
        _wait(_child(env, "--resolve", "sent" if delivered else "resend", "--employee", row.employee_id))
    assert _wait(_child(env, "--send")) == 0
    got = [r for r in spooled(spool) if any(a.startswith(f"k{number:02d}e") for a in r.rcpt)]
    copies = Counter(a for r in got for a in r.rcpt)
    with open_archive(url) as archive:
        final = {r.employee_id: r.state for r in Outbox(archive.database).rows()}
    figures.rounds += 1
    figures.messages += len(got)
    figures.duplicates += sum(n - 1 for n in copies.values() if n > 1)
    figures.lost += sum(1 for p in who if copies[p.email] == 0 and final.get(p.id) not in ("failed", "sending"))
    figures.misdelivered += sum(1 for r in got if r.pdf_ids() != [r.rcpt[0].split("@")[0].upper()])


__all__ = ["Figures", "kill_round", "server_process"]
