"""Regenerate tests/data/: invalid workbooks, each named after its defect, with the findings it must give.

Each case starts from the filled presales sample (or writes raw bytes) and breaks one thing
the way managers do. The expected findings (code, cell, severity) are written by hand in the
CASES table below, never derived from running the validator, and saved next to the files as
tests/data/expected/<name>.json.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import struct
import tempfile
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl

from ..scheme.loader import load_builtin
from . import layout as L
from .reader import open_workbook
from .samples import header_for, sample_rows, write_sample
from .template import write_template

E, W = "error", "warning"
Case = tuple[str, Callable[[Path, Path], None], list[tuple[str, str, str]], dict[str, str]]


def _ole2(streams: dict[str, bytes]) -> bytes:
    """A minimal compound file (the container of .xls and of password-protected .xlsx).

    Streams are padded to 4096 bytes so they live in regular sectors (no mini stream).
    """
    sector = 512
    data_sectors: list[bytes] = []
    entries = []
    fat = [0xFFFFFFFD, 0xFFFFFFFE]  # sector 0: the FAT itself; sector 1: the directory
    for name, payload in streams.items():
        payload = payload.ljust(4096, b"\0")
        start = 2 + len(data_sectors)
        n = len(payload) // sector + (1 if len(payload) % sector else 0)
        for i in range(n):
            data_sectors.append(payload[i * sector:(i + 1) * sector].ljust(sector, b"\0"))
            fat.append(start + i + 1 if i < n - 1 else 0xFFFFFFFE)
        entries.append((name, 2, start, len(payload)))

    def entry(name: str, kind: int, start: int, size: int, right: int, child: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", 0xFFFFFFFF, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, 0xFFFFFFFF, 1)
    for i, (name, kind, start, size) in enumerate(entries, start=1):
        directory += entry(name, kind, start, size, i + 1 if i < len(entries) else 0xFFFFFFFF, 0xFFFFFFFF)
    directory = directory.ljust(sector, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0))
    header += struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108
    fat_sector = b"".join(struct.pack("<I", x) for x in fat).ljust(sector, b"\xff")
    return header + fat_sector + directory + b"".join(data_sectors)


def _save_fixed(wb: openpyxl.Workbook, out: Path) -> None:
    """Save with a fixed modification time, so regenerating gives identical bytes (openpyxl stamps 'now')."""
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-10-31T18:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 10, 31, 18, 0, 0)), data,
                         compress_type=zipfile.ZIP_DEFLATED)


def _mutate(change: Callable[[openpyxl.Workbook], None]) -> Callable[[Path, Path], None]:
    def build(base: Path, out: Path) -> None:
        wb = open_workbook(base)
        change(wb)
        _save_fixed(wb, out)

    return build


def _cells(**values: object) -> Callable[[Path, Path], None]:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb[L.DATA_SHEET]
        for ref, v in values.items():
            ws[ref] = v

    return _mutate(change)


def _bytes(data: bytes | Callable[[Path], bytes]) -> Callable[[Path, Path], None]:
    def build(base: Path, out: Path) -> None:
        out.write_bytes(data(base) if callable(data) else data)

    return build


def _office_zip(part: str, content_type: str, members: dict[str, str | bytes]) -> bytes:
    """A minimal Office Open XML container declaring one main part, for the non-workbook fixtures."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    f'package/2006/content-types"><Override PartName="{part}" ContentType="application/'
                    f'vnd.openxmlformats-officedocument.{content_type}"/></Types>')
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _zip_bomb(_base: Path) -> bytes:
    return _office_zip("/xl/workbook.xml", "spreadsheetml.sheet.main+xml",
                       {"xl/worksheets/sheet1.xml": b" " * (8 * 1024 * 1024)})


def _docx(_base: Path) -> bytes:
    return _office_zip("/word/document.xml", "wordprocessingml.document.main+xml",
                       {"word/document.xml": "<w:document/>"})


def _huge_dimension(base: Path) -> bytes:
    src = zipfile.ZipFile(base)
    buf = io.BytesIO()
    with src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                start = data.index(b"<dimension ref=\"")
                end = data.index(b"\"", start + 16)
                data = data[:start] + b'<dimension ref="A1:XFD1048576' + data[end:]
            dst.writestr(info, data)
    return buf.getvalue()


