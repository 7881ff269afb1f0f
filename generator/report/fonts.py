"""Start-up check for what Chinese PDF output needs (a CJK font, libharfbuzz-subset), and
WeasyPrint's import without a compiler.

Without a CJK font the PDF shows empty boxes; without libharfbuzz-subset WeasyPrint quietly
falls back to a Python font subsetter that is 10–40× slower. Neither stops the run, so both
are warnings a user sees once at start-up.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from generator.core.findings import Finding, Severity

Runner = Callable[[list[str]], str]


def _run(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout


def cjk_fonts(run: Runner = _run) -> list[str]:
    """Families fontconfig knows for Chinese (fc-list :lang=zh), sorted, without duplicates."""
    if shutil.which("fc-list") is None and run is _run:
        return []
    families: set[str] = set()
    for line in run(["fc-list", ":lang=zh", "family"]).splitlines():
        # fc-list prints "Noto Sans CJK SC,Noto Sans CJK SC Regular" for localised names.
        first = line.split(",")[0].strip()
        if first:
            families.add(first)
    return sorted(families)


def _find_library(name: str) -> str | None:
    """The library's file, trying its usual Linux soname first: dlopen needs no subprocess,
    while ctypes.util.find_library runs ldconfig (and gcc and ld when that fails)."""
    if sys.platform.startswith("linux"):
        soname = f"lib{name}.so.0"
        try:
            ctypes.CDLL(soname)
        except OSError:
            pass
        else:
            return soname
    return ctypes.util.find_library(name)


def has_harfbuzz_subset(find: Callable[[str], str | None] = _find_library) -> bool:
    return find("harfbuzz-subset") is not None


@contextmanager
def _no_library_search() -> Iterator[None]:
    """While WeasyPrint loads its libraries, `ctypes.util.find_library` finds nothing at once.

    WeasyPrint tries names such as 'libgobject-2.0-0' before 'libgobject-2.0.so.0'; cffi
    hands every name without a dot to find_library, which on Linux runs ldconfig and then
    gcc and ld with temporary files (16 compiler runs per import, in every worker). The
    '.so.N' names that follow load directly, so answering None loses nothing on Linux.
    """
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


def import_weasyprint() -> None:
    """Import WeasyPrint (once per process) without starting a compiler; see _no_library_search."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        importlib.import_module("weasyprint")
        return
    try:
        with _no_library_search():
            importlib.import_module("weasyprint")
    except (OSError, ImportError):
        # A system where only the search finds the libraries: forget the half import, search.
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        importlib.import_module("weasyprint")


def font_findings(run: Runner = _run, find: Callable[[str], str | None] = _find_library) -> list[Finding]:
    findings: list[Finding] = []
    if not cjk_fonts(run):
        findings.append(Finding(
            code="no-cjk-font", severity=Severity.WARNING,
            message="未找到中文字体:PDF 报告中的汉字将无法显示",
            message_en="no Chinese (CJK) font found: Chinese text in PDF reports will not display",
            hint="安装 fonts-noto-cjk(Debian/Ubuntu:apt-get install fonts-noto-cjk),或运行 make setup",
            hint_en="install fonts-noto-cjk (Debian/Ubuntu: apt-get install fonts-noto-cjk), or run make setup",
        ))
    if not has_harfbuzz_subset(find):
        findings.append(Finding(
            code="no-harfbuzz-subset", severity=Severity.WARNING,
            message="未找到 libharfbuzz-subset:PDF 生成会慢 10–40 倍",
            message_en="libharfbuzz-subset is missing: PDF rendering will be 10–40× slower",
            hint="安装 libharfbuzz-subset0(apt-get install libharfbuzz-subset0),或运行 make setup",
            hint_en="install libharfbuzz-subset0 (apt-get install libharfbuzz-subset0), or run make setup",
        ))
    return findings
