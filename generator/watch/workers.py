"""The watcher's render workers: like `run`'s, but they belong to the service.

- They ignore SIGINT and SIGTERM. Ctrl-C in a terminal and `systemctl stop` (which signals the whole
  control group) reach the workers too; the service itself decides to finish the workbook in hand,
  which needs its workers alive, and then closes the pool.
- They die with the service (Linux PR_SET_PDEATHSIG): after a kill -9 of the service no orphaned
  worker keeps running, holding the output folder's files or memory.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor

from generator.report.render_pool import Renderer, _ready, init_worker

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pool's own broken-pipe handling remains
        pass


def init_service_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with_parent()
    if os.getppid() != parent:  # the service died before the line above took effect
        os._exit(1)
    init_worker()


class ServiceRenderer(Renderer):
    def __init__(self, jobs: int = 0):
        super().__init__(1)  # no pool yet: the base class would start one with its own initializer
        self.jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
        if self.jobs > 1:
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context(method),
                                             initializer=init_service_worker, initargs=(os.getpid(),))
            for warm in [self._pool.submit(_ready) for _ in range(self.jobs)]:
                warm.result()


__all__ = ["ServiceRenderer"]
