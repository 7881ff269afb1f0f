"""The engine: score each employee → rank the team → (adjust) → settle grade, coefficient and pay.

    appraise_team(scheme, rows, key)  the whole team, in stages
    compute(scheme, row)              one employee on their own (no rank), for tests and scripts

`adjust` is where calibration and rules over earlier periods plug in: it sees every scored
employee with their standing and the appraisal key (department, period), and may, per 工号,
impose a grade (GradeOverride) or more (Imposed: a grade, history outcomes as notes, extra
pay lines such as 额外奖金) before any pay is computed. Several hooks combine with `chain`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from generator.engine.score import score_employee
from generator.engine.settle import grade_for, settle
from generator.engine.team import compute_team, standings, summarize
from generator.model.results import (
    AppraisalKey,
    EmployeeInput,
    EmployeeResult,
    GradeOverride,
    Imposed,
    ScoredEmployee,
    Standing,
    TeamResult,
)
from generator.scheme import model as m

# (scheme, scored employees, their standings in the same order, the appraisal key) → 工号 → what is imposed
Adjust = Callable[[m.Scheme, Sequence[ScoredEmployee], Sequence[Standing], AppraisalKey | None],
                  Mapping[str, GradeOverride | Imposed]]


def as_imposed(value: GradeOverride | Imposed | None) -> Imposed | None:
    if value is None or isinstance(value, Imposed):
        return value
    return Imposed(override=value)


def imposed_by(adjust: Adjust | None, scheme: m.Scheme, scored: Sequence[ScoredEmployee],
               places: Sequence[Standing], key: AppraisalKey | None) -> dict[str, Imposed]:
    """What `adjust` imposes, each value as an Imposed ({} without a hook)."""
    if adjust is None:
        return {}
    return {emp: imposed for emp, value in adjust(scheme, scored, places, key).items()
            if (imposed := as_imposed(value)) is not None}


def chain(*hooks: Adjust | None) -> Adjust | None:
    """Several hooks as one, applied in order: a later grade wins, notes and pay lines add up."""
    present = [h for h in hooks if h is not None]
    if len(present) <= 1:
        return present[0] if present else None

    def combined(scheme: m.Scheme, scored: Sequence[ScoredEmployee], places: Sequence[Standing],
                 key: AppraisalKey | None) -> dict[str, Imposed]:
        out: dict[str, Imposed] = {}
        for hook in present:
            for emp, new in imposed_by(hook, scheme, scored, places, key).items():
                old = out.get(emp, Imposed())
                out[emp] = Imposed(override=new.override or old.override, history=old.history + new.history,
                                   extra_pay=old.extra_pay + new.extra_pay)
        return out

    return combined


def compute(scheme: m.Scheme, row: EmployeeInput, key: AppraisalKey | None = None) -> EmployeeResult:
    return settle(scheme, score_employee(scheme, row), key=key)


def appraise_team(scheme: m.Scheme, scored: Sequence[ScoredEmployee], key: AppraisalKey | None = None,
                  adjust: Adjust | None = None) -> TeamResult:
    """Team stage and settlement for employees already scored (one KpiError per employee is the caller's)."""
    places = standings(scheme, scored)
    imposed = imposed_by(adjust, scheme, scored, places, key)
    results = [settle(scheme, s, standing=p, imposed=imposed.get(s.employee.id), key=key)
               for s, p in zip(scored, places, strict=True)]
    return summarize(scheme, results, key)


__all__ = ["Adjust", "appraise_team", "as_imposed", "chain", "compute", "compute_team", "grade_for", "imposed_by",
           "score_employee", "settle", "standings", "summarize"]
