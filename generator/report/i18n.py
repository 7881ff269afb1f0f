"""Report labels in Chinese (default) and English, and the output file names per language."""

from __future__ import annotations

LANGS = ("zh", "en")

LABELS: dict[str, tuple[str, str]] = {
    # titles and blocks
    "title": ("员工绩效考核报告", "Employee Performance Appraisal Report"),
    "team_title": ("团队绩效考核汇总", "Team Performance Appraisal Summary"),
    "company": ("公司", "Company"),
    "department": ("部门", "Department"),
    "period": ("考核周期", "Period"),
    "scheme": ("考核方案", "Scheme"),
    "manager": ("考核人", "Appraiser"),
    "employee": ("被考核人", "Employee"),
    "employee_id": ("工号", "Employee ID"),
    "name": ("姓名", "Name"),
    "position": ("岗位", "Position"),
    "email": ("邮箱", "E-mail"),
    # indicator table
    "indicators": ("指标得分明细", "Indicators and working"),
    "section": ("考核部分", "Section"),
    "indicator": ("考核指标", "Indicator"),
    "value": ("实际值", "Value"),
    "rule": ("计分依据", "Rule or band applied"),
    "points": ("得分", "Points"),
    "max_points": ("满分", "Max"),
    "weight": ("权重", "Weight"),
    "weighted": ("加权得分", "Weighted"),
    "score_rate": ("得分率", "Score rate"),
    "subtotal": ("小计", "Subtotal"),
    "section_weighted": ("计入总分", "Counts toward total"),
    "raters": ("评分人合成", "How raters combine"),
    # adjustments, vetoes, result
    "adjustments": ("加分项与扣分项", "Bonus points and deductions"),
    "adjustment": ("项目", "Item"),
    "count": ("次数", "Count"),
    "working": ("计算过程", "Working"),
    "vetoes": ("雷区(一票否决)", "Veto items"),
    "triggered": ("已触发", "Triggered"),
    "not_triggered": ("未触发", "Not triggered"),
    "result": ("考核结果", "Result"),
    "base_total": ("各部分合计", "Sum of sections"),
    "multiplier": ("重关指标值", "Key-indicator multiplier"),
    "total": ("总分", "Total"),
    "grade": ("等级", "Grade"),
    "coefficient": ("考核系数", "Coefficient"),
    "bonus": ("绩效奖金(元)", "Bonus (CNY)"),
    "award": ("名次奖(元)", "Ranking prize (CNY)"),
    "rank": ("名次", "Rank"),
    "adjustment_sum": ("加扣分", "Adjustments"),
    "comment": ("考核人评语", "Manager's comment"),
    "no_comment": ("(无)", "(none)"),
    # signature block
    "signatures": ("签字确认", "Sign-off"),
    "reviewer": ("复核人", "Reviewer"),
    "signature": ("签字", "Signature"),
    "date": ("日期", "Date"),
    # team
    "ranking": ("排名", "Ranking"),
    "distribution": ("等级分布", "Grade distribution"),
    "people": ("人数", "People"),
    "share": ("占比", "Share"),
    "average": ("平均分", "Average"),
    "bonus_total": ("奖金合计(元)", "Bonus total (CNY)"),
    "awards_total": ("名次奖合计(元)", "Prizes total (CNY)"),
    "headcount": ("考核人数", "Employees"),
    "report_id": ("报告编号", "Report ID"),
    "generated": ("生成时间", "Generated"),
    "page": ("页", "Page"),
    "colon": ("：", ": "),
    # Excel sheets
    "sheet_summary": ("汇总", "Summary"),
    "sheet_detail": ("指标明细", "Indicators"),
    "sheet_sections": ("考核部分小计", "Section subtotals"),
    "sheet_adjust": ("加扣分与雷区", "Adjustments and vetoes"),
    "sheet_working": ("计算过程与评语", "Working and comments"),
    "sheet_grades": ("等级分布", "Grades"),
    "kind": ("类别", "Kind"),
    "kind_adjustment": ("加扣分", "Adjustment"),
    "kind_veto": ("雷区", "Veto"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
}

# Output names per language; documented in docs/output-layout.md.
FILES: dict[str, dict[str, str]] = {
    "zh": {"excel": "绩效考核报告.xlsx", "team_pdf": "团队汇总.pdf", "employees": "个人报告",
           "rejected": "未通过", "annotated": "-批注.xlsx"},
    "en": {"excel": "appraisal-report.xlsx", "team_pdf": "team-summary.pdf", "employees": "employees",
           "rejected": "rejected", "annotated": "-annotated.xlsx"},
}


def label(key: str, lang: str = "zh") -> str:
    zh, en = LABELS[key]
    return en if lang == "en" else zh


def labels(lang: str = "zh") -> dict[str, str]:
    """All labels in one language, for templates: {{ t.total }}."""
    return {key: label(key, lang) for key in LABELS}


def files(lang: str = "zh") -> dict[str, str]:
    return FILES["en" if lang == "en" else "zh"]


def pick(zh: str, en: str, lang: str) -> str:
    """A scheme text in the report's language, falling back to Chinese when no English is given."""
    return en if lang == "en" and en else zh
