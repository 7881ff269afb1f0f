"""Tell a file's kind from its bytes and refuse, before any parsing, what would exhaust memory.

The name proves nothing: a .xlsx may be an old .xls renamed, a password-protected file
(an OLE2 container holding an EncryptedPackage), a CSV, an HTML export or a truncated
download. Every such case becomes a Finding with words a manager understands.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

from generator.core.findings import Finding
from generator.workbook.limits import DEFAULTS, Limits
from generator.workbook.xmlscan import Problem, Tally, scan_sheet

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP = b"PK\x05\x06"

MAX_FILE_BYTES = 50 * 1024 * 1024  # a team workbook is a few hundred KB
MAX_TOTAL_UNCOMPRESSED = 64 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 32 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for members big enough to matter
RATIO_FLOOR = 1024 * 1024  # small members may compress very well and are harmless
MAX_MEMBERS = 2000
# Excel, WPS and LibreOffice write only these; Deflate64, bzip2, LZMA, AES (99) are refused.
METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
ENCRYPTED_BITS = 0x01 | 0x40  # traditional and strong encryption flags

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
    # The bytes checked here, read once: later readers parse these, never the path again, so a
    # file swapped after the checks (or a FIFO put in its place) is never what gets parsed.
    data: bytes = field(default=b"", repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return bool(self.kind) and not self.findings


def _bad(path: Path, code: str, zh: str, en: str, hint: str, hint_en: str, value: str = "") -> Sniffed:
    return Sniffed("", (Finding(code=code, message=zh, message_en=en, hint=hint, hint_en=hint_en, file=str(path),
                                value=value),))


SAVE_AS = "请在 Excel 或 WPS 中打开,另存为“Excel 工作簿(*.xlsx)”后再提交。"
SAVE_AS_EN = "open it in Excel or WPS and save it as an Excel Workbook (*.xlsx)."


def sniff(path: Path, limits: Limits = DEFAULTS) -> Sniffed:
    special = _not_regular(path)
    if special is not None:
        return special
    try:
        data = _read(path)
    except _Special as exc:
        return _refuse_special(path, exc.what, exc.what_en)
    except OSError as exc:
        return _bad(path, "file-unreadable", f"无法读取文件:{exc.strerror or exc}", f"cannot read the file: {exc}",
                    "检查文件是否存在、是否有读取权限。", "check that the file exists and can be read.")
    size = len(data)
    head = data[:8]
    if size == 0:
        return _bad(path, "file-empty", "文件是空的(0 字节)。", "the file is empty (0 bytes).",
                    "可能是保存或传输中断,请重新保存并提交。", "saving or copying was interrupted; save it again.")
    if size > MAX_FILE_BYTES:
        return _bad(path, "file-too-large", f"文件过大(超过 {MAX_FILE_BYTES // (1024 * 1024)} MB),不像是一个团队的考核表。",
                    f"the file is too large (over {MAX_FILE_BYTES // (1024 * 1024)} MB) for a team workbook.",
                    "请只保留考核数据,删除图片和多余的工作表。", "keep only the appraisal data.", value=str(size))
    if head.startswith(OLE2_MAGIC):
        return _ole2(path, data)
    if head.startswith(EMPTY_ZIP):
        return _bad(path, "file-not-excel", "这是一个空的压缩包,不是 Excel 工作簿。", "this is an empty zip archive, not a workbook.",
                    SAVE_AS, SAVE_AS_EN)
    if head.startswith(ZIP_MAGIC):
        found = _zip(path, data, limits)
        return Sniffed(found.kind, found.findings, data if found.ok else b"")
    return _not_excel(path, data)


class _Special(Exception):
    def __init__(self, what: str, what_en: str):
        super().__init__(what_en)
        self.what, self.what_en = what, what_en


def _kind_of(mode: int) -> tuple[str, str] | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "文件夹", "a folder"
    if stat.S_ISFIFO(mode):
        return "命名管道(FIFO)", "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件", "a device"
    if stat.S_ISSOCK(mode):
        return "套接字", "a socket"
    return "特殊文件", "a special file"


def _refuse_special(path: Path, what: str, what_en: str) -> Sniffed:
    return _bad(path, "file-not-regular", f"这不是普通文件,而是{what},不予读取。",
                f"this is not an ordinary file but {what_en}; it is not read.",
                "只提交 Excel 保存的 .xlsx 文件本身。", "submit the .xlsx file Excel saved, nothing else.")


def _not_regular(path: Path) -> Sniffed | None:
    """A folder, FIFO, device or socket is refused from its metadata alone: opening a FIFO to read
    it would wait forever. A symbolic link is followed only to a file in the same folder."""
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            target = path.resolve()
            if not target.is_relative_to(path.parent.resolve()):
                return _refuse_special(path, f"指向其他位置({target})的链接", f"a link to somewhere else ({target})")
            st = os.stat(path)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        return _bad(path, "file-unreadable", f"无法读取文件:{getattr(exc, 'strerror', None) or exc}",
                    f"cannot read the file: {exc}", "检查文件是否存在、是否有读取权限。", "check that the file exists and can be read.")
    kind = _kind_of(st.st_mode)
    return None if kind is None else _refuse_special(path, *kind)


def _read(path: Path) -> bytes:
    """The file's bytes, at most MAX_FILE_BYTES + 1. Opened without blocking and checked again
    once open, in case it was replaced by something special after _not_regular looked."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = _kind_of(os.fstat(fd).st_mode)
        if kind is not None:
            raise _Special(*kind)
        chunks, total = [], 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(fd, 1024 * 1024)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _ole2(path: Path, data: bytes) -> Sniffed:
    # Directory entry names are UTF-16LE; the file is already in memory and bounded.
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


