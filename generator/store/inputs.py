"""Which of the paths given to `run`, `validate` (and handed over by the watcher) are workbooks."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.store.layout import is_annotated_copy


def collect(paths: Iterable[Path], out_dir: Path | None = None) -> list[Path]:
    """Workbooks among the given files and folders, for `run` and `validate` alike.

    A file named explicitly is always taken. In a folder (not recursive) only *.xlsx / *.xlsm
    count, and Excel's lock files (~$x.xlsx), hidden files, annotated copies (*-批注.xlsx,
    *-annotated.xlsx, *.errors.xlsx) and anything under the output folder are skipped, so
    running over '.' never reads its own output back.
    """
    out = out_dir.resolve() if out_dir else None
    found: list[Path] = []
    seen: set[Path] = set()

    def take(c: Path) -> None:
        if c.resolve() not in seen:
            seen.add(c.resolve())
            found.append(c)

    for p in paths:
        if not p.is_dir():
            take(p)
            continue
        # Suffixes in any case: Windows saves B.XLSX as readily as b.xlsx.
        for c in sorted(c for c in p.iterdir() if c.suffix.lower() in (".xlsx", ".xlsm")):
            if c.is_dir() or c.name.startswith(("~$", ".")) or is_annotated_copy(c):
                continue
            if out is not None and c.resolve().is_relative_to(out):
                continue
            take(c)
    return found


__all__ = ["collect"]
