"""Where schemes come from: folders of YAML files, the user's before the built-in ones.

A scheme is found by the `id` written inside its file, whatever the file is called, so the id
a template records is the id every later command looks up. Building a registry only reads each
file's `id:` line (a full YAML parse only when that line cannot be found); a scheme is parsed
when it is first asked for, and at most once per process while the file's content stays the
same (a registry built per workbook, or the watcher's next run, reuses the parse). A broken
file is reported when it is asked for, so one bad file in a folder does not stop listing or
using the others.

A user scheme with the id of a built-in replaces it (that is how an organisation adapts one);
two user files with one id are an error, since nothing says which one a template meant.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from generator.core.findings import Finding, KpiError
from generator.scheme import model as m
from generator.scheme.loader import load_scheme, schemes_dir
from generator.scheme.yamlsrc import Node, load

SUFFIXES = (".yaml", ".yml")
# A top-level `id:` line: no indentation, a plain or quoted value, maybe a comment after it.
_ID_LINE = re.compile(r"""^id[ \t]*:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"][^\s#]*))[ \t]*(?:\#.*)?$""",
                      re.MULTILINE)
# What an id may look like (reading.ident): anything else given to resolve() is a path.
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class SchemeEntry:
    id: str
    path: Path
    builtin: bool
    shadows: Path | None = None  # the built-in file this user scheme replaces
    line: int | None = None  # line of `id:` in the file; None when the id could not be read (the file name stands in)


def read_id(path: Path) -> tuple[str, int | None]:
    """The id written in a scheme file and its line, cheaply; (file stem, None) when it cannot be read.

    The stem stands in so that asking for the scheme by that name reports the file's real problem.
    """
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return path.stem, None
    found = _ID_LINE.search(source)
    if found:
        value = next(g for g in found.groups() if g is not None)
        return value, source.count("\n", 0, found.start()) + 1
    try:  # an unusual layout (flow style, `"id":`): let the YAML parser find it
        root = load(source)
    except yaml.YAMLError:
        return path.stem, None
    if isinstance(root, Node) and isinstance(root.get("id"), str):
        return root["id"], root.line_of("id")
    return path.stem, None


def _scan(folder: Path, builtin: bool) -> list[SchemeEntry]:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
                   and p.is_file())
    entries = []
    for p in files:
        sid, line = read_id(p)
        entries.append(SchemeEntry(id=sid, path=p, builtin=builtin, line=line))
    return entries


def _at(entry: SchemeEntry) -> tuple[str, str]:
    if entry.line is None:
        return f"{entry.path}(未能读出 id,按文件名)", f"{entry.path} (id unreadable, file name used)"
    return f"{entry.path} 第 {entry.line} 行", f"{entry.path}:{entry.line}"


def _duplicate(first: SchemeEntry, second: SchemeEntry) -> Finding:
    a, a_en = _at(first)
    b, b_en = _at(second)
    return Finding(code="scheme-duplicate", file=str(second.path), line=second.line, value=second.id,
                   message=f"考核方案编号“{second.id}”在两个文件中重复:{a};{b}。",
                   message_en=f"scheme id {second.id!r} is used by two files: {a_en} and {b_en}.",
                   hint="每个方案的 id 必须唯一:改掉其中一个文件的 id,或把不用的文件移出方案文件夹。",
                   hint_en="each scheme id must be unique: change the id in one file, or move the unused file out of the folder.")


