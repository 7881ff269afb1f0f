"""The texts of improvement plans (a scheme's `improvement:`) in the reports: part of the one text table
in generator/core/text_table.py, which includes them; kept apart only so that module stays under 400 lines.
Read them through generator.core.text like every other text."""

from __future__ import annotations

IMPROVEMENT_TEXTS: dict[str, tuple[str, str]] = {
    "plan.goal": ("改进目标", "Goal"),
    "plan.actions": ("改进措施", "Actions"),
    "plan.deadline": ("完成期限", "Deadline"),
    "plan.submitted": ("提交日期", "Submitted"),
    "plan.meeting_date": ("面谈日期", "Meeting date"),
    "plan.meeting_by": ("面谈人", "Held by"),
    "plan.statement": ("员工陈述", "Statement"),
    "plan.meeting": ("面谈", "Meeting"),
    "plan.required": ("需要:{why}", "Required: {why}"),
    "plan.voluntary": ("未要求,自愿填写", "Not required; given all the same"),
    "plan.not_given": ("未提交", "not submitted"),
    "plan.not_held": ("未记录", "not recorded"),
    "plan.due": ("应于 {due} 前提交", "due by {due}"),
    "plan.late": ("逾期 {days} 天", "{days} days late"),
    "plan.late_word": ("逾期", "late"),
    "plan.on_time": ("按时", "on time"),
    "plan.sep": (",", ", "),
    # the Excel report's sheet (report/excel_plan.py)
    "plan.sheet": ("改进计划", "Improvement plans"),
    "plan.col_id": ("工号", "Employee ID"),
    "plan.col_name": ("姓名", "Name"),
    "plan.col_total": ("总分", "Total"),
    "plan.col_grade": ("等级", "Grade"),
    "plan.col_rank": ("名次", "Rank"),
    "plan.col_reason": ("原因", "Reason"),
    "plan.col_due": ("应提交日期", "Due by"),
    "plan.col_status": ("状态", "Status"),
    "plan.col_statement": ("员工陈述", "Employee's statement"),
}