def _delete_col(letter: str) -> Callable[[openpyxl.Workbook], None]:
    def change(wb: openpyxl.Workbook) -> None:
        wb[L.DATA_SHEET].delete_cols(openpyxl.utils.column_index_from_string(letter))

    return change


def _header(ref: str, text: str, data: dict[str, object] | None = None) -> Callable[[Path, Path], None]:
    return _cells(**{ref: text}, **(data or {}))


def _no_meta_unknown(wb: openpyxl.Workbook) -> None:
    del wb[L.META_SHEET]
    for name in (L.NAME_SCHEME_ID, L.NAME_SCHEME_VERSION, L.NAME_PERIOD):
        del wb.defined_names[name]
    wb[L.DATA_SHEET]["E4"] = "presales-vip 1.0"


def _old_version(wb: openpyxl.Workbook) -> None:
    wb[L.META_SHEET]["B2"] = "2023.2"
    wb[L.DATA_SHEET]["E4"] = "presales-ecommerce 2023.2"


def _period_09(wb: openpyxl.Workbook) -> None:
    wb[L.META_SHEET]["B3"] = "2026-09"
    wb[L.DATA_SHEET]["E3"] = "2026年9月"


def _clear_rows(wb: openpyxl.Workbook) -> None:
    ws = wb[L.DATA_SHEET]
    for row in ws.iter_rows(min_row=L.FIRST_DATA_ROW, max_col=20):
        for c in row:
            c.value = None


def _merge(wb: openpyxl.Workbook) -> None:
    ws = wb[L.DATA_SHEET]
    ws["P8"] = None
    ws.merge_cells("P7:P8")


def _rename_sheet(wb: openpyxl.Workbook) -> None:
    wb[L.DATA_SHEET].title = "Sheet1"


def _cached_mismatch(base: Path, out: Path) -> None:
    scheme = load_builtin("presales-ecommerce")
    rows = sample_rows(scheme)
    rows[2].preview = Decimal("99")  # the file claims Excel computed 99 for row 9
    write_template(scheme, header_for(scheme), out, rows, calc_on_load=False, created=dt.datetime(2026, 10, 31))


