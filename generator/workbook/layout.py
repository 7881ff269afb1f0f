"""Where things live in the standardized input workbook: sheets, header block, columns.

The template writer, the reader and the annotator all take their cell addresses from here,
so that a change of layout is made once. The scheme id and version are stored twice: in the
visible header block (for people) and in a very hidden sheet plus defined names (for the
tool), which a manager cannot reach by accident. The scheme's content hash is stored only
for the tool: it tells a scheme edited without a new version from the one the template had.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from generator.core.numbers import clean_text
from generator.scheme.model import Column, InputKind, Scheme

LAYOUT_VERSION = "1"

INSTRUCTIONS_SHEET = "填写说明"
DATA_SHEET = "考核数据"
META_SHEET = "_kpi_meta"  # very hidden: scheme id, version, period, layout version, scheme hash
FINDINGS_SHEET = "错误清单"  # first sheet of an annotated copy

# Defined names, workbook scope: the same facts as the meta sheet, for tools that read names.
NAME_SCHEME_ID = "KPI_SCHEME_ID"
NAME_SCHEME_VERSION = "KPI_SCHEME_VERSION"
NAME_PERIOD = "KPI_PERIOD"
NAME_SCHEME_HASH = "KPI_SCHEME_HASH"

TITLE_CELL = "A1"
# Header block: label in one cell, the value in the cell to its right.
HEADER_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    # key, label zh, label en, value cell
    ("company", "公司", "Company", "B2"),
    ("department", "部门", "Department", "E2"),
    ("manager", "考核人", "Manager", "B3"),
    ("period", "考核周期", "Period", "E3"),
    ("scheme_name", "考核方案", "Scheme", "B4"),
    ("scheme_ref", "方案编号/版本", "Scheme id / version", "E4"),
)
EDITABLE_HEADER = ("company", "department", "manager")
HEADER_ROW = 6
FIRST_DATA_ROW = 7
BLANK_ROWS = 30  # rows offered when there is no roster
SPARE_ROWS = 10  # empty, unlocked rows under a roster's people: a new hire can be added; ignored when empty
MAX_DATA_ROWS = 5000  # a team workbook with more rows than this is refused, not read
HEADER_SEARCH_ROWS = 15  # a manager may have inserted rows above the header



@dataclass(frozen=True)
class Field:
    """One column of the data sheet."""

    key: str  # Column.key for scheme inputs; "id", "name", "position", "email", "comment", "preview"
    header: str
    header_en: str
    column: Column | None = None  # the scheme input behind it, when there is one
    required: bool = False
    width: float = 12
    kind: str = ""  # what the 填写说明 sheet calls a column without a scheme input ("" = 文本)
    note: str = ""  # its line there


FIXED_BEFORE = (
    Field("id", "工号", "Employee ID", required=True, width=10),
    Field("name", "姓名", "Name", required=True, width=10),
    Field("position", "岗位", "Position", width=12),
    Field("email", "邮箱", "E-mail", width=22),
)
COMMENT = Field("comment", "备注", "Comment", width=24)
PREVIEW = Field("preview", "预览总分(仅供参考)", "Preview total (for reference)", width=12)


def unit_of(col: Column) -> str:
    if col.kind is InputKind.PERCENT:
        return "%"
    if col.kind is InputKind.LEVEL:
        return "级"
    if col.kind is InputKind.SCORE:
        return "分"
    return col.unit


def header_text(col: Column, lang: str = "zh") -> str:
    """'询单人数(人)': the name a manager sees, with its unit."""
    name = col.header_en if lang == "en" and col.header_en else col.header
    unit = unit_of(col)
    return f"{name}({unit})" if unit else name


def fields(scheme: Scheme) -> list[Field]:
    out = list(FIXED_BEFORE)
    for col in scheme.columns():
        out.append(Field(col.key, header_text(col), header_text(col, "en"), column=col, required=col.required,
                         width=max(10, min(22, len(col.header) * 2 + 4))))
    out.append(COMMENT)
    if scheme.improvement is not None:  # 改进计划 and 面谈 columns; before the preview, which stays last
        from generator.workbook.plan_cells import PLAN_FIELDS  # it builds on Field, defined here

        out += PLAN_FIELDS
    out.append(PREVIEW)
    return out


def letters(scheme: Scheme) -> dict[str, str]:
    """Field key → column letter in a fresh template."""
    return {f.key: get_column_letter(i) for i, f in enumerate(fields(scheme), start=1)}


_UNIT_TAIL = re.compile(r"[((][^()()]*[))]$")


def header_key(text: object) -> str:
    """Header text reduced to what identifies it: NFKC, no spaces, no '*', no '(unit)' tail."""
    if text is None:
        return ""
    s = clean_text(str(text)).replace(" ", "").replace("*", "").replace("\n", "")
    s = _UNIT_TAIL.sub("", s)
    return s.lower()

