"""When a dropped file is finished: unchanged for a quiet period, closed by its writer, not open in Excel.

A copy over the network arrives in pieces, a slow writer pauses, Excel keeps an owner file while the
workbook is open. The tracker is told about candidate files (by the folder scan and by file-system
events) and answers, on every tick, which of them are ready to be claimed:

1. size, modification time and inode unchanged for `quiet` seconds of our own observation (a
   network share's clock may be off, so the file's mtime is compared, never trusted against ours);
2. where inotify reports it (the native observer on Linux), no write seen since the last close-write:
   a writer that pauses with the file open is still writing;
3. no owner or lock file beside it (ignore.blocking_owner);
4. on Linux, no process of this machine holds it open for writing (/proc; this also catches Samba,
   whose smbd holds the file for a Windows client).

A file that is still not ready `stuck` seconds after it was first seen is reported once (the log
says why) and is still never read half-written.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from generator.watch.ignore import blocking_owner

CHANGING, WRITING, OWNER, OPEN = "changing", "writing", "owner", "open"


@dataclass
class _Seen:
    key: tuple[int, int, int]  # size, mtime_ns, inode
    first_seen: float
    changed_at: float
    writing: bool = False  # inotify: modified since the last close-write
    reported: bool = False
    reason: str = CHANGING


def open_for_writing(path: Path) -> bool:
    """Whether a process of this machine that we may inspect has `path` open for writing (Linux /proc)."""
    proc = Path("/proc")
    if not (proc / "self" / "fd").is_dir():
        return False
    try:
        target = os.stat(path)
    except OSError:
        return False
    me = str(os.getpid())
    for pid in os.listdir(proc):
        if not pid.isdigit() or pid == me:
            continue
        fd_dir = proc / pid / "fd"
        try:
            fds = os.listdir(fd_dir)
        except OSError:  # gone, or not ours to read
            continue
        for fd in fds:
            try:
                st = os.stat(fd_dir / fd)
                if (st.st_ino, st.st_dev) != (target.st_ino, target.st_dev):
                    continue
                flags = (proc / pid / "fdinfo" / fd).read_text().split("flags:", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if int(flags, 8) & os.O_ACCMODE in (os.O_WRONLY, os.O_RDWR):
                return True
    return False


class Tracker:
    """Candidate files and what has been seen of them; hints may come from the observer's thread."""

    def __init__(self, quiet: float, stuck: float, check_writers: bool = True):
        self.quiet, self.stuck, self.check_writers = quiet, stuck, check_writers
        self._seen: dict[Path, _Seen] = {}
        self._hints: dict[Path, str] = {}
        self._lock = threading.Lock()

    def hint(self, path: Path, kind: str) -> None:
        """An event for `path`: "modified"/"created" (a writer at work), "closed" (close-write), "seen"."""
        with self._lock:
            if kind == "closed" or path not in self._hints:
                self._hints[path] = kind
            elif kind == "modified":
                self._hints[path] = kind

    def add(self, path: Path) -> None:
        self.hint(path, "seen")

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)

    def __len__(self) -> int:
        return len(self._seen)

    def _merge(self, now: float) -> None:
        with self._lock:
            hints, self._hints = self._hints, {}
        for path, kind in hints.items():
            seen = self._seen.get(path)
            if seen is None:
                seen = self._seen[path] = _Seen(key=(-1, -1, -1), first_seen=now, changed_at=now)
            if kind in ("modified", "created"):
                seen.writing, seen.changed_at = True, now
            elif kind == "closed":
                seen.writing = False

    def poll(self, now: float) -> tuple[list[Path], list[tuple[Path, str, float]]]:
        """(files ready to claim, files newly found stuck with the reason and seconds waited)."""
        self._merge(now)
        ready: list[Path] = []
        stuck: list[tuple[Path, str, float]] = []
        for path, seen in list(self._seen.items()):
            try:
                st = os.stat(path)
            except OSError:  # moved away (by us, another watcher or a person): nothing to wait for
                del self._seen[path]
                continue
            reason = self._waiting(path, seen, (st.st_size, st.st_mtime_ns, st.st_ino), now)
            if reason is None:
                ready.append(path)
                continue
            seen.reason = reason
            if not seen.reported and now - seen.first_seen >= self.stuck:
                seen.reported = True
                stuck.append((path, reason, now - seen.first_seen))
        return ready, stuck

    def _waiting(self, path: Path, seen: _Seen, key: tuple[int, int, int], now: float) -> str | None:
        """Why `path` is not ready yet, or None."""
        if key != seen.key:
            seen.key, seen.changed_at = key, now
            return CHANGING
        if now - seen.changed_at < self.quiet:
            return CHANGING
        # inotify saw a write and no close: a paused writer. After the long limit /proc decides.
        if seen.writing and now - seen.changed_at < self.stuck:
            return WRITING
        if blocking_owner(path) is not None:
            return OWNER
        if self.check_writers and open_for_writing(path):
            return OPEN
        return None

    def waiting(self) -> dict[Path, str]:
        """Every tracked file and why it waits."""
        return {p: s.reason for p, s in self._seen.items()}

    def settled(self) -> bool:
        """Nothing left that may still become ready soon: each tracked file waits for a person (an owner
        file) or has been reported stuck. `--once` stops here."""
        return all(s.reported or s.reason == OWNER for s in self._seen.values())


__all__ = ["CHANGING", "OPEN", "OWNER", "WRITING", "Tracker", "open_for_writing"]
