"""The catalogue's entries for improvement plans (a scheme's `improvement:`: 改进计划 and 面谈 columns):
part of the one catalogue in generator/core/catalogue.py, which imports them; kept apart only so that
module stays under 400 lines."""

from __future__ import annotations

from generator.core.catalogue_files import Code, E, W

IMPROVEMENT_ENTRIES: tuple[Code, ...] = (
    Code("invalid-date", "workbook", E, "日期单元格里填的不是有效日期。", "A date cell does not hold a valid date.",
         "写成 2026-11-04 这样的日期(年-月-日),或在 Excel 中选择日期格式后填写。",
         "Write a date such as 2026-11-04 (year-month-day), or type it in a date-formatted cell."),
    Code("missing-improvement-plan", "workbook", W,
         "这名员工的成绩需要改进计划(等级低于方案规定或排在团队后几名),但改进目标、措施、期限或提交日期没有填写。",
         "This employee's result calls for an improvement plan (a grade below the scheme's line, or among the "
         "team's last), but its goal, actions, deadline or submission date is empty.",
         "与员工面谈后在该行的改进计划各列填写;报告照常生成,并注明计划未提交。",
         "Fill in the plan columns of the row after the review meeting; the reports are written and say the plan is missing."),
    Code("missing-review-meeting", "workbook", W, "这名员工需要改进计划,但绩效面谈记录(面谈日期、面谈人、员工陈述)没有填写。",
         "This employee needs an improvement plan, but the review meeting record (date, held by, statement) is empty.",
         "与员工面谈后填写面谈日期、面谈人和员工陈述。", "Hold the review meeting and fill in its date, who held it and the statement."),
    Code("improvement-plan-late", "workbook", W, "改进计划的提交日期晚于方案规定的期限(考核期结束后若干天)。",
         "The improvement plan was submitted after the scheme's deadline (some days after the period ends).",
         "核对提交日期;确实逾期时按公司规定处理,报告会注明“逾期”。",
         "Check the date; if it is late, the company's rule applies, and the reports mark the plan late."),
)
