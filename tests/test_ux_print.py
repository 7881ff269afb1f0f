"""The printed template is readable (issue 12, item 5).

Before: 考核数据 was shrunk to one landscape page (4–6 pt text) and 填写说明 was cut off
("(满分"). Now: ≥ 9 pt, fitted to the width only while that stays readable, header row (and
ID/name columns) repeated on every page, long instructions in rows tall enough to show them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from generator.scheme.registry import SchemeRegistry
from generator.workbook import layout as L
from generator.workbook.print_setup import MIN_SCALE, display_width, fit_scale
from tests.fixtures.samples import write_sample

REGISTRY = SchemeRegistry.from_dirs()


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    return {sid: write_sample(REGISTRY.get(sid), folder / f"{sid}.xlsx") for sid in REGISTRY.ids()}


def widths(ws) -> list[float]:
    return [ws.column_dimensions[letter].width for letter in ws.column_dimensions]


@pytest.mark.parametrize("scheme_id", REGISTRY.ids())
def test_page_setup_keeps_text_readable(scheme_id: str, templates: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(templates[scheme_id])
    for name in (L.DATA_SHEET, L.INSTRUCTIONS_SHEET):
        ws = wb[name]
        setup = ws.page_setup
        assert setup.paperSize == 9 and setup.orientation == "landscape"
        fitted = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
        if fitted:  # one page wide, only when that leaves the text at ≥ 90 %
            assert (setup.fitToWidth or 1) == 1 and setup.fitToHeight == 0  # xlsxwriter omits the default 1
            assert fit_scale([ws.column_dimensions[c].width for c in ws.column_dimensions], True) >= MIN_SCALE
        else:
            assert (setup.scale or 100) >= MIN_SCALE
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None and cell.font is not None and cell.font.sz is not None:
                    assert cell.font.sz >= 10, (name, cell.coordinate, cell.font.sz)
    data = wb[L.DATA_SHEET]
    assert data.print_title_rows == f"${L.HEADER_ROW}:${L.HEADER_ROW}"
    if not (data.sheet_properties.pageSetUpPr and data.sheet_properties.pageSetUpPr.fitToPage):
        assert data.print_title_cols == "$A:$B"  # each page says whose row it is


@pytest.mark.parametrize("scheme_id", REGISTRY.ids())
def test_long_instructions_are_in_rows_tall_enough(scheme_id: str, templates: dict[str, Path]) -> None:
    ws = openpyxl.load_workbook(templates[scheme_id])[L.INSTRUCTIONS_SHEET]
    merged_width = sum(ws.column_dimensions[c].width for c in "ABCDEF")
    checked = 0
    for rng in ws.merged_cells.ranges:
        text = str(ws.cell(rng.min_row, rng.min_col).value or "")
        lines = -(-display_width(text) // int(merged_width))
        if lines > 1:
            checked += 1
            assert ws.row_dimensions[rng.min_row].height >= lines * 14, (rng.coord, text[:20])
    assert checked >= 1


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_readable_pages(templates: dict[str, Path], tmp_path: Path) -> None:
    profile = tmp_path / "lo-profile"  # our own profile: never collides with another LibreOffice
    sample = templates["callcenter-rep"]
    subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(sample)], check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "callcenter-rep.pdf"
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    heights = [float(y2) - float(y1) for y1, y2, word in re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(CC100\d)<', boxes)]
    assert heights, "employee IDs not found in the printed template"
    # A glyph box is about 1.3 × the font size: 11 pt at 90 % gives ≈ 12.9; the old 4–6 pt gave ≤ 8.
    assert min(heights) >= 11.5, heights
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    for line in REGISTRY.get("callcenter-rep").notes.splitlines():
        if any("\u4e00" <= ch <= "\u9fff" for ch in line):
            assert "".join(line.split()) in text  # every instruction printed whole, none cut off