def _not_excel(path: Path, data: bytes) -> Sniffed:
    head, start = data[:8], data[:512]
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


def _zip(path: Path, data: bytes, limits: Limits) -> Sniffed:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception:  # noqa: BLE001 - BadZipFile, struct and value errors from a mangled directory
        return _bad(path, "file-truncated", "文件不完整或已损坏(无法作为 xlsx 打开),可能是下载或复制时中断了。",
                    "the file is incomplete or damaged (not a readable xlsx); a download or copy was probably cut short.",
                    "请重新保存或重新获取原文件。", "save or fetch the file again.")
    with zf:
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names:
            return _bad(path, "file-not-excel", "这是一个压缩包,不是 Excel 工作簿。", "this is a zip archive, not a workbook.",
                        SAVE_AS, SAVE_AS_EN)
        found = _duplicates(path, infos) or _bomb(path, infos) or _methods(path, infos)
        if found is not None:
            return found
        parts, found = _unpack(path, zf, infos)
        if found is not None:
            return found
        try:
            types = SafeET.fromstring(parts["[Content_Types].xml"])
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
        big = _sheets(path, parts, limits)
        if big is not None:
            return big
    return Sniffed(kind)


def _duplicates(path: Path, infos: list[zipfile.ZipInfo]) -> Sniffed | None:
    """Two parts with one name (Excel compares names without case): a reader would silently take one
    of them, so a second data sheet could smuggle rows past whoever checked the first."""
    seen: set[str] = set()
    for info in infos:
        key = info.filename.replace("\\", "/").lstrip("/").lower()
        if key in seen:
            return _bad(path, "file-duplicate-part", "工作簿内部结构重复,可能被篡改(同一部件出现了两次)。",
                        f"the workbook's internal structure is duplicated ({info.filename} appears twice); "
                        "it may have been tampered with.",
                        "不要提交这个文件;用 Excel 或 WPS 打开原始工作簿另存为新的 .xlsx,核对数据后再提交。",
                        "do not submit this file; save the original workbook as a new .xlsx in Excel or WPS, "
                        "check its data and submit that.", value=info.filename[:120])
        seen.add(key)
    return None


