"""One run at a time per output folder.

Two runs writing the same reports (a folder watcher and a manager's manual run, say) would
replace each other's files and manifests halfway; the second one waits for the first.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.core.findings import Finding, KpiError

LOCK_NAME = ".kpi-report.lock"


@contextmanager
def exclusive(out_dir: Path, wait_seconds: float = 600.0, poll: float = 0.2) -> Iterator[None]:
    """Hold an exclusive lock on `out_dir` for the body; wait up to `wait_seconds` for it.

    flock is released by the kernel when the process dies, so a crashed run never leaves
    the folder locked.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise KpiError(Finding(
                        code="output-busy", file=str(out_dir),
                        message=f"输出文件夹 {out_dir} 正被另一个运行占用,等待 {wait_seconds:g} 秒后仍未释放",
                        message_en=f"output folder {out_dir} is in use by another run (waited {wait_seconds:g} s)",
                        hint="等另一个运行结束后再试,或用 --out 指定另一个文件夹",
                        hint_en="try again when the other run has finished, or choose another folder with --out",
                    )) from None
                time.sleep(poll)
        yield
    finally:
        os.close(fd)
