"""Workbooks whose client lost the template's hidden parts are read the same (issue 12 item 8).

LibreOffice saves the very hidden `_kpi_meta` sheet as hidden and, converting headless, drops
the frozen panes; Gnumeric shows the meta sheet and turns the print titles into a broken local
name. Each loss (and a client that drops the names, or everything at once) is made here with
openpyxl on a filled sample: the tool must read the same totals and report only what matters
(`meta-missing`, a warning, when no hidden copy of the scheme is left). The annotated copy, the
file a manager fixes and hands in again, gets the lost parts back. Where LibreOffice or
Gnumeric is installed, the real round trip is checked too.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from generator.engine import compute
from generator.scheme.loader import load_builtin
from generator.workbook import layout as L
from generator.workbook import load_workbook_input
from generator.workbook.annotate import annotate
from generator.workbook.roundtrip import survey
from tests.fixtures.samples import write_sample

SCHEME = load_builtin("gs-team")
WHOLE = {"meta_sheet": "veryHidden", "names": sorted([L.NAME_PERIOD, L.NAME_SCHEME_HASH, L.NAME_SCHEME_ID,
                                                      L.NAME_SCHEME_VERSION]),
         "print_titles": True, "freeze_panes": "C7", "broken_names": []}


def _drop_names(wb: Any) -> None:
    for name in list(wb.defined_names):
        del wb.defined_names[name]


def _drop_titles(wb: Any) -> None:
    ws = wb[L.DATA_SHEET]
    ws.print_title_rows = None
    ws.print_title_cols = None


def _like_libreoffice(wb: Any) -> None:
    wb[L.META_SHEET].sheet_state = "hidden"
    wb[L.DATA_SHEET].freeze_panes = None


def _like_gnumeric(wb: Any) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    wb[L.META_SHEET].sheet_state = "visible"
    _drop_titles(wb)
    ws = wb[L.DATA_SHEET]
    ws.defined_names["Print_Titles"] = DefinedName("Print_Titles", attr_text='ERROR("考核数据!$A:$B,考核数据!$6:$6")')


def _everything(wb: Any) -> None:
    _drop_names(wb)
    wb.remove(wb[L.META_SHEET])
    _drop_titles(wb)
    wb[L.DATA_SHEET].freeze_panes = None


LOSSES: dict[str, tuple[Callable[[Any], None], list[str]]] = {
    "meta sheet made visible": (lambda wb: setattr(wb[L.META_SHEET], "sheet_state", "visible"), []),
    "meta sheet merely hidden": (lambda wb: setattr(wb[L.META_SHEET], "sheet_state", "hidden"), []),
    "meta sheet dropped": (lambda wb: wb.remove(wb[L.META_SHEET]), []),
    "defined names dropped": (_drop_names, []),
    "print titles dropped": (_drop_titles, []),
    "freeze panes dropped": (lambda wb: setattr(wb[L.DATA_SHEET], "freeze_panes", None), []),
    "as LibreOffice saves": (_like_libreoffice, []),
    "as Gnumeric saves": (_like_gnumeric, []),
    # Nothing hidden is left: the scheme id printed in the header still names the scheme, with a warning.
    "all of them": (_everything, ["meta-missing"]),
}


def totals(path: Path) -> tuple[list[str], list[str]]:
    loaded = load_workbook_input(path)
    assert loaded.scheme is not None
    return [f.code for f in loaded.findings], [f"{compute(loaded.scheme, row).total}" for row in loaded.rows]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_sample(SCHEME, tmp_path_factory.mktemp("rt") / "gs.xlsx")
    assert survey(openpyxl.load_workbook(path)) == WHOLE
    return path


def lose(sample: Path, how: Callable[[Any], None], out: Path) -> Path:
    wb = openpyxl.load_workbook(sample)
    how(wb)
    wb.save(out)
    return out


@pytest.mark.parametrize("loss", list(LOSSES))
def test_a_workbook_that_lost_hidden_parts_reads_the_same(sample: Path, tmp_path: Path, loss: str) -> None:
    how, reported = LOSSES[loss]
    codes, got = totals(lose(sample, how, tmp_path / "lost.xlsx"))
    expected_codes, expected = totals(sample)
    assert expected_codes == [] and len(expected) == 8
    assert got == expected
    assert codes == reported


@pytest.mark.parametrize("loss", ["as LibreOffice saves", "as Gnumeric saves", "meta sheet dropped",
                                  "defined names dropped"])
def test_the_annotated_copy_gets_the_lost_parts_back(sample: Path, tmp_path: Path, loss: str) -> None:
    path = lose(sample, LOSSES[loss][0], tmp_path / "lost.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[L.DATA_SHEET]
    ws[f"{L.letters(SCHEME)['name']}{L.FIRST_DATA_ROW}"] = None  # a rejected workbook: a name left out
    wb.save(path)
    loaded = load_workbook_input(path)
    assert loaded.findings.items, "the workbook should be rejected"
    copy = annotate(loaded, tmp_path / "lost-批注.xlsx")
    book = openpyxl.load_workbook(copy)
    assert survey(book) == WHOLE
    assert book.active.title != L.META_SHEET
    # The copy, once the name is filled in, reads as the original did.
    book[L.DATA_SHEET][f"{L.letters(SCHEME)['name']}{L.FIRST_DATA_ROW}"] = "员工"
    for sheet in [s for s in book.sheetnames if s not in (L.INSTRUCTIONS_SHEET, L.DATA_SHEET, L.META_SHEET)]:
        book.remove(book[sheet])
    book.save(tmp_path / "fixed.xlsx")
    assert totals(tmp_path / "fixed.xlsx") == totals(sample)


def test_a_whole_workbook_is_left_as_it_is(sample: Path, tmp_path: Path) -> None:
    from generator.workbook.roundtrip import restore

    wb = openpyxl.load_workbook(sample)
    assert restore(wb) == []
    foreign = openpyxl.Workbook()  # not one of ours: nothing to restore, nothing added
    foreign.create_sheet(L.DATA_SHEET)
    assert restore(foreign) == [] and L.META_SHEET not in foreign.sheetnames


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed")
def test_a_real_libreoffice_round_trip(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run([str(_soffice()), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(sample)],
                   check=True, capture_output=True, timeout=300)
    saved = out / sample.name
    assert totals(saved) == totals(sample)
    kept = survey(openpyxl.load_workbook(saved))
    assert kept["meta_sheet"] in ("veryHidden", "hidden")  # never shown to the manager
    assert kept["names"] == WHOLE["names"] and kept["print_titles"]


@pytest.mark.skipif(shutil.which("ssconvert") is None, reason="Gnumeric is not installed")
def test_a_real_gnumeric_round_trip(sample: Path, tmp_path: Path) -> None:
    saved = tmp_path / "gnumeric.xlsx"
    subprocess.run(["ssconvert", str(sample), str(saved)], check=True, capture_output=True, timeout=300)
    assert totals(saved) == totals(sample)
    kept = survey(openpyxl.load_workbook(saved))
    assert kept["names"] == WHOLE["names"] and kept["freeze_panes"] == "C7"
