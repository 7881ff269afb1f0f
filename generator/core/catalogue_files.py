"""The catalogue's record (Code) and its first area, "file": the bytes submitted, before any cell is read.

Kept apart from catalogue.py only for length; `generator.core.catalogue` is the one catalogue
every lookup goes through, and tests/test_catalogue.py reads both files as the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.core.findings import Severity

Area = Literal["file", "workbook", "roster", "scheme", "run", "config", "archive", "mail"]


@dataclass(frozen=True)
class Code:
    code: str
    area: Area
    severity: Severity  # the usual one; a few codes are reported at either level
    title: str  # what it means, in words a manager understands
    title_en: str
    hint: str  # how to fix it, generically; a finding's own hint is more specific
    hint_en: str


E, W = Severity.ERROR, Severity.WARNING
SAVE_AS = "在 Excel 或 WPS 中打开,另存为“Excel 工作簿(*.xlsx)”后再提交。"
SAVE_AS_EN = "Open it in Excel or WPS, save it as an Excel Workbook (*.xlsx) and submit that."

FILE_ENTRIES: tuple[Code, ...] = (
    # -- file: the bytes submitted, before any cell is read ------------------------------------
    Code("file-unreadable", "file", E, "文件无法读取(不存在、没有权限或被其他程序占用)。",
         "The file cannot be read (missing, no permission, or held by another program).",
         "确认文件存在、有读取权限,并关闭正在使用它的程序。",
         "Check that the file exists and may be read, and close any program using it."),
    Code("file-empty", "file", E, "文件是空的(0 字节)。", "The file is empty (0 bytes).",
         "保存或传输可能中断了;重新保存后再提交。", "Saving or copying was probably interrupted; save it again and resubmit."),
    Code("file-too-large", "file", E, "文件大得不像一个团队的考核表或名单。",
         "The file is far larger than a team's workbook or roster can be.",
         "只保留考核数据,删除图片和多余的工作表。", "Keep only the appraisal data; delete pictures and extra sheets."),
    Code("file-not-excel", "file", E, "文件不是 Excel 工作簿(例如 Word 文档、压缩包、CSV 或网页)。",
         "The file is not an Excel workbook (it is e.g. a Word document, a zip archive, a CSV or a web page).",
         SAVE_AS, SAVE_AS_EN),
    Code("file-xls", "file", E, "文件是旧版 Excel 97–2003 格式(.xls),工具只读取 .xlsx。",
         "The file is in the old Excel 97–2003 format (.xls); only .xlsx is read.", SAVE_AS, SAVE_AS_EN),
    Code("file-encrypted", "file", E, "文件设置了打开密码,工具无法读取。",
         "The file is password-protected and cannot be read.",
         "在 Excel/WPS 中清除密码(文件 → 信息 → 保护工作簿 → 用密码进行加密)后保存再提交。",
         "Remove the password (File → Info → Protect Workbook → Encrypt with Password), save and resubmit."),
    Code("file-not-regular", "file", E, "提交的不是普通文件(文件夹、管道、设备或指向别处的链接),不予读取。",
         "What was submitted is not an ordinary file (a folder, pipe, device or a link elsewhere); it is not read.",
         "只提交 Excel 保存的 .xlsx 文件本身。", "Submit the .xlsx file Excel saved, nothing else."),
    Code("file-duplicate-part", "file", E, "工作簿内部结构重复,可能被篡改:同一部件(例如数据表)出现了两次。",
         "The workbook's internal structure is duplicated (one part, such as the data sheet, appears twice); "
         "it may have been tampered with.",
         "不要提交这个文件;用 Excel 或 WPS 打开原始工作簿另存为新的 .xlsx,核对数据后再提交。",
         "Do not submit this file; save the original workbook as a new .xlsx in Excel or WPS, check it and submit that."),
    Code("file-unsupported", "file", E, "文件使用了 Excel 不会使用的压缩方式,可能被其他压缩软件改写过。",
         "The file uses a compression method Excel never writes; another zip tool probably rewrote it.",
         SAVE_AS, SAVE_AS_EN),
    Code("file-truncated", "file", E, "文件不完整或已损坏,通常是下载、复制或保存时中断了。",
         "The file is incomplete or damaged, usually by an interrupted download, copy or save.",
         "重新保存或重新获取原文件后再提交。", "Save or fetch the file again and resubmit."),
    Code("file-zip-bomb", "file", E, "文件解压后大小或部件数量异常,为安全起见不予读取。",
         "The file would unpack to an abnormal size or number of parts; for safety it is not read.",
         "确认这是正常的考核表;在 Excel 中打开并另存为新的 .xlsx 后再提交。",
         "Make sure it is a real appraisal workbook; open it in Excel and save it as a new .xlsx."),
    Code("sheet-too-large", "file", E, "工作表声明的行列范围大得离谱(常见于把格式应用到了整行或整列)。",
         "A sheet claims an absurd number of rows or columns (often formatting applied to whole rows or columns).",
         "删除多余的空白行和列后保存再提交。", "Delete the unused rows and columns, save and resubmit."),
    Code("file-damaged", "file", E, "文件无法作为 Excel 工作簿打开。", "The file cannot be opened as an Excel workbook.",
         "在 Excel 或 WPS 中打开后重新保存为 .xlsx。", "Open it in Excel or WPS and save it again as .xlsx."),
    Code("not-a-workbook", "file", E, "这不是可以处理的 .xlsx 工作簿。", "This is not an .xlsx workbook that can be processed.",
         "提交用 kpi-report template 生成并填写好的 .xlsx 工作簿。",
         "Submit the .xlsx workbook made with kpi-report template, filled in."),
)

__all__ = ["FILE_ENTRIES", "SAVE_AS", "SAVE_AS_EN", "Area", "Code"]