# Presales sample layout: A 工号 B 姓名 C 岗位 D 邮箱 E 最终付款人数 F 询单人数 G 付款笔数 H 拍下笔数
# I 客服落实客单价 J 店铺客单价 K 回复过的客户数 L 接待人数 M 平均响应时间 N 工作任务评分 O 工作态度评分
# P 迟到早退次数 Q 有效请假天数 R 经验建议满5条次数 S 成交订单金额 T 备注 U 预览总分; data rows 7–14.
CASES: list[Case] = [
    ("file_xls_renamed", _bytes(_ole2({"Workbook": b"\x09\x08" + b"\0" * 200})), [("file-xls", "", E)], {}),
    ("file_password_protected", _bytes(_ole2({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\0" * 64})),
     [("file-encrypted", "", E)], {}),
    ("file_csv_renamed", _bytes("工号,姓名,询单人数\nPS1001,张伟,660\n".encode()), [("file-not-excel", "", E)], {}),
    ("file_html_renamed", _bytes(b"<html><body><table><tr><td>1</td></tr></table></body></html>"),
     [("file-not-excel", "", E)], {}),
    ("file_word_document", _bytes(_docx), [("file-not-excel", "", E)], {}),
    ("file_empty", _bytes(b""), [("file-empty", "", E)], {}),
    ("file_truncated", _bytes(lambda base: base.read_bytes()[: base.stat().st_size // 2]), [("file-truncated", "", E)], {}),
    ("file_zip_bomb", _bytes(_zip_bomb), [("file-zip-bomb", "", E)], {}),
    ("file_absurd_dimension", _bytes(_huge_dimension), [("sheet-too-large", "", E)], {}),
    ("sheet_renamed", _mutate(_rename_sheet), [("missing-sheet", "", E)], {}),
    ("meta_missing_unknown_scheme", _mutate(_no_meta_unknown), [("meta-missing", "E4", W), ("unknown-scheme", "E4", E)], {}),
    ("scheme_version_old", _mutate(_old_version), [("scheme-version-mismatch", "E4", E)], {}),
    ("period_mismatch", _mutate(_period_09), [("period-mismatch", "E3", E)], {"expected_period": "2026-10"}),
    ("period_unreadable", _cells(E3="十月份"), [("period-invalid", "E3", E)], {}),
    ("column_missing", _mutate(_delete_col("G")), [("missing-column", "G6", E)], {}),
    ("column_renamed", _header("F6", "咨询人数"), [("renamed-column", "F6", E)], {}),
    ("column_duplicated", _header("V6", "询单人数", {"V7": 100}), [("duplicate-column", "V6", E)], {}),
    ("column_extra", _header("V6", "手机号", {"V7": "13800000000"}), [("extra-column", "V6", W)], {}),
    ("event_unknown", _header("V6", "客户投诉扣分", {"V8": 2}), [("unknown-event", "V6", E)], {}),
    ("duplicate_employee_id", _cells(A9="PS1002"), [("duplicate-id", "A9", E)], {}),
    ("employee_id_missing", _cells(A8=None), [("missing-employee-id", "A8", E)], {}),
    ("name_empty", _cells(B10=None), [("empty-required", "B10", E)], {}),
    ("required_value_empty", _cells(F8=None), [("empty-required", "F8", E)], {}),
    ("text_in_number", _cells(F7="很多"), [("wrong-type", "F7", E)], {}),
    ("date_in_number", _cells(M8=dt.datetime(2026, 3, 5)), [("wrong-type", "M8", E)], {}),
    ("fraction_in_count", _cells(P9=1.5), [("not-whole-number", "P9", E)], {}),
    ("score_above_max", _cells(N7=12), [("out-of-range", "N7", E)], {}),
    ("negative_seconds", _cells(M10=-5), [("out-of-range", "M10", E)], {}),
    ("numerator_above_denominator", _cells(E8=900), [("numerator-exceeds-denominator", "E8", E)], {}),
    ("zero_denominator", _cells(G9=0, H9=0), [("zero-denominator", "H9", E)], {}),
    ("formula_in_input", _cells(F7="=600+60"), [("formula-in-input", "F7", E)], {}),
    ("no_employees", _mutate(_clear_rows), [("no-employees", "A7", E)], {}),
    ("merged_cells", _mutate(_merge), [("merged-cells", "P8", W)], {}),
    ("preview_typed_over", _cells(U7=99), [("preview-formula-edited", "U7", W), ("preview-total-mismatch", "U7", W)], {}),
    ("preview_formula_edited", _cells(U8="=100"), [("preview-formula-edited", "U8", W)], {}),
    ("preview_cached_mismatch", _cached_mismatch, [("preview-total-mismatch", "U9", W)], {}),
    ("several_errors_at_once", _cells(F7="很多", N7=12, A9="PS1002", P9=1.5),
     [("wrong-type", "F7", E), ("out-of-range", "N7", E), ("duplicate-id", "A9", E), ("not-whole-number", "P9", E)], {}),
]

# Other schemes: a level, a required rater.
OTHER: list[tuple[str, str, dict[str, object], list[tuple[str, str, str]]]] = [
    ("aftersales_invalid_level", "aftersales", {"N8": 7}, [("invalid-level", "N8", E)]),
    ("aftersales_level_words", "aftersales", {"N8": "优秀"}, [("invalid-level", "N8", E)]),
    ("callcenter_supervisor_missing", "callcenter-rep", {"Q9": None}, [("missing-rater", "Q9", E)]),
]


def write_defects(root: Path) -> list[Path]:
    expected_dir = root / "expected"
    expected_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = write_sample(load_builtin("presales-ecommerce"), Path(tmp) / "base.xlsx")
        for name, build, findings, params in CASES:
            out = root / f"{name}.xlsx"
            build(base, out)
            written += [out, _expect(expected_dir, name, findings, params)]
        for name, scheme_id, values, findings in OTHER:
            src = write_sample(load_builtin(scheme_id), Path(tmp) / f"{scheme_id}.xlsx")
            out = root / f"{name}.xlsx"
            _cells(**values)(src, out)
            written += [out, _expect(expected_dir, name, findings, {})]
    return written


def _expect(folder: Path, name: str, findings: list[tuple[str, str, str]], params: dict[str, str]) -> Path:
    path = folder / f"{name}.json"
    data = {"file": f"{name}.xlsx", **params,
            "findings": [{"code": c, "cell": cell, "severity": s} for c, cell, s in findings]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


__all__ = ["CASES", "write_defects"]
