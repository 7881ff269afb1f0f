"""The `improvement:` section of a scheme file: who must have an improvement plan after a low score.

    improvement:
      below: 中            # a grade: everyone graded below it (optional)
      bottom: 3            # the team's last 3 by total, ties sharing a place (optional)
      due_days: 4          # the plan is due 4 days after the period's last day; later is a warning (optional)
      meeting: true        # a review meeting record (面谈) is expected too (default true)
      name: 整改方案        # what the form calls the plan (default 改进计划)
      name_en: Corrective action plan

At least one of `below` and `bottom` is given. Without the section nobody needs a plan and the
input workbook has no plan columns.
"""

from __future__ import annotations

from typing import Any

from generator.model.improvement import ImprovementRule
from generator.scheme import model as m
from generator.scheme.reading import _Bad, _Builder, text, whole
from generator.scheme.yamlsrc import Node

KEYS = {"below", "bottom", "due_days", "meeting", "name", "name_en"}
MAX_BOTTOM = 50  # a "bottom" larger than a team is a typo, not a rule
MAX_DUE_DAYS = 90


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} is not true or false")
    return value


def _improvement(b: _Builder, node: Any, grades: tuple[m.Grade, ...], line: int) -> ImprovementRule:
    """`line`: the line of `improvement:` itself, where a finding about the whole section goes."""
    n: Node = b.keys(node, KEYS, "improvement", line)
    below = b.opt(n, "below", text, "improvement", "")
    bottom = b.opt(n, "bottom", whole, "improvement")
    due_days = b.opt(n, "due_days", whole, "improvement")
    if not below and bottom is None:
        b.problem(line, "scheme-missing-key", "improvement 至少要写 below(低于某等级)或 bottom(团队后几名)之一",
                  "improvement needs below (a grade) or bottom (the team's last N), or both",
                  hint="例如 below: 中 或 bottom: 3", hint_en="e.g. below: 中 or bottom: 3")
        raise _Bad
    labels = [g.label for g in grades]
    if below and grades and below not in labels:
        b.problem(n.line_of("below"), "scheme-unknown-grade", f"improvement 的 below 指向不存在的等级 “{below}”",
                  f"improvement below names unknown grade {below!r}", hint="可用等级: " + "、".join(labels),
                  hint_en="grades: " + ", ".join(labels))
        raise _Bad
    if bottom is not None and not 1 <= bottom <= MAX_BOTTOM:
        b.problem(n.line_of("bottom"), "scheme-bad-value", f"improvement 的 bottom “{bottom}” 应是 1 到 {MAX_BOTTOM} 的整数",
                  f"improvement bottom {bottom!r} must be a whole number from 1 to {MAX_BOTTOM}",
                  hint="例如 3 表示团队排名后三名", hint_en="e.g. 3: the team's last three")
        raise _Bad
    if due_days is not None and not 0 <= due_days <= MAX_DUE_DAYS:
        b.problem(n.line_of("due_days"), "scheme-bad-value",
                  f"improvement 的 due_days “{due_days}” 应是 0 到 {MAX_DUE_DAYS} 的整数",
                  f"improvement due_days {due_days!r} must be a whole number from 0 to {MAX_DUE_DAYS}",
                  hint="例如 4 表示考核期最后一天之后 4 天内提交", hint_en="e.g. 4: due 4 days after the period's last day")
        raise _Bad
    return ImprovementRule(below=below, bottom=bottom, due_days=due_days,
                           meeting=b.opt(n, "meeting", _flag, "improvement", True),
                           name=b.opt(n, "name", text, "improvement", "改进计划"),
                           name_en=b.opt(n, "name_en", text, "improvement", "Improvement plan"))
