"""A lean user-agent stylesheet for the reports: WeasyPrint's own, less the rules that give
every element pseudo-elements our reports never show.

WeasyPrint's HTML user-agent stylesheet has six rules on bare pseudo-elements (`::marker`,
`::footnote-call`, `::footnote-marker`, `::note-call`, `::note-marker`, `::note-callback`).
They match every element, so the cascade computes seven styles per element instead of one;
leaving them out halves the cascade and saves about 12 % of an employee report's CPU time
(bench/README.md). A marker exists only on list items, a
footnote call only on `float: footnote`, a note only on `float: note`; the reports use
none of them, so `::marker` is scoped to list items and the note rules are left out. The
rest of the sheet is WeasyPrint's text as shipped, parsed once per process; the PDFs are
byte for byte those rendered with the full sheet (tests/test_pdf_lean.py).

If WeasyPrint's sheet no longer has these rules word for word, its own sheet is used.
"""

from __future__ import annotations

from typing import Any

from generator.report.fonts import import_weasyprint

import_weasyprint()

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint import html as wp_html  # noqa: E402

MARKER = "::marker {"
SCOPED_MARKER = "li::marker, summary::marker {"
NOTE_RULES = ("::footnote-call {", "::footnote-marker {", "::note-call {", "::note-marker {", "::note-callback {")

# What the report stylesheets must not use for the lean sheet to be exact.
UNSUPPORTED = ("footnote", "float: note", "list-item", "::marker")


def lean_text(ua: str) -> str | None:
    """WeasyPrint's UA text without the universal pseudo-element rules; None if they are not there as expected."""
    lines = ua.splitlines()
    out: list[str] = []
    found: set[str] = set()
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(MARKER):
            out.append(SCOPED_MARKER + stripped[len(MARKER):])
            found.add(MARKER)
        elif stripped.startswith(NOTE_RULES):
            found.add(stripped.split("{")[0])
        else:
            out.append(line)
    if len(found) != 1 + len(NOTE_RULES):
        return None
    return "\n".join(out) + "\n"


_SHEET: Any = None


def lean_stylesheet() -> Any:
    """The lean sheet (a weasyprint.CSS), built once per process; WeasyPrint's own if it cannot be."""
    global _SHEET
    if _SHEET is None:
        text = lean_text(wp_html.UA)
        _SHEET = wp_html.UA_STYLESHEET if text is None else CSS(string=text, counter_style=wp_html.UA_COUNTER_STYLE)
    return _SHEET


class LeanHTML(HTML):
    """An HTML document cascaded with the lean user-agent sheet (forms keep WeasyPrint's form sheet)."""

    def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
        sheets = [lean_stylesheet()]
        if forms:
            sheets.append(wp_html.UA_FORM_STYLESHEET)
        return sheets
