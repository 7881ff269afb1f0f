"""What follows a low score: the scheme's `improvement:` rule, the plan and review meeting a manager
records for an employee, and the verdict on one employee (must they have a plan, is it late).

003 客户服务人员考核实施标准: “月考核评比综合排名后三名 … 在月工作通报下发后的 4天,将整改方案报总部
客户服务部备案”; 001: “根据评分结果制定相应的激励措施或改进计划”; 000: 定期评估会议 … 反馈.
The rule lives with the scheme (scheme/improvement_yaml.py reads it), the plan comes from the
workbook (workbook/plan_cells.py), the verdict is made once the team is ranked (engine/improvement.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.results import Why


@dataclass(frozen=True)
class ImprovementRule:
    """`improvement:` of a scheme: who must have a plan, and by when.

    An employee needs a plan when their grade is below `below` (a grade label; "" = no grade rule)
    or when they are among the team's bottom `bottom` (None = no ranking rule). Ties share a place:
    everyone whom fewer than `bottom` people score lower than is in the bottom.
    """

    below: str = ""
    bottom: int | None = None
    due_days: int | None = None  # the plan is due this many days after the period's last day
    meeting: bool = True  # a review meeting record (面谈) is expected with the plan
    name: str = "改进计划"
    name_en: str = "Improvement plan"

    def words(self, lang: str = "zh") -> list[str]:
        """The rule in words, for `kpi-report schemes show`."""
        en = lang == "en"
        who = []
        if self.below:
            who.append(f"graded below {self.below}" if en else f"等级低于“{self.below}”")
        if self.bottom:
            who.append(f"the team's last {self.bottom} (ties share a place)" if en else f"团队后 {self.bottom} 名(并列同计)")
        name = self.name_en if en else self.name
        lines = [(f"{name} required for: " + " or ".join(who)) if en else ("或".join(who) + f"的员工需要{name}")]
        if self.meeting:
            lines.append("with a review meeting record (date, held by, statement)" if en else "并附绩效面谈记录(日期、面谈人、员工陈述)")
        if self.due_days is not None:
            lines.append(f"due {self.due_days} days after the period's last day; later is a warning" if en
                         else f"考核期最后一天之后 {self.due_days} 天内提交,逾期提醒")
        return lines


@dataclass(frozen=True)
class PlanRecord:
    """The plan and the review meeting as written in the workbook's plan columns; "" / None when empty."""

    goal: str = ""  # 改进目标
    actions: str = ""  # 改进措施
    deadline: dt.date | None = None  # 完成期限: by when the improvement is to be achieved
    submitted: dt.date | None = None  # 方案提交日期: checked against the rule's due date
    meeting_date: dt.date | None = None  # 面谈日期
    meeting_by: str = ""  # 面谈人
    statement: str = ""  # 员工陈述

    @property
    def has_plan(self) -> bool:
        return bool(self.goal or self.actions or self.deadline)

    @property
    def has_meeting(self) -> bool:
        return bool(self.meeting_date or self.meeting_by or self.statement)

    @property
    def empty(self) -> bool:
        return not (self.has_plan or self.has_meeting or self.submitted)


@dataclass(frozen=True)
class ImprovementStatus:
    """One employee's verdict: whether a plan is required (and why), the plan given, its due date."""

    required: bool
    why: Why  # "等级 不合格 低于 中;团队倒数第 2 名" / "not required"
    plan: PlanRecord | None = None
    due: dt.date | None = None  # the period's last day + due_days
    late: bool = False  # submitted after `due`
    name: str = "改进计划"
    name_en: str = "Improvement plan"

    @property
    def missing(self) -> bool:
        return self.required and (self.plan is None or not self.plan.has_plan)

    def to_dict(self, lang: str = "zh") -> dict[str, object]:
        """results.json's `improvement` object (docs/results-json.md): dates as ISO text, absent as null."""
        p = self.plan or PlanRecord()

        def day(d: dt.date | None) -> str | None:
            return d.isoformat() if d else None

        return {"required": self.required, "name": self.name_en if lang == "en" else self.name,
                "reason": self.why.text(lang), "due": day(self.due), "late": self.late, "missing": self.missing,
                "plan": {"goal": p.goal or None, "actions": p.actions or None, "deadline": day(p.deadline),
                         "submitted": day(p.submitted)} if p.has_plan or p.submitted else None,
                "meeting": {"date": day(p.meeting_date), "held_by": p.meeting_by or None,
                            "statement": p.statement or None} if p.has_meeting else None}