class SchemeRegistry:
    """The schemes available to one run: user folders first, then the built-ins."""

    def __init__(self, entries: Iterable[SchemeEntry]) -> None:
        self._entries = {e.id: e for e in entries}
        self._cache: dict[Path, m.Scheme | KpiError] = {}
        self._lock = threading.Lock()  # parse at most once even when workbooks are read on threads

    @classmethod
    def from_dirs(cls, user_dirs: Sequence[Path] = ()) -> SchemeRegistry:
        """Scan the folders (not their subfolders) for *.yaml / *.yml; KpiError on a missing folder or a duplicate id."""
        missing = [Path(d) for d in user_dirs if not Path(d).is_dir()]
        if missing:
            raise KpiError([Finding(code="scheme-dir-not-found", file=str(d), message=f"找不到方案文件夹 {d}。",
                                    message_en=f"no such scheme folder: {d}.",
                                    hint="检查路径;单个方案文件请用 --scheme 文件.yaml。",
                                    hint_en="check the path; for a single scheme file use --scheme file.yaml.")
                            for d in missing])
        seen: set[Path] = set()  # a folder named twice, or the built-in folder named as a user folder
        problems: list[Finding] = []

        def collect(folders: Iterable[Path], builtin: bool) -> dict[str, SchemeEntry]:
            found: dict[str, SchemeEntry] = {}
            for folder in folders:
                for entry in _scan(Path(folder), builtin):
                    if entry.path.resolve() in seen:
                        continue
                    seen.add(entry.path.resolve())
                    if entry.id in found:
                        problems.append(_duplicate(found[entry.id], entry))
                    else:
                        found[entry.id] = entry
            return found

        user = collect(user_dirs, builtin=False)
        builtins = collect([schemes_dir()], builtin=True)
        if problems:
            raise KpiError(problems)
        merged = dict(builtins)
        for sid, entry in user.items():
            merged[sid] = replace(entry, shadows=builtins[sid].path if sid in builtins else None)
        return cls(merged[sid] for sid in sorted(merged))

    # ---- listing ----------------------------------------------------------------------
    def ids(self) -> list[str]:
        return sorted(self._entries)

    def entries(self) -> list[SchemeEntry]:
        return [self._entries[sid] for sid in self.ids()]

    def __contains__(self, scheme_id: object) -> bool:
        return scheme_id in self._entries

    def path_of(self, scheme_id: str) -> Path:
        return self._entry(scheme_id).path

    # ---- loading ----------------------------------------------------------------------
    def get(self, scheme_id: str) -> m.Scheme:
        """The scheme with this id, parsed on first use; KpiError "scheme-not-found" or the file's own problems."""
        entry = self._entry(scheme_id)
        return self._load(entry.path, entry.id)

    def resolve(self, ref: str) -> m.Scheme:
        """`ref` is a scheme id, or else a path to a YAML file (anything that cannot be an id is a path)."""
        if _ID.match(ref):
            return self.get(ref)
        path = Path(ref)
        if not path.is_file():
            raise KpiError(Finding(code="scheme-not-found", file=ref, message=f"找不到方案文件 {ref}。",
                                   message_en=f"no such scheme file: {ref}.",
                                   hint="写方案编号(如 presales-ecommerce)或 YAML 文件的路径。",
                                   hint_en="give a scheme id (e.g. presales-ecommerce) or the path of a YAML file."))
        return self._load(path, None)

    def _entry(self, scheme_id: str) -> SchemeEntry:
        entry = self._entries.get(scheme_id)
        if entry is None:
            available = ", ".join(self.ids())
            raise KpiError(Finding(code="scheme-not-found", value=scheme_id[:64],
                                   message=f"找不到考核方案 “{scheme_id[:64]}”",
                                   message_en=f"no scheme {scheme_id[:64]!r}",
                                   hint="可用方案: " + available, hint_en="available: " + available))
        return entry

    def _load(self, path: Path, expected_id: str | None) -> m.Scheme:
        key = path.resolve()
        with self._lock:
            if key not in self._cache:
                self._cache[key] = _parse_once(key, expected_id)
            result = self._cache[key]
        if isinstance(result, KpiError):
            raise KpiError(result.findings)  # a fresh error each time: the cached one keeps no traceback
        return result


# Parsed scheme files of this process, by file and content: parsing a scheme (YAML + checks)
# costs ~100 ms, as much as reading a 20-person workbook, and every registry (one per workbook
# when the caller passes none, one per run in the watcher) would otherwise parse it again.
# Keyed by the bytes' digest, not the modification time: an edit is always seen.
_PARSED: dict[tuple[Path, str], m.Scheme | KpiError] = {}
_PARSED_LOCK = threading.Lock()
_PARSED_MAX = 64


def _parse_once(path: Path, expected_id: str | None) -> m.Scheme | KpiError:
    try:
        key = (path, hashlib.sha256(path.read_bytes()).hexdigest())
    except OSError:
        return _parse(path, expected_id)  # reports the unreadable file
    with _PARSED_LOCK:
        parsed = _PARSED.get(key)
    if parsed is None:
        parsed = _parse(path, None)
        with _PARSED_LOCK:
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()  # files edited over and over under a long-running watcher
            _PARSED[key] = parsed
    if isinstance(parsed, m.Scheme) and expected_id is not None and parsed.id != expected_id:
        return _id_changed(path, parsed.id, expected_id)
    return parsed


def _parse(path: Path, expected_id: str | None) -> m.Scheme | KpiError:
    try:
        scheme = load_scheme(path)
    except KpiError as exc:
        return exc
    except (OSError, UnicodeDecodeError) as exc:
        return KpiError(Finding(code="scheme-unreadable", file=str(path), value=type(exc).__name__,
                                message=f"方案文件 {path} 无法读取:{exc}", message_en=f"cannot read scheme file {path}: {exc}",
                                hint="检查文件是否存在、可读,并以 UTF-8 保存。",
                                hint_en="check that the file exists, is readable and is saved as UTF-8."))
    if expected_id is not None and scheme.id != expected_id:  # the file changed since the folder was scanned
        return _id_changed(path, scheme.id, expected_id)
    return scheme


def _id_changed(path: Path, found: str, expected_id: str) -> KpiError:
    return KpiError(Finding(code="scheme-id-changed", file=str(path), value=found,
                            message=f"方案文件 {path} 的 id 是“{found}”,而不是列出时的“{expected_id}”。",
                            message_en=f"scheme file {path} has id {found!r}, not {expected_id!r} as listed.",
                            hint="文件在运行期间被修改;请重新运行。", hint_en="the file changed during the run; run again."))


__all__ = ["SUFFIXES", "SchemeEntry", "SchemeRegistry", "read_id"]
