"""What a spreadsheet client kept of a template's hidden parts, and putting them back (issue 12 item 8).

A template carries, besides its cells: the `_kpi_meta` sheet (very hidden: scheme id, version,
period, hash), the same facts as defined names, print titles (the header row and the ID/name
columns on every printed page) and frozen panes. Clients lose some of them when they save:

- LibreOffice 7.4 saves the meta sheet as merely hidden (xlsx has no very-hidden in its model)
  and a headless conversion drops the frozen panes; names and print titles survive.
- Gnumeric (ssconvert) makes the meta sheet visible and cannot read print titles of rows and
  columns together ("$A:$B,$6:$6"): it writes a local name Print_Titles = ERROR(…) instead.

Reading never depends on them: the scheme is identified from the meta sheet, else the defined
names, else the scheme id printed in the header (load.py reports `meta-missing` only when both
hidden copies are gone), and cells are read by their header. What is lost is put back in the
annotated copy, the file a manager fixes and hands in again; `survey` says what survived, for
bench/roundtrip.py and the tests.
"""

from __future__ import annotations

from typing import Any

from openpyxl.workbook.defined_name import DefinedName

from generator.workbook import layout as L

# The defined names a template writes and the meta-sheet facts they copy.
NAMES = {L.NAME_SCHEME_ID: "scheme_id", L.NAME_SCHEME_VERSION: "scheme_version", L.NAME_PERIOD: "period",
         L.NAME_SCHEME_HASH: "scheme_hash"}
FREEZE = f"C{L.HEADER_ROW + 1}"  # below the header row, right of ID and name (template.py)
TITLE_ROWS = f"{L.HEADER_ROW}:{L.HEADER_ROW}"
TITLE_COLS = "A:B"


def survey(wb: Any) -> dict[str, object]:
    """What of the template's hidden parts `wb` still has."""
    meta = wb[L.META_SHEET].sheet_state if L.META_SHEET in wb.sheetnames else "missing"
    sheet = L.find_data_sheet(wb.sheetnames)
    ws = wb[sheet] if sheet is not None else None
    broken = sorted(name for name, dn in (ws.defined_names.items() if ws is not None else [])
                    if str(dn.attr_text).upper().startswith("ERROR("))
    return {
        "meta_sheet": meta,  # veryHidden | hidden | visible | missing
        "names": sorted(n for n in NAMES if wb.defined_names.get(n) is not None),
        "print_titles": bool(ws is not None and ws.print_title_rows),
        "freeze_panes": ws.freeze_panes if ws is not None else None,
        "broken_names": broken,
    }


def _meta_facts(wb: Any) -> dict[str, str]:
    if L.META_SHEET not in wb.sheetnames:
        return {}
    rows = wb[L.META_SHEET].iter_rows(min_row=1, max_row=20, max_col=2, values_only=True)
    return {str(k).strip(): str(v).strip() for k, v in rows if k is not None and v is not None}


def restore(wb: Any) -> list[str]:
    """Put back in `wb` what a client lost of the template's hidden parts; returns what was restored.

    Only a workbook that is one of ours (a data sheet and the scheme in the meta sheet or the
    names) is touched, and only what is missing or broken is written.
    """
    sheet = L.find_data_sheet(wb.sheetnames)  # 考核数据, or Data in an English workbook
    if sheet is None:
        return []
    facts = _meta_facts(wb)
    from_names = {key: str(dn.attr_text).strip().strip('"') for name, key in NAMES.items()
                  if (dn := wb.defined_names.get(name)) is not None}
    if "scheme_id" not in facts and "scheme_id" not in from_names:
        return []
    done: list[str] = []
    if L.META_SHEET not in wb.sheetnames:
        meta = wb.create_sheet(L.META_SHEET)
        for i, (key, value) in enumerate(from_names.items(), start=1):
            meta.cell(i, 1, key)
            meta.cell(i, 2, value)
        meta.protection.sheet = True
        facts = dict(from_names)
        done.append("meta_sheet")
    meta = wb[L.META_SHEET]
    if meta.sheet_state != "veryHidden":
        meta.sheet_state = "veryHidden"
        done.append("meta_hidden")
    for name, key in NAMES.items():
        if wb.defined_names.get(name) is None and key in facts:
            wb.defined_names[name] = DefinedName(name, attr_text='"' + facts[key].replace('"', '""') + '"')
            done.append(name)
    ws = wb[sheet]
    for name in [n for n, dn in ws.defined_names.items() if str(dn.attr_text).upper().startswith("ERROR(")]:
        del ws.defined_names[name]  # Gnumeric's unreadable print titles, which Excel would reject
        done.append(f"drop {name}")
    if not ws.print_title_rows:
        ws.print_title_rows = TITLE_ROWS
        if not ws.print_title_cols:
            ws.print_title_cols = TITLE_COLS
        done.append("print_titles")
    if not ws.freeze_panes:
        ws.freeze_panes = FREEZE
        done.append("freeze_panes")
    if wb.active is not None and wb.active.title == L.META_SHEET:
        wb.active = wb.sheetnames.index(sheet)
    return done
