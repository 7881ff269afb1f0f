"""The texts of the input workbook (`kpi-report template`): its data sheet, validation messages and the
instructions sheet. Part of the one text table in generator/core/text_table.py, which includes them; kept
apart only so that module stays under 400 lines. Read them through generator.core.text like every other text.

The Chinese forms are the template's words as they have always been: a Chinese template is unchanged.
"""

from __future__ import annotations

INPUT_TEXTS: dict[str, tuple[str, str]] = {
    # data sheet
    "input.subject": ("绩效考核数据", "Performance appraisal data"),
    "input.data_title": ("{name} — 考核数据", "{name} — Appraisal data"),
    "input.note": ("黄色单元格请填写;灰色单元格由工具生成,请勿修改。预览总分仅供参考,正式结果以工具重新计算为准。",
                   "Fill in the yellow cells; the grey ones are the tool's. The preview total is a guide: "
                   "the tool's own calculation counts."),
    "input.no_preview": ("本方案含有无法用 Excel 公式如实表达的计分规则,预览总分留空;请以 kpi-report 计算的结果为准。",
                         "This scheme has scoring rules no Excel formula can state faithfully, so the preview total "
                         "stays empty; the result kpi-report calculates is the one that counts."),
    "input.footer": ("&C第 &P 页 / 共 &N 页", "&CPage &P of &N"),
    # data validation: the input message shown on a cell and the error on a wrong entry
    "input.error_title": ("输入有误", "Invalid entry"),
    "input.error_level": ("请从下拉列表选择等级:{allowed}", "Choose a level from the drop-down list: {allowed}"),
    "input.error_percent": ("请填写百分比,例如 95% 或 95(0–{top})", "Enter a percentage, e.g. 95% or 95 (0–{top})"),
    "input.error_number": ("请填写 {low}–{high} 之间的{words}", "Enter a {words} from {low} to {high}"),
    "input.words_integer": ("整数", "whole number"),
    "input.words_number": ("数字", "number"),
    "input.help_percent": ("百分比,可填 95%、95 或 0.95", "A percentage: 95%, 95 or 0.95"),
    "input.help_count": ("整数", "A whole number"),
    "input.help_money": ("金额(元)", "An amount in yuan"),
    "input.help_level": ("等级,从下拉列表选择", "A level, chosen from the drop-down list"),
    "input.help_score": ("分数", "Points"),
    "input.help_number": ("数字", "A number"),
    "input.help_unit": (",单位:{unit}", ", unit: {unit}"),
    "input.help_range": ("范围 {lo} – {hi}", "range {lo} – {hi}"),
    "input.help_required": ("必填", "required"),
    "input.help_optional": ("可不填", "optional"),
    "input.help_sep": (";", "; "),
    "input.date_format": (";格式 2026-11-04", "; as 2026-11-04"),
    "input.date_error": ("请填写日期,例如 2026-11-04", "Enter a date, e.g. 2026-11-04"),
    # instructions sheet
    "input.instructions_title": ("{name} — 填写说明", "{name} — How to fill in this workbook"),
    "input.scheme_line": ("考核方案:{id}  版本:{version}  考核周期:{period}  {shown}",
                          "Scheme: {id}  Version: {version}  Period: {period}  {shown}"),
    "input.step1": ("1. 请只在“考核数据”表的黄色单元格中填写;表头、工作表名称和灰色单元格请勿修改、删除或移动。",
                    "1. Type only in the yellow cells of the Data sheet; do not change, delete or move the headers, "
                    "the sheet names or the grey cells."),
    "input.step2": ("2. 每位员工一行:工号、姓名必填,工号不能重复;岗位、邮箱可选(邮箱用于发送个人报告)。",
                    "2. One row per employee: Employee ID and Name are required, and no ID may appear twice; Position "
                    "and E-mail are optional (the e-mail address is where the personal report is sent)."),
    "input.step3": ("3. 百分比可以填写 95%、95 或 0.95,三种写法含义相同;全角数字(９５％)也可以。"
                    "不带百分号的数这样读:1 及以下是小数(0.95 = 95%,1 = 100%),大于 1 是百分点(95 = 95%,1.5 = 1.5%)。"
                    "同一列请只用一种写法;一列里混用时,1、1.5 这类两种读法都说得通的数会得到提醒。最稳妥的是带上百分号(1.5%、150%)。",
                    "3. A percentage may be written 95%, 95 or 0.95: all three mean the same; full-width digits work "
                    "too. A number without a percent sign is read like this: 1 and below is a fraction (0.95 = 95%, "
                    "1 = 100%), above 1 it is percentage points (95 = 95%, 1.5 = 1.5%). Use one way of writing within "
                    "a column; when a column mixes them, a number that reads either way, such as 1 or 1.5, is flagged. "
                    "Safest is to type the percent sign (1.5%, 150%)."),
    "input.step4": ("4. 次数、人数填写整数;金额以元为单位,可保留两位小数;等级请从下拉列表选择。",
                    "4. Counts of times and people are whole numbers; amounts are in yuan, with up to two decimals; "
                    "choose levels from the drop-down list."),
    "input.step5": ("5. 请直接填写数值,不要在填写区域使用公式,也不要合并单元格。",
                    "5. Type the values themselves: no formulas in the input area, and no merged cells."),
    "input.step6": ("6. “预览总分”只是填写时的参考。正式得分、等级、系数和奖金由 kpi-report 按方案重新计算,"
                    "不读取表格中的任何公式结果。",
                    "6. The preview total is only a guide while filling in. The official points, grade, coefficient "
                    "and bonus are calculated again by kpi-report from the scheme; no formula result in the workbook "
                    "is read."),
    "input.step7": ("7. 填好后可先自查:kpi-report validate 本文件.xlsx。若有问题,工具会生成“文件名-批注.xlsx”,"
                    "用红色标出每个有问题的单元格并在批注中说明原因,原文件不会被修改。",
                    "7. Check the workbook when it is filled in: kpi-report validate this-file.xlsx. When something "
                    "is wrong, the tool writes a copy, <file name>-annotated.xlsx, that marks each problem cell in red "
                    "with a comment saying why; the original file is not changed."),
    "input.step8": ("8. 请保存为 .xlsx 格式(不要另存为 .xls,也不要设置打开密码)。",
                    "8. Save it as .xlsx (not .xls, and without a password to open it)."),
    "input.period_step": ("9. 本方案按{kind}考核,“考核周期”写 {example} 或 {spelled}。可用的写法:{forms};"
                          "其他类型的周期(例如季度方案填了月份)会被退回。",
                          "9. This is a {kind} scheme: write the Period as {example} (that is, {spelled}). Accepted "
                          "forms: {forms}; a period of another kind (a month in a quarterly scheme, say) is sent back."),
    "input.cutoff": ("月结日为每月 {d} 日:每月从 {d1} 日起至次月 {d} 日止,按结束的月份计(例如 {example} 即 {span})。",
                     " The month closes on day {d}: each month runs from day {d1} to day {d} of the next month and "
                     "counts as the month it ends in (e.g. {example} is {span})."),
    "input.plan_below": ("等级低于“{grade}”", "graded below {grade}"),
    "input.plan_bottom": ("团队排名后 {n} 名(并列同计)", "among the team's last {n} (ties share a place)"),
    "input.plan_or": ("或", " or "),
    "input.plan_step": ("10. {who}的员工需要{name}:填写改进目标、改进措施、完成期限",
                        "10. {name} for employees {who}: fill in the improvement goal, actions and deadline"),
    "input.plan_meeting": (",以及面谈日期、面谈人和员工陈述",
                           ", and the review meeting's date, who held it and the employee's statement"),
    "input.plan_end": ("。", "."),
    "input.plan_due": ("方案应在考核期最后一天之后 {days} 天内提交,请填写“方案提交日期”;逾期或未填写会得到提醒。",
                       " The plan is due within {days} days after the period's last day: fill in Plan submitted on; "
                       "a late or missing date is flagged."),
    "input.columns": ("各列说明", "The columns"),
    "input.col_letter": ("列", "Column"),
    "input.col_header": ("表头", "Header"),
    "input.col_kind": ("类型", "Type"),
    "input.col_range": ("范围 / 可选值", "Range / values"),
    "input.col_required": ("必填", "Required"),
    "input.col_note": ("说明", "Notes"),
    "input.yes": ("是", "yes"),
    "input.kind_percent": ("百分比", "Percentage"),
    "input.kind_count": ("整数(次数/人数)", "Whole number (a count)"),
    "input.kind_money": ("金额(元)", "Amount (yuan)"),
    "input.kind_level": ("等级", "Level"),
    "input.kind_score": ("分数", "Points"),
    "input.kind_number": ("数字", "Number"),
    "input.kind_text": ("文本", "Text"),
    "input.note_preview": ("自动计算,仅供参考", "Calculated automatically, for reference only"),
    "input.note_comment": ("可写考核评语", "Appraisal remarks, if any"),
    "input.note_email": ("用于发送个人报告", "Where the personal report is sent"),
    "input.scheme_notes": ("方案说明", "About the scheme"),
}
