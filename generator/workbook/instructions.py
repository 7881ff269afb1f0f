"""The 填写说明 sheet: how to fill the workbook, in words a manager reads, and one line per column."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.core.numbers import fmt_plain
from generator.history import periods
from generator.scheme.model import InputKind, Scheme
from generator.workbook import layout as L
from generator.workbook.plan_cells import plan_step
from generator.workbook.print_setup import setup_print, wrapped_height

if TYPE_CHECKING:
    import xlsxwriter

    from generator.workbook.template import HeaderInfo

WIDTHS = (8, 26, 16, 22, 8, 50)  # 列, 表头, 类型, 范围, 必填, 说明: 130 characters, one landscape page wide
KIND_ZH = {InputKind.PERCENT: "百分比", InputKind.COUNT: "整数(次数/人数)", InputKind.MONEY: "金额(元)",
           InputKind.LEVEL: "等级", InputKind.SCORE: "分数", InputKind.NUMBER: "数字"}

STEPS = (
    "1. 请只在“考核数据”表的黄色单元格中填写;表头、工作表名称和灰色单元格请勿修改、删除或移动。",
    "2. 每位员工一行:工号、姓名必填,工号不能重复;岗位、邮箱可选(邮箱用于发送个人报告)。",
    "3. 百分比可以填写 95%、95 或 0.95,三种写法含义相同;全角数字(９５％)也可以。"
    "不带百分号的数这样读:1 及以下是小数(0.95 = 95%,1 = 100%),大于 1 是百分点(95 = 95%,1.5 = 1.5%)。"
    "同一列请只用一种写法;一列里混用时,1、1.5 这类两种读法都说得通的数会得到提醒。最稳妥的是带上百分号(1.5%、150%)。",
    "4. 次数、人数填写整数;金额以元为单位,可保留两位小数;等级请从下拉列表选择。",
    "5. 请直接填写数值,不要在填写区域使用公式,也不要合并单元格。",
    "6. “预览总分”只是填写时的参考。正式得分、等级、系数和奖金由 kpi-report 按方案重新计算,"
    "不读取表格中的任何公式结果。",
    "7. 填好后可先自查:kpi-report validate 本文件.xlsx。若有问题,工具会生成“文件名.errors.xlsx”,"
    "用红色标出每个有问题的单元格并在批注中说明原因,原文件不会被修改。",
    "8. 请保存为 .xlsx 格式(不要另存为 .xls,也不要设置打开密码)。",
)


def period_step(scheme: Scheme) -> str:
    """Step 9: how to write the 考核周期 cell for this scheme, and what a cut-off day means."""
    kind = periods.kind_word(scheme.period)
    example, spelled = periods.EXAMPLES.get(scheme.period, periods.EXAMPLES["month"])
    text = (f"9. 本方案按{kind}考核,“考核周期”写 {example} 或 {spelled}。可用的写法:{periods.accepted_forms()};"
            "其他类型的周期(例如季度方案填了月份)会被退回。")
    if scheme.cutoff_day is not None:
        d = scheme.cutoff_day
        sample = periods.parse(example)
        span = sample.range_text(d) if sample is not None else ""
        text += f"月结日为每月 {d} 日:每月从 {d + 1} 日起至次月 {d} 日止,按结束的月份计(例如 {example} 即 {span})。"
    return text


def write_instructions(wb: xlsxwriter.Workbook, scheme: Scheme, header: HeaderInfo, fields: list[L.Field]) -> None:
    ws = wb.add_worksheet(L.INSTRUCTIONS_SHEET)
    f = wb.add_format
    title = f({"bold": True, "font_size": 16, "font_name": "等线"})
    bold = f({"bold": True, "font_name": "等线"})
    wrap = f({"text_wrap": True, "valign": "top", "font_name": "等线"})
    head = f({"bold": True, "border": 1, "bg_color": "#DDEBF7", "font_name": "等线"})
    cell = f({"border": 1, "text_wrap": True, "valign": "top", "font_name": "等线"})
    for i, width in enumerate(WIDTHS):
        ws.set_column(i, i, width)
    merged = sum(WIDTHS)
    ws.write(0, 0, f"{scheme.name} — 填写说明", title)
    ws.write(1, 0, f"考核方案:{scheme.id}  版本:{scheme.version}  "
                   f"考核周期:{header.period}  {periods.display(header.period, scheme.cutoff_day)}", bold)
    row = 3
    for step in (*STEPS, period_step(scheme), *([plan_step(scheme)] if scheme.improvement else [])):
        ws.merge_range(row, 0, row, 5, step, wrap)
        ws.set_row(row, wrapped_height(step, merged))  # tall enough for the whole text, never cut off
        row += 1
    row += 1
    ws.write(row, 0, "各列说明", bold)
    row += 1
    for ci, text in enumerate(("列", "表头", "类型", "范围 / 可选值", "必填", "说明")):
        ws.write(row, ci, text, head)
    row += 1
    for i, fld in enumerate(fields):
        col = fld.column
        kind = KIND_ZH[col.kind] if col else (fld.kind or "文本")
        if col is None:
            rng = ""
        elif col.kind is InputKind.LEVEL:
            rng = "/".join(str(x) for x in col.levels)
        elif col.kind is InputKind.PERCENT:
            lo, hi = col.min, col.max
            rng = f"{fmt_plain(lo * 100) if lo is not None else '…'}% – {fmt_plain(hi * 100) + '%' if hi is not None else '…'}"
        else:
            rng = f"{fmt_plain(col.min) if col.min is not None else '…'} – {fmt_plain(col.max) if col.max is not None else '…'}"
        note = col.help if col else {"preview": "自动计算,仅供参考", "comment": "可写考核评语", "email": "用于发送个人报告"}.get(fld.key, fld.note)
        from openpyxl.utils import get_column_letter

        texts = (get_column_letter(i + 1), fld.header, kind, rng, "是" if fld.required else "", note)
        ws.write_row(row, 0, texts, cell)
        ws.set_row(row, max(wrapped_height(str(t), w) for t, w in zip(texts, WIDTHS, strict=True)))
        row += 1
    if scheme.notes:
        row += 1
        ws.write(row, 0, "方案说明", bold)
        row += 1
        for line in scheme.notes.splitlines():
            if any("\u4e00" <= ch <= "\u9fff" for ch in line):  # the Chinese lines; English ones follow each
                ws.merge_range(row, 0, row, 5, line.strip(), wrap)
                ws.set_row(row, wrapped_height(line.strip(), merged))
                row += 1
    ws.protect()
    setup_print(ws, WIDTHS, landscape=True)
