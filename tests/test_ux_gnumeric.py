"""Gnumeric re-saves no longer give false findings (issue 12, item 8).

ssconvert rewrites every constant of the preview formula (0.75 → 0.7499999999999999999); the
formula means the same, so it must not be reported as edited. A real edit still is.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl

from generator.scheme.loader import load_builtin
from generator.workbook import layout as L
from generator.workbook import load_workbook_input
from generator.workbook.preview import same_formula, total_formula
from tests.fixtures.samples import write_sample

SCHEME = load_builtin("presales-ecommerce")


def gnumeric_style(formula: str) -> str:
    """Every decimal constant written the way ssconvert writes it: a hair below, 19 digits."""

    def rewrite(m: re.Match[str]) -> str:
        text = m.group(0)
        if "." not in text:
            return text
        return f"{Decimal(text) - Decimal('1e-19'):f}"

    return re.sub(r"(?<![A-Z0-9_.$])\d+\.\d+", rewrite, formula)


def formula(row: int) -> str:
    letters = L.letters(SCHEME)
    made = total_formula(SCHEME, lambda key: f"{letters[key]}{row}")
    assert made is not None
    return made


def test_constants_compare_by_value() -> None:
    f = formula(7)
    g = gnumeric_style(f)
    assert g != f and "0.7499999999999999999" in g
    assert same_formula(g, f)
    assert same_formula(f.replace("0.75", ".75"), f)
    assert not same_formula(f.replace("0.75", "0.76", 1), f)  # a real change of a band edge
    assert not same_formula(f.replace("E7", "E8", 1), f)  # a reference moved
    assert not same_formula(f.replace("0.75", "75", 1), f)


def test_a_gnumeric_resave_gives_no_preview_finding(tmp_path: Path) -> None:
    path = write_sample(SCHEME, tmp_path / "ps.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[L.DATA_SHEET]
    preview = L.letters(SCHEME)["preview"]
    rows = range(L.FIRST_DATA_ROW, L.FIRST_DATA_ROW + 8)
    for r in rows:
        ws[f"{preview}{r}"].value = gnumeric_style(formula(r))
    ws[f"{preview}{rows[-1]}"].value = formula(rows[-1]).replace("0.75", "0.7", 1)  # one genuinely edited
    wb.save(path)
    loaded = load_workbook_input(path)
    edited = [f.cell for f in loaded.findings if f.code == "preview-formula-edited"]
    assert edited == [f"{preview}{rows[-1]}"]
