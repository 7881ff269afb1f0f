"""Tell a file's kind from its bytes and refuse, before any parsing, what would exhaust memory.

The name proves nothing: a .xlsx may be an old .xls renamed, a password-protected file
(an OLE2 container holding an EncryptedPackage), a CSV, an HTML export or a truncated
download. Every such case becomes a Finding with words a manager understands.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree as SafeET

from generator.core.findings import Finding

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP = b"PK\x05\x06"

MAX_FILE_BYTES = 50 * 1024 * 1024  # a team workbook is a few hundred KB
MAX_TOTAL_UNCOMPRESSED = 256 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 128 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for members big enough to matter
RATIO_FLOOR = 1024 * 1024  # small members may compress very well and are harmless
MAX_MEMBERS = 2000
MAX_ROWS = 100_000  # a declared sheet dimension beyond these is absurd for a team workbook
MAX_COLS = 1_000

XLSX_MAIN = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "xlsm",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "xltx",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": "xltm",
}


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "xlsx" | "xlsm" | … ; "" when the file cannot be read
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.kind) and not self.findings


def _bad(path: Path, code: str, zh: str, en: str, hint: str, hint_en: str, value: str = "") -> Sniffed:
    return Sniffed("", (Finding(code=code, message=zh, message_en=en, hint=hint, hint_en=hint_en, file=str(path),
                                value=value),))


SAVE_AS = "请在 Excel 或 WPS 中打开,另存为“Excel 工作簿(*.xlsx)”后再提交。"
SAVE_AS_EN = "open it in Excel or WPS and save it as an Excel Workbook (*.xlsx)."


def sniff(path: Path) -> Sniffed:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return _bad(path, "file-unreadable", f"无法读取文件:{exc.strerror or exc}", f"cannot read the file: {exc}",
                    "检查文件是否存在、是否有读取权限。", "check that the file exists and can be read.")
    if size == 0:
        return _bad(path, "file-empty", "文件是空的(0 字节)。", "the file is empty (0 bytes).",
                    "可能是保存或传输中断,请重新保存并提交。", "saving or copying was interrupted; save it again.")
    if size > MAX_FILE_BYTES:
        return _bad(path, "file-too-large", f"文件过大({size // (1024 * 1024)} MB),不像是一个团队的考核表。",
                    f"the file is too large ({size // (1024 * 1024)} MB) for a team workbook.",
                    "请只保留考核数据,删除图片和多余的工作表。", "keep only the appraisal data.", value=str(size))
    if head.startswith(OLE2_MAGIC):
        return _ole2(path, size)
    if head.startswith(EMPTY_ZIP):
        return _bad(path, "file-not-excel", "这是一个空的压缩包,不是 Excel 工作簿。", "this is an empty zip archive, not a workbook.",
                    SAVE_AS, SAVE_AS_EN)
    if head.startswith(ZIP_MAGIC):
        return _zip(path)
    return _not_excel(path, head)


def _ole2(path: Path, size: int) -> Sniffed:
    # Directory entry names are UTF-16LE; both kinds are small, so reading them whole is cheap.
    data = path.read_bytes() if size <= MAX_FILE_BYTES else b""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return _bad(path, "file-encrypted", "文件设置了打开密码(已加密),工具无法读取。",
                    "the file is password-protected (encrypted) and cannot be read.",
                    "请在 Excel/WPS 中打开,在“文件 → 信息 → 保护工作簿 → 用密码进行加密”中清除密码后保存。",
                    "open it, remove the password (File → Info → Protect Workbook → Encrypt with Password) and save.")
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return _bad(path, "file-xls", "这是旧版 Excel 97–2003 格式(.xls),工具只读取 .xlsx。",
                    "this is the old Excel 97–2003 format (.xls); only .xlsx is read.", SAVE_AS, SAVE_AS_EN)
    return _bad(path, "file-not-excel", "这是一个 Office 97–2003 文档(可能是 Word 或 WPS 文件),不是 Excel 工作簿。",
                "this is an Office 97–2003 document (perhaps Word), not an Excel workbook.", SAVE_AS, SAVE_AS_EN)


def _not_excel(path: Path, head: bytes) -> Sniffed:
    with path.open("rb") as fh:
        start = fh.read(512)
    low = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<html", b"<!doctype", b"<table")) or b"<html" in low:
        what, what_en = "网页(HTML)文件,常见于系统导出的“假 xls”", "a web page (HTML), often exported by systems as a fake .xls"
    elif low.startswith(b"<?xml"):
        what, what_en = "XML 文件(可能是“XML 电子表格 2003”)", "an XML file (perhaps XML Spreadsheet 2003)"
    elif head.startswith(b"%PDF"):
        what, what_en = "PDF 文件", "a PDF file"
    elif b"\x00" not in start:
        what, what_en = "文本文件(可能是 CSV)", "a text file (perhaps CSV)"
    else:
        what, what_en = "无法识别的文件", "an unknown kind of file"
    return _bad(path, "file-not-excel", f"这不是 Excel 工作簿,而是{what}。", f"this is not an Excel workbook but {what_en}.",
                SAVE_AS, SAVE_AS_EN)


def _zip(path: Path) -> Sniffed:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return _bad(path, "file-truncated", "文件不完整或已损坏(无法作为 xlsx 打开),可能是下载或复制时中断了。",
                    "the file is incomplete or damaged (not a readable xlsx); a download or copy was probably cut short.",
                    "请重新保存或重新获取原文件。", "save or fetch the file again.")
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names:
            return _bad(path, "file-not-excel", "这是一个压缩包,不是 Excel 工作簿。", "this is a zip archive, not a workbook.",
                        SAVE_AS, SAVE_AS_EN)
        bomb = _bomb(path, infos)
        if bomb is not None:
            return bomb
        try:
            types = SafeET.fromstring(zf.read("[Content_Types].xml"))
        except Exception:  # noqa: BLE001 - any parse failure means the package is broken
            return _bad(path, "file-truncated", "文件已损坏([Content_Types].xml 无法读取)。", "the file is damaged.",
                        "请重新保存后再提交。", "save it again.")
        kind = ""
        for el in types:
            ct = el.get("ContentType", "")
            if ct in XLSX_MAIN:
                kind = XLSX_MAIN[ct]
        if not kind:
            if "word/document.xml" in names:
                what, what_en = "Word 文档(.docx)", "a Word document (.docx)"
            elif "ppt/presentation.xml" in names:
                what, what_en = "PowerPoint 演示文稿", "a PowerPoint presentation"
            elif "content.xml" in names and "mimetype" in names:
                what, what_en = "OpenDocument 表格(.ods)", "an OpenDocument file (.ods)"
            else:
                what, what_en = "未知的压缩文件", "an unknown zip package"
            return _bad(path, "file-not-excel", f"这不是 Excel 工作簿,而是{what}。", f"this is not an Excel workbook but {what_en}.",
                        SAVE_AS, SAVE_AS_EN)
        big = _dimensions(path, zf, infos)
        if big is not None:
            return big
        try:
            bad_member = zf.testzip()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            bad_member = "?"
        if bad_member is not None:
            return _bad(path, "file-truncated", "文件已损坏(部分内容无法解压),可能是保存或传输时中断了。",
                        "the file is damaged (part of it cannot be unpacked).", "请重新保存后再提交。", "save it again.",
                        value=bad_member)
    return Sniffed(kind)


def _bomb(path: Path, infos: list[zipfile.ZipInfo]) -> Sniffed | None:
    hint, hint_en = "这个文件解压后异常巨大,已拒绝读取。请确认是否为正常的考核表。", "refused: it would unpack to an absurd size."
    if len(infos) > MAX_MEMBERS:
        return _bad(path, "file-zip-bomb", f"文件包含 {len(infos)} 个部件,远超正常工作簿。",
                    f"the file holds {len(infos)} parts, far more than a workbook.", hint, hint_en, value=str(len(infos)))
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER_UNCOMPRESSED:
            return _bad(path, "file-zip-bomb", f"文件中的 {info.filename} 解压后有 {info.file_size // (1024 * 1024)} MB。",
                        f"{info.filename} would unpack to {info.file_size // (1024 * 1024)} MB.", hint, hint_en,
                        value=info.filename)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            return _bad(path, "file-zip-bomb", f"文件中的 {info.filename} 压缩比异常({ratio}:1)。",
                        f"{info.filename} has an absurd compression ratio ({ratio}:1).", hint, hint_en, value=info.filename)
    if total > MAX_TOTAL_UNCOMPRESSED:
        return _bad(path, "file-zip-bomb", f"文件解压后共 {total // (1024 * 1024)} MB,远超正常工作簿。",
                    f"the file would unpack to {total // (1024 * 1024)} MB in all.", hint, hint_en, value=str(total))
    return None


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")


def _dimensions(path: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Sniffed | None:
    """A sheet declaring absurd dimensions is refused; only its first few KB are read for that."""
    from openpyxl.utils import column_index_from_string

    for info in infos:
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        with zf.open(info) as fh:
            head = fh.read(4096)
        m = _DIMENSION.search(head)
        if not m or not m.group(4):
            continue
        rows = int(m.group(4))
        cols = column_index_from_string(m.group(3).decode())
        if rows > MAX_ROWS or cols > MAX_COLS:
            return _bad(path, "sheet-too-large", f"工作表声明的范围达 {rows} 行 × {cols} 列,远超一个团队的考核表。",
                        f"a sheet declares {rows} rows × {cols} columns, absurd for a team workbook.",
                        "删除多余的行列(选中空白行列 → 删除)后保存再提交。", "delete the unused rows and columns and save again.",
                        value=f"{m.group(3).decode()}{rows}")
    return None
