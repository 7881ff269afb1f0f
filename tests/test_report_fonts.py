"""The start-up check for a CJK font and libharfbuzz-subset."""

from __future__ import annotations

import subprocess
import sys

from generator.report.fonts import cjk_fonts, font_findings, has_harfbuzz_subset


def test_this_machine_has_what_pdfs_need() -> None:
    # make setup installs fonts-noto-cjk and libharfbuzz-subset0; the check must see them.
    assert any("CJK" in f for f in cjk_fonts())
    assert has_harfbuzz_subset()
    assert font_findings() == []


def test_missing_font_and_subsetter_are_reported() -> None:
    findings = font_findings(run=lambda cmd: "", find=lambda name: None)
    assert [f.code for f in findings] == ["no-cjk-font", "no-harfbuzz-subset"]
    assert all(f.severity == "warning" and f.hint and f.hint_en for f in findings)
    assert "fonts-noto-cjk" in findings[0].hint and "libharfbuzz-subset0" in findings[1].hint


def test_fc_list_output_is_parsed() -> None:
    out = "Noto Sans CJK SC,Noto Sans CJK SC Regular\nWenQuanYi Micro Hei\nNoto Sans CJK SC\n"
    assert cjk_fonts(run=lambda cmd: out) == ["Noto Sans CJK SC", "WenQuanYi Micro Hei"]


# Records every command a Python process starts through subprocess (ctypes.util.find_library
# runs ldconfig, gcc and ld that way), then imports the module named on the command line.
SPAWN_PROBE = """
import subprocess, sys
started = []
original = subprocess.Popen.__init__
def record(self, args, *a, **k):
    started.append(args[0] if isinstance(args, (list, tuple)) else str(args).split()[0])
    return original(self, args, *a, **k)
subprocess.Popen.__init__ = record
module = __import__(sys.argv[1], fromlist=["_"])
for call in sys.argv[2:]:
    assert getattr(module, call)() is True
print(" ".join(sorted(set(started))))
"""


def _started_by_import(module: str, *calls: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", SPAWN_PROBE, module, *calls], capture_output=True, text=True,
                          check=True)
    return done.stdout.split()


def test_loading_the_pdf_renderer_starts_no_compiler() -> None:
    # Plain `import weasyprint` runs the compiler and linker through find_library (the probe
    # sees it); the renderer's import, done in every worker, starts nothing at all.
    assert any("gcc" in c or "ldconfig" in c for c in _started_by_import("weasyprint"))
    assert _started_by_import("generator.report.pdf") == []


def test_harfbuzz_subset_is_found_without_a_subprocess() -> None:
    assert _started_by_import("generator.report.fonts", "has_harfbuzz_subset") == []
