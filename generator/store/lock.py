"""One run at a time per output folder.

Two runs writing the same reports (a folder watcher and a manager's manual run, say) would
replace each other's files and manifests halfway; the second one waits for the first. The lock
file names its holder (pid and start time) so the waiting run can say whom it waits for, and it
is removed when the run ends.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator.core.findings import Finding, KpiError

LOCK_NAME = ".kpi-report.lock"


@dataclass(frozen=True)
class Holder:
    """The run holding the lock, as its lock file says (pid 0 / empty start when unreadable)."""

    pid: int
    started: str


def read_holder(path: Path) -> Holder:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return Holder(0, "")
    fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    pid = fields.get("pid", "0").strip()
    return Holder(int(pid) if pid.isdigit() else 0, fields.get("started", "").strip())


def _open_current(path: Path) -> int | None:
    """Lock the file at `path`, non-blocking; None if another run holds it.

    Since the holder deletes the file when it finishes, a lock taken on a file that is no longer
    the one at `path` protects nothing: then it is dropped and the new file tried again.
    """
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)


@contextmanager
def exclusive(out_dir: Path, wait_seconds: float = 600.0, poll: float = 0.2,
              on_wait: Callable[[Holder], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `out_dir` for the body; wait up to `wait_seconds` for it.

    `on_wait` is called once, with the holder, when the lock is taken by another run. flock is
    released by the kernel when the process dies, so a crashed run never leaves the folder locked
    (its stale file is simply taken over).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / LOCK_NAME
    deadline = time.monotonic() + wait_seconds
    told = False
    while (fd := _open_current(path)) is None:
        if not told and on_wait is not None:
            on_wait(read_holder(path))
        told = True
        if time.monotonic() >= deadline:
            raise KpiError(Finding(
                code="output-busy", file=str(out_dir),
                message=f"输出文件夹 {out_dir} 正被另一个运行占用,等待 {wait_seconds:g} 秒后仍未释放",
                message_en=f"output folder {out_dir} is in use by another run (waited {wait_seconds:g} s)",
                hint="等另一个运行结束后再试,或用 --out 指定另一个文件夹",
                hint_en="try again when the other run has finished, or choose another folder with --out",
            )) from None
        time.sleep(poll)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"pid={os.getpid()}\nstarted={datetime.now().isoformat(timespec='seconds')}\n".encode())
        yield
    finally:
        # Unlink while still holding the lock: a waiter that then locks the old file sees it is
        # gone (_open_current) and takes the new one.
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        os.close(fd)
