"""Which names in an inbox are workbooks to take, and which are someone's work in progress.

Excel, WPS and LibreOffice save through helper files, and copies arrive under temporary names:

- `~$name.xlsx`: Excel's (and WPS's) owner file, there while the workbook is open. For long names
  Excel drops the first one or two characters (`~$me.xlsx` for `name.xlsx`), so all three forms count.
- `.~lock.name.xlsx#`: LibreOffice's lock file, there while the workbook is open.
- `name.tmp`, `~WRL0001.tmp`, `.name.xlsx.swp`, `name.xlsx.part`, `name.xlsx.crdownload`: temporary
  names a save or a copy writes before it renames the finished file into place.
- hidden files (a leading dot) and the watcher's own folders (处理中/, 已处理/, 退回/).

A workbook is *blocked* while its owner or lock file exists: the manager still has it open, and
what is on disk may be an older save than what they see.
"""

from __future__ import annotations

from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# a copy or a save in progress; never a workbook, whatever it is called
TEMP_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp", ".~tmp")
OWNER_PREFIX = "~$"
LIBRE_LOCK = ".~lock."

CLAIM_DIR = "处理中"  # inside the inbox: a rename into it is atomic (same file system)
DONE_DIR = "已处理"
RETURNED_DIR = "退回"


def is_hidden(name: str) -> bool:
    return name.startswith(".")


def is_helper(name: str) -> bool:
    """An owner, lock or temporary file: never processed, never moved."""
    lowered = name.lower()
    return (name.startswith(OWNER_PREFIX) or name.startswith(LIBRE_LOCK) or lowered.endswith(TEMP_SUFFIXES)
            or name.endswith("#") or name.startswith("~"))


def is_candidate_name(name: str) -> bool:
    """A name the watcher takes: an .xlsx/.xlsm workbook that is not hidden, a helper or an annotated copy."""
    from generator.store.layout import is_annotated_copy

    if is_hidden(name) or is_helper(name):
        return False
    return name.lower().endswith(WORKBOOK_SUFFIXES) and not is_annotated_copy(Path(name))


def owner_names(name: str) -> tuple[str, ...]:
    """The helper files whose presence means `name` is open in Excel, WPS or LibreOffice."""
    forms = [f"{OWNER_PREFIX}{name}", f"{LIBRE_LOCK}{name}#"]
    if len(name) > 2:
        forms += [f"{OWNER_PREFIX}{name[1:]}", f"{OWNER_PREFIX}{name[2:]}"]
    return tuple(dict.fromkeys(forms))


def blocking_owner(path: Path) -> Path | None:
    """The owner or lock file that keeps `path` open, if one exists beside it."""
    for form in owner_names(path.name):
        candidate = path.with_name(form)
        if candidate.exists():
            return candidate
    return None


def skipped_dirs(inbox: Path, extra: tuple[Path, ...] = ()) -> set[Path]:
    """Folders a recursive scan never enters: the watcher's own and any configured elsewhere in the inbox."""
    own = {inbox / CLAIM_DIR, inbox / DONE_DIR, inbox / RETURNED_DIR, *extra}
    return {p.resolve() for p in own}


def scan(inbox: Path, recursive: bool, skip: set[Path]) -> list[Path]:
    """Every candidate workbook in the inbox (and its sub-folders), oldest name first; blocked ones too."""
    found: list[Path] = []
    folders = [inbox]
    while folders:
        folder = folders.pop()
        try:
            entries = sorted(folder.iterdir())
        except OSError:  # removed meanwhile, or no permission: the next scan tries again
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    if recursive and not is_hidden(entry.name) and entry.resolve() not in skip:
                        folders.append(entry)
                elif entry.is_file() and is_candidate_name(entry.name):
                    found.append(entry)
            except OSError:
                continue
    return found


def relative_name(path: Path, inbox: Path) -> str:
    """`sub/name.xlsx` for a file in a sub-folder, as the journal and the log show it."""
    try:
        return path.relative_to(inbox).as_posix()
    except ValueError:
        return path.name


__all__ = ["CLAIM_DIR", "DONE_DIR", "RETURNED_DIR", "blocking_owner", "is_candidate_name", "is_helper",
           "owner_names", "relative_name", "scan", "skipped_dirs"]
