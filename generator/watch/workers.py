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
import os
import signal

from generator.report.render_pool import Renderer, init_worker

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
        # Started whole before the service watches anything: every worker has its death signal set.
        super().__init__(jobs, initializer=init_service_worker, initargs=(os.getpid(),), wait_ready=True)


__all__ = ["ServiceRenderer"]
