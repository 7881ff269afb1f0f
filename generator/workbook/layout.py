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
# An English template (--lang en) names its sheets in English; the reader accepts either data sheet.
SHEET_NAMES = {"zh": (INSTRUCTIONS_SHEET, DATA_SHEET), "en": ("Instructions", "Data")}
DATA_SHEETS = tuple(names[1] for names in SHEET_NAMES.values())
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


def instructions_sheet(lang: str = "zh") -> str:
    return SHEET_NAMES["en" if lang == "en" else "zh"][0]


def data_sheet(lang: str = "zh") -> str:
    return SHEET_NAMES["en" if lang == "en" else "zh"][1]


def find_data_sheet(sheetnames: list[str]) -> str | None:
    """The workbook's data sheet under either language's name (the Chinese one first), or None."""
    return next((name for name in DATA_SHEETS if name in sheetnames), None)


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
    kind_en: str = ""  # the same two in an English template ("" = Text)
    note_en: str = ""

    def label(self, lang: str = "zh") -> str:
        """The header an input workbook in `lang` shows."""
        return self.header_en if lang == "en" else self.header


FIXED_BEFORE = (
    Field("id", "工号", "Employee ID", required=True, width=10),
    Field("name", "姓名", "Name", required=True, width=10),
    Field("position", "岗位", "Position", width=12),
    Field("email", "邮箱", "E-mail", width=22),
)
COMMENT = Field("comment", "备注", "Comment", width=24)
PREVIEW = Field("preview", "预览总分(仅供参考)", "Preview total (for reference)", width=12)


# The units the built-in schemes write, in English; a unit not here is the scheme's own text, shown as is.
UNITS_EN = {"级": "level", "分": "points", "人": "people", "个": "count", "件": "items", "条": "items", "项": "items",
            "笔": "transactions", "次": "times", "元": "yuan", "天": "days", "秒": "s"}


def unit_of(col: Column, lang: str = "zh") -> str:
    if col.kind is InputKind.PERCENT:
        unit = "%"
    elif col.kind is InputKind.LEVEL:
        unit = "级"
    elif col.kind is InputKind.SCORE:
        unit = "分"
    else:
        unit = col.unit
    return unit_word(unit, lang)


def unit_word(unit: str, lang: str = "zh") -> str:
    """A unit as an input workbook in `lang` writes it (a unit with no English form stays as the scheme wrote it)."""
    return UNITS_EN.get(unit, unit) if lang == "en" else unit


def header_text(col: Column, lang: str = "zh") -> str:
    """'询单人数(人)' / 'Inquiries (people)': the name a manager sees, with its unit."""
    if lang == "en":
        unit = unit_of(col, "en")
        name = col.header_en or col.header
        return f"{name} ({unit})" if unit else name
    unit = unit_of(col)
    return f"{col.header}({unit})" if unit else col.header


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


def has_cjk(text: str) -> bool:
    """Text with Chinese characters: a scheme's own words an English template cannot translate."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


_UNIT_TAIL = re.compile(r"[((][^()()]*[))]$")


def header_key(text: object) -> str:
    """Header text reduced to what identifies it: NFKC, no spaces, no '*', no '(unit)' tail."""
    if text is None:
        return ""
    s = clean_text(str(text)).replace(" ", "").replace("*", "").replace("\n", "")
    s = _UNIT_TAIL.sub("", s)
    return s.lower()

