"""Holding a file while it is worked on, and moving it without ever replacing another.

A watcher *holds* a file by an exclusive flock on it. The lock is on the file itself (the inode), so it
moves with the file from the inbox into 处理中/ and on to 已处理/ or 退回/; and the kernel drops it when
the process dies, even by kill -9. So:

- two watchers on one inbox: only the one that got the lock renames the file (the other skips it);
- after a crash, a file in 处理中/ whose lock anyone can take has nobody working on it: resume it.

flock works on local file systems and, on Linux, on NFS (as POSIX locks) and SMB mounts; see docs/watch.md.

Moves never replace an existing file: a name already present gets a numbered suffix (`x-2.xlsx`).
Where the file system has hard links, the move is link-then-unlink, which fails instead of
replacing when the target exists; elsewhere it checks and renames.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Held:
    """An open, exclusively locked file: released by `release()` or by the death of the process."""

    fd: int
    path: Path

    def sha256(self) -> str:
        digest = hashlib.sha256()
        os.lseek(self.fd, 0, os.SEEK_SET)
        while block := os.read(self.fd, 1 << 20):
            digest.update(block)
        return digest.hexdigest()

    def stat(self) -> tuple[int, int]:
        """Size and modification time of the held file, to see whether it changed while we read it."""
        st = os.fstat(self.fd)
        return st.st_size, st.st_mtime_ns

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> Held:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def hold(path: Path) -> Held | None:
    """Lock `path` for this process, or None when it is gone or another process holds it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # Between open and lock another watcher may have moved the file on: the name must still be this inode.
        here, mine = os.stat(path), os.fstat(fd)
        if (here.st_ino, here.st_dev) != (mine.st_ino, mine.st_dev):
            raise BlockingIOError
    except OSError:
        os.close(fd)
        return None
    return Held(fd, path)


def is_held(path: Path) -> bool:
    """Whether a live process holds `path` (after a crash nobody does)."""
    held = hold(path)
    if held is None:
        return path.exists()
    held.release()
    return False


def numbered(path: Path, n: int) -> Path:
    """x.xlsx, x-2.xlsx, x-3.xlsx …"""
    return path if n < 2 else path.with_name(f"{path.stem}-{n}{path.suffix}")


def free_name(path: Path) -> Path:
    """`path`, or the first numbered form of it that does not exist yet."""
    n = 1
    while numbered(path, n).exists() or numbered(path, n).is_symlink():
        n += 1
    return numbered(path, n)


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def move_new(src: Path, dst: Path) -> None:
    """Move `src` to `dst`, which must not exist: FileExistsError rather than replacing anything."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)  # fails with EEXIST instead of replacing
    except FileExistsError:
        if not same_file(src, dst):
            raise
        # a crash after the link and before the unlink: the move is already done but for the unlink
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        if dst.exists():  # no hard links here (some network shares): check, then rename
            raise FileExistsError(errno.EEXIST, "exists", str(dst)) from None
        os.rename(src, dst)
        return
    os.unlink(src)


def claim_into(src: Path, dst: Path) -> None:
    """The claim: an atomic rename of the dropped file into 处理中/<token>/ (a fresh, private folder, so
    nothing can be there to replace)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if dst.exists():
        raise FileExistsError(errno.EEXIST, "exists", str(dst))
    os.rename(src, dst)


__all__ = ["Held", "claim_into", "free_name", "hold", "is_held", "move_new", "numbered", "same_file"]
