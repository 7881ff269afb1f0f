"""The engine: score each employee → rank the team → (adjust grades) → settle grade, coefficient and pay.

    appraise_team(scheme, rows, key)  the whole team, in stages
    compute(scheme, row)              one employee on their own (no rank), for tests and scripts

`adjust` is where calibration and rules over earlier periods plug in: it sees every scored
employee with their standing and may impose a grade (GradeOverride) before any pay is computed.
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
    ScoredEmployee,
    Standing,
    TeamResult,
)
from generator.scheme import model as m

# (scheme, scored employees, their standings in the same order) → 工号 → imposed grade
Adjust = Callable[[m.Scheme, Sequence[ScoredEmployee], Sequence[Standing]], Mapping[str, GradeOverride]]


def compute(scheme: m.Scheme, row: EmployeeInput, key: AppraisalKey | None = None) -> EmployeeResult:
    return settle(scheme, score_employee(scheme, row), key=key)


def appraise_team(scheme: m.Scheme, scored: Sequence[ScoredEmployee], key: AppraisalKey | None = None,
                  adjust: Adjust | None = None) -> TeamResult:
    """Team stage and settlement for employees already scored (one KpiError per employee is the caller's)."""
    places = standings(scheme, scored)
    overrides = adjust(scheme, scored, places) if adjust else {}
    results = [settle(scheme, s, standing=p, override=overrides.get(s.employee.id), key=key)
               for s, p in zip(scored, places, strict=True)]
    return summarize(scheme, results, key)


__all__ = ["Adjust", "appraise_team", "compute", "compute_team", "grade_for", "score_employee", "settle",
           "standings", "summarize"]