def _methods(path: Path, infos: list[zipfile.ZipInfo]) -> Sniffed | None:
    for info in infos:
        if info.flag_bits & ENCRYPTED_BITS:
            return _bad(path, "file-encrypted", "文件中的部件被加密了,工具无法读取。",
                        f"a part of the file ({info.filename}) is encrypted and cannot be read.",
                        "清除密码后在 Excel/WPS 中另存为新的 .xlsx 再提交。", "remove the password and save it as a new .xlsx.",
                        value=info.filename[:120])
        if info.compress_type not in METHODS:
            return _bad(path, "file-unsupported", f"文件使用了 Excel 不会使用的压缩方式(编号 {info.compress_type}),"
                        "可能由其他压缩软件改写过。",
                        f"the file uses a compression method Excel never writes (method {info.compress_type}); "
                        "another zip tool probably rewrote it.", SAVE_AS, SAVE_AS_EN, value=info.filename[:120])
    return None


def _unpack(path: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> tuple[dict[str, bytes], Sniffed | None]:
    """Every part, unpacked and checked (length and checksum) before any parser sees it.

    zipfile stops at the declared size, which _bomb has bounded; a part whose data is longer or
    shorter than it declares, or whose checksum fails, is damage, not something to read around.
    """
    parts: dict[str, bytes] = {}
    for info in infos:
        try:
            with zf.open(info) as fh:
                data = fh.read(info.file_size + 1)
                if len(data) != info.file_size or fh.read(1):
                    raise zipfile.BadZipFile("size")
        except Exception:  # noqa: BLE001 - CRC, zlib, size or header errors: all are damage
            return parts, _bad(path, "file-truncated", "文件已损坏(部分内容无法解压或与记录的大小不符),可能是保存或传输时中断了。",
                               "the file is damaged (a part cannot be unpacked or does not match its recorded size).",
                               "请重新保存后再提交。", "save it again.", value=info.filename[:120])
        parts[info.filename] = data
    return parts, None


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


def _sheets(path: Path, parts: dict[str, bytes], limits: Limits) -> Sniffed | None:
    """A sheet reaching beyond the limits (declared or real) is refused before openpyxl builds it."""
    tally = Tally()
    for name, data in parts.items():
        if not name.endswith(".xml") or b"sheetData" not in data:
            continue
        problem = scan_sheet(data, limits, tally)
        if problem is not None:
            return _too_large(path, name, problem, limits)
    return None


def _too_large(path: Path, part: str, p: Problem, limits: Limits) -> Sniffed:
    hint = "删除多余的行列(选中空白行列 → 删除)、取消整行整列的合并后保存,再提交。"
    hint_en = "delete the unused rows and columns and undo merges of whole rows or columns, save and resubmit."
    cap = f"{limits.max_rows} 行 × {limits.max_columns} 列"
    cap_en = f"{limits.max_rows} rows × {limits.max_columns} columns"
    if p.kind == "bad-ref":
        return _bad(path, "file-damaged", f"工作表中有无效的单元格引用“{p.ref}”,文件已损坏。",
                    f"a sheet holds an invalid cell reference {p.ref!r}; the file is damaged.", SAVE_AS, SAVE_AS_EN,
                    value=p.ref)
    if p.kind == "too-many-cells":
        return _bad(path, "sheet-too-large", f"工作簿共有约 {p.detail} 个单元格,超过上限 {limits.max_cells}。",
                    f"the workbook holds about {p.detail} cells, over the limit of {limits.max_cells}.", hint, hint_en,
                    value=p.detail)
    what = {"dimension": ("声明的范围", "declares the range"), "far-cell": ("有一个单元格位于", "has a cell at"),
            "area": ("有一个合并或超链接范围", "has a merged or linked range")}[p.kind]
    return _bad(path, "sheet-too-large", f"工作表{what[0]} {p.ref},超出一个团队考核表的上限({cap})。",
                f"a sheet {what[1]} {p.ref}, beyond what a team workbook may hold ({cap_en}).", hint, hint_en,
                value=p.ref)
