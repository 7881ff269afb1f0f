"""Safe output names from text nobody vetted (employee names, departments, periods).

A name like '../../etc/x', 'CON', 'a/b', a 300-character name or two people called 张三
must never write outside the output folder, hit a reserved device name, exceed the file
system's 255-byte limit or overwrite each other: 工号 is appended to employee file names.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.core.numbers import clean_text

# Windows device names are reserved with any extension ("CON.pdf"); reports travel to Windows.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
_BAD = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u2028\u2029\u202a-\u202e\u2066-\u2069]')
MAX_STEM_BYTES = 120  # leaves room for "_工号", the suffix and a temp prefix under 255 bytes

# mkstemp creates files readable by the owner only; a report is an ordinary file that HR
# opens from a shared folder, so it gets the permissions the user's umask gives new files.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK


def _truncate_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")[:limit]
    return data.decode("utf-8", errors="ignore")


def safe_part(text: str, fallback: str, limit: int = MAX_STEM_BYTES) -> str:
    """One path component: no separators, control characters, leading dots or reserved names."""
    cleaned = unicodedata.normalize("NFC", clean_text(text or ""))
    cleaned = _BAD.sub("_", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")
    cleaned = re.sub(r"_{2,}", "_", cleaned)
    cleaned = _truncate_bytes(cleaned, limit).strip(" .")
    if not cleaned or set(cleaned) <= {"_", "."}:
        cleaned = fallback
    if cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned


def employee_filename(name: str, employee_id: str, suffix: str = ".pdf") -> str:
    """'张三' + 'E001' → '张三_E001.pdf'; the 工号 keeps two 张三 apart."""
    ident = safe_part(employee_id, "id", limit=40)
    stem = safe_part(name, "employee")
    return f"{stem}_{ident}{suffix}"


def inside(root: Path, name: str) -> Path:
    """root/name, refusing anything that would land outside root (belt and braces)."""
    target = (root / name).resolve()
    if not target.is_relative_to(root.resolve()) or target == root.resolve():
        raise ValueError(f"unsafe output name: {name!r}")
    return target


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary file next to `path`, renamed onto it only when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    os.fchmod(fd, FILE_MODE)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
