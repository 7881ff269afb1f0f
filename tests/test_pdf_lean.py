"""The render speed-ups and the leak fix change nothing in the PDFs: same bytes, same text, same pages.

The reports are cascaded with a user-agent stylesheet without WeasyPrint's universal
pseudo-element rules (generator/report/lean_ua.py), and WeasyPrint's text layout releases
what it used to leak (generator/report/pango_leak.py). The reference here is rendered in a
process of its own with WeasyPrint's full user-agent stylesheet and its layout as shipped;
the fast path renders the same HTML in this process with both changes. The PDFs must be byte for byte the same, so
their text (pdftotext, with 生僻字 in names) and page counts are too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.report import lean_ua, pango_leak
from generator.report.fetcher import assets_dir
from generator.report.pdf import PdfWriter, employee_html, team_html
from tests.report_support import meta, team

RARE = {"E001": "刘䶮", "E002": "吉𠮷", "E003": "王彧"}

# The reference: the project's writer with WeasyPrint's own HTML class (full UA stylesheet).
REFERENCE = """
import sys
from pathlib import Path
from weasyprint import HTML
from generator.report import pdf, pango_leak
pdf.LeanHTML = HTML
pango_leak.install = lambda: False
writer = pdf.PdfWriter()
assert not writer.leak_plugged
for name in sys.argv[1:]:
    html = Path(name)
    writer.write(html.read_text(encoding="utf-8"), html.with_suffix(".pdf"))
"""


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pairs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("lean")
    t = team(names=RARE)
    html = {r.employee.id: employee_html(r, meta()) for r in t.employees}
    html["team"] = team_html(t, meta())
    html["team-en"] = team_html(t, meta(lang="en"))
    for name, text in html.items():
        (folder / f"ref-{name}.html").write_text(text, encoding="utf-8")
    subprocess.run([sys.executable, "-c", REFERENCE, *[str(folder / f"ref-{n}.html") for n in html]],
                   check=True, cwd=Path(__file__).resolve().parents[1])
    writer = PdfWriter()
    assert writer.leak_plugged, "WeasyPrint's Layout.setup changed: see generator/report/pango_leak.py"
    fast = {name: writer.write(text, folder / f"fast-{name}.pdf") for name, text in html.items()}
    return [(folder / f"ref-{name}.pdf", fast[name]) for name in html]


def test_pdfs_are_byte_identical(pairs: list[tuple[Path, Path]]) -> None:
    for ref, fast in pairs:
        assert fast.read_bytes() == ref.read_bytes(), fast.name


def test_text_and_pages_are_unchanged(pairs: list[tuple[Path, Path]]) -> None:
    for ref, fast in pairs:
        assert len(PdfReader(fast).pages) == len(PdfReader(ref).pages)
        assert text_of(fast) == text_of(ref)
    employee_text = "".join(text_of(fast) for _, fast in pairs)
    for name in RARE.values():
        assert name in employee_text


def test_lean_sheet_drops_only_the_universal_pseudo_elements() -> None:
    from weasyprint import html as wp_html

    lean = lean_ua.lean_text(wp_html.UA)
    assert lean is not None, "WeasyPrint's UA stylesheet changed: the lean sheet is not used"
    assert lean_ua.lean_stylesheet() is not wp_html.UA_STYLESHEET
    dropped = set(wp_html.UA.splitlines()) - set(lean.splitlines())
    assert {line.split("{")[0].strip() for line in dropped} == {
        "::marker", "::footnote-call", "::footnote-marker", "::note-call", "::note-marker", "::note-callback"}
    assert "li::marker, summary::marker {" in lean


def test_report_stylesheets_need_nothing_the_lean_sheet_left_out() -> None:
    # A list item made by CSS, a footnote or a note would need the rules the lean sheet drops.
    for css in assets_dir().glob("*.css"):
        text = css.read_text(encoding="utf-8")
        for word in lean_ua.UNSUPPORTED:
            assert word not in text, f"{css.name} uses {word!r}: see generator/report/lean_ua.py"


def test_the_leak_fix_only_patches_the_leaking_setup() -> None:
    """Dropping the list's reference where WeasyPrint already drops it would free memory still in use."""
    import inspect

    from weasyprint.text.line_break import Layout

    assert pango_leak.install() and Layout.setup.__name__ == "owned_setup"
    shipped = inspect.getsource(Layout.setup.shipped)  # type: ignore[attr-defined]
    assert pango_leak.leaking(shipped)
    assert not pango_leak.leaking(shipped + "\n    pango.pango_attr_list_unref(attr_list)")
    assert not pango_leak.leaking("def setup(self, style):\n    pass")
    # The cache keeps nothing: every list owns the attribute made for it.
    assert pango_leak.FreshFeatures().setdefault(b"tnum 1", "fresh") == "fresh"
