"""Who must have an improvement plan once the team is ranked, and whether the plan given is late.

Runs after the team stage (appraisal.py): the bottom N needs every total, and "below a grade" the
settled grade (a calibrated or imposed grade counts). Pure: the plans come in by 工号, the verdicts
go out on each EmployeeResult; placing the warnings at cells is the workbook's job (plan_cells.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from generator.history import periods
from generator.model.improvement import ImprovementRule, ImprovementStatus, PlanRecord
from generator.model.results import EmployeeResult, TeamResult, Why
from generator.scheme import model as m


def grades_below(scheme: m.Scheme, label: str) -> set[str]:
    """Labels of the grades whose band lies wholly under `label`'s (below 中: 基本合格, 不合格)."""
    target = next((g for g in scheme.grades if g.label == label), None)
    if target is None or target.range.low is None:
        return set()
    low = target.range.low
    return {g.label for g in scheme.grades if g.range.high is not None and g.range.high <= low and g is not target}


def places_from_bottom(results: tuple[EmployeeResult, ...]) -> dict[str, int]:
    """工号 → place counted from the bottom, ties sharing it: 60, 70, 70, 90 → 1, 2, 2, 4."""
    return {r.employee.id: 1 + sum(1 for o in results if o.total < r.total) for r in results}


def due_date(rule: ImprovementRule, period: str, cutoff_day: int | None) -> dt.date | None:
    """The period's last day + due_days (None without a due rule or a readable period)."""
    reading = periods.parse(period)
    if rule.due_days is None or reading is None:
        return None
    return reading.dates(cutoff_day)[1] + dt.timedelta(days=rule.due_days)


def review(scheme: m.Scheme, team: TeamResult, plans: Mapping[str, PlanRecord], period: str) -> TeamResult:
    """The team with each employee's ImprovementStatus: set when a plan is required or one was given."""
    rule = scheme.improvement
    if rule is None:
        return team
    low = grades_below(scheme, rule.below) if rule.below else set()
    from_bottom = places_from_bottom(team.employees)
    n = len(team.employees)
    due = due_date(rule, period, scheme.cutoff_day)
    out = []
    for r in team.employees:
        zh: list[str] = []
        en: list[str] = []
        if r.grade in low:
            zh.append(f"等级“{r.grade}”低于“{rule.below}”")
            en.append(f"grade {r.grade_en or r.grade} is below {_grade_en(scheme, rule.below)}")
        place = from_bottom[r.employee.id]
        if rule.bottom is not None and place <= rule.bottom:
            zh.append(f"团队倒数第 {place} 名(共 {n} 人)")
            en.append(f"place {place} from the bottom of {n}")
        plan = plans.get(r.employee.id)
        if not zh and plan is None:
            out.append(r)
            continue
        why = Why(";".join(zh), "; ".join(en)) if zh else Why("未达到需要改进计划的条件,自愿填写", "not required; given all the same")
        late = bool(zh and plan and plan.submitted and due and plan.submitted > due)
        out.append(replace(r, improvement=ImprovementStatus(required=bool(zh), why=why, plan=plan, due=due if zh else None,
                                                            late=late, name=rule.name, name_en=rule.name_en)))
    return replace(team, employees=tuple(out))


def _grade_en(scheme: m.Scheme, label: str) -> str:
    return next((g.label_en or g.label for g in scheme.grades if g.label == label), label)
