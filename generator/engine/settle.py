"""The settlement stage: grade → vetoes (雷区) → coefficient → pay, for one scored employee.

It runs after the team stage (ranks, prizes), so that a grade imposed by calibration or by a
rule over earlier periods (`GradeOverride`, or `Imposed` with history outcomes and extra pay
lines such as 额外奖金) is in place before any money is computed. A veto can only lower the
coefficient an override or the total gave.
"""

from __future__ import annotations

from decimal import Decimal

from generator.core.findings import Finding, KpiError
from generator.core.numbers import ZERO, fmt, fmt_plain
from generator.engine.pay import compute_pay
from generator.model.results import (
    AppraisalKey,
    EmployeeResult,
    GradeOverride,
    Imposed,
    ScoredEmployee,
    Standing,
    VetoResult,
    Why,
)
from generator.scheme import model as m


def grade_for(scheme: m.Scheme, total: Decimal) -> m.Grade:
    for grade in scheme.grades:
        if grade.range.contains(total):
            return grade
    # The loader proves the grades tile [total_min, total_max]; only a total outside that is here.
    return min(scheme.grades, key=lambda g: g.coefficient)


def _veto(scheme: m.Scheme, veto: m.Veto, count: Decimal, grade: m.Grade, coefficient: Decimal,
          steps: tuple[list[str], list[str]]) -> tuple[VetoResult, m.Grade, Decimal]:
    hit = count >= veto.threshold
    zh = f"{veto.name} {fmt_plain(count)} 次(≥{fmt_plain(veto.threshold)} 触发)"
    en = f"{veto.name_en or veto.id} {fmt_plain(count)} (triggers at {fmt_plain(veto.threshold)})"
    if hit and veto.cap_grade:
        capped = scheme.grade(veto.cap_grade)
        if capped.coefficient < coefficient:
            grade, coefficient = capped, capped.coefficient
            steps[0].append(f"雷区“{veto.name}”:降为{capped.label},系数 {fmt_plain(coefficient)}")
            steps[1].append(f"veto {veto.name_en or veto.id}: down to {capped.label_en or capped.label}, "
                            f"coefficient {fmt_plain(coefficient)}")
        zh += f" → 系数至多为{capped.label}的 {fmt_plain(capped.coefficient)}"
        en += f" → coefficient at most {fmt_plain(capped.coefficient)}"
    if hit and veto.coefficient is not None:
        if veto.coefficient < coefficient:
            coefficient = veto.coefficient
            steps[0].append(f"雷区“{veto.name}”:系数降为 {fmt_plain(coefficient)}")
            steps[1].append(f"veto {veto.name_en or veto.id}: coefficient set to {fmt_plain(coefficient)}")
        zh += f" → 系数 {fmt_plain(veto.coefficient)}"
        en += f" → coefficient {fmt_plain(veto.coefficient)}"
    result = VetoResult(id=veto.id, name=veto.name, name_en=veto.name_en, count=count, threshold=veto.threshold,
                        triggered=hit, why=Why(zh=zh, en=en))
    return result, grade, coefficient


def settle(scheme: m.Scheme, scored: ScoredEmployee, *, standing: Standing | None = None,
           override: GradeOverride | None = None, key: AppraisalKey | None = None,
           imposed: Imposed | None = None) -> EmployeeResult:
    """`imposed` (the adjust hook's verdict) brings a grade, history outcomes and extra pay lines;
    `override` alone is the older, grade-only form."""
    if imposed is not None and imposed.override is not None:
        override = imposed.override
    places = scheme.rounding.points
    total = scored.total
    grade = grade_for(scheme, total)
    steps: tuple[list[str], list[str]] = (
        [f"总分 {fmt(total, places)} → {grade.label},系数 {fmt_plain(grade.coefficient)}"],
        [f"total {fmt(total, places)} → {grade.label_en or grade.label}, coefficient {fmt_plain(grade.coefficient)}"],
    )
    if override is not None and override.label != grade.label:
        grade = scheme.grade(override.label)
        steps[0].append(f"{override.why.zh} → {grade.label},系数 {fmt_plain(grade.coefficient)}")
        steps[1].append(f"{override.why.text('en')} → {grade.label_en or grade.label}, "
                        f"coefficient {fmt_plain(grade.coefficient)}")
    coefficient = grade.coefficient
    vetoes: list[VetoResult] = []
    for veto in scheme.vetoes:
        result, grade, coefficient = _veto(scheme, veto, scored.values.get(veto.input) or ZERO, grade, coefficient,
                                           steps)
        vetoes.append(result)

    measured = {r.id: r.value for r in scored.indicators if r.value is not None}

    def lookup(name: str) -> Decimal:
        value = scored.values.get(name)
        if value is not None:
            return value
        if name in measured:
            return measured[name]  # type: ignore[return-value]
        if name in scheme.constants:
            return scheme.constants[name]
        raise KpiError(Finding(code="missing-value", cell=name, message=f"{scored.employee.name}"
                               f"({scored.employee.id}):缺少 {name}",
                               message_en=f"{scored.employee.name} ({scored.employee.id}): {name} is missing"))

    pay, bonus = compute_pay(scheme, total, coefficient, lookup, scored.sections)
    return EmployeeResult(
        employee=scored.employee, scheme_id=scheme.id, scheme_version=scheme.version, indicators=scored.indicators,
        sections=scored.sections, base_total=scored.base_total, multiplier=scored.multiplier,
        adjustments=scored.adjustments, vetoes=tuple(vetoes), total=total, total_why=scored.total_why,
        grade=grade.label, grade_en=grade.label_en, coefficient=coefficient,
        coefficient_why=Why(zh=";".join(steps[0]), en="; ".join(steps[1])), bonus=bonus, comment=scored.comment,
        rank=standing.rank if standing else None, award=standing.award if standing else None,
        team_size=standing.team_size if standing else None, raters=scored.raters, values=scored.values,
        key=key, row=scored.row, history=imposed.history if imposed else (),
        extra_pay=imposed.extra_pay if imposed else (), pay=pay,
    )


__all__ = ["grade_for", "settle"]
