"""The team stage: ranking with ties sharing a place (名次并列), ranking prizes, grade distribution.

`standings` works on scored employees, before any grade or pay, so that calibration and rules
over earlier periods can see the ranks; `summarize` counts the settled grades afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Protocol

from generator.core.numbers import ZERO, div, round_half_up
from generator.model.results import AppraisalKey, Employee, EmployeeResult, GradeCount, Standing, TeamResult
from generator.scheme import model as m


class Ranked(Protocol):
    """What ranking needs of a scored or settled employee."""

    @property
    def employee(self) -> Employee: ...
    @property
    def total(self) -> Decimal: ...
    @property
    def values(self) -> Mapping[str, Decimal | None]: ...


def competition_ranks(scores: Sequence[Decimal]) -> list[int]:
    """Standard competition ranking, higher first: 95, 90, 90, 80 → 1, 2, 2, 4."""
    return [1 + sum(1 for other in scores if other > s) for s in scores]


def prizes_for(awards: m.Awards, team_size: int) -> tuple[Decimal, ...]:
    if awards.small_team_size and team_size < awards.small_team_size:
        return awards.small_team_prizes
    return awards.prizes


def standings(scheme: m.Scheme, people: Sequence[Ranked],
              award_values: Mapping[str, Decimal] | None = None) -> list[Standing]:
    """Rank by total (ties share the place and each gets that place's prize: 名次并列的同时奖励).

    When the scheme awards by an input such as monthly sales (000: 每月销售前三名) the prizes
    follow that input, read from each employee's values unless `award_values` (工号 → value) is given.
    """
    ranks = competition_ranks([p.total for p in people])
    award_ranks = ranks
    if scheme.awards and scheme.awards.by != "total":
        by, given = scheme.awards.by, award_values or {}
        award_ranks = competition_ranks([given.get(p.employee.id, p.values.get(by) or ZERO) for p in people])
    prizes = prizes_for(scheme.awards, len(people)) if scheme.awards else ()
    return [Standing(rank=rank, team_size=len(people), award=prizes[ar - 1] if ar <= len(prizes) else None)
            for rank, ar in zip(ranks, award_ranks, strict=True)]


def summarize(scheme: m.Scheme, results: Sequence[EmployeeResult], key: AppraisalKey | None = None) -> TeamResult:
    """Ranked order, grade distribution, average and totals of settled results."""
    ranked = sorted(results, key=lambda r: (r.rank if r.rank is not None else 0, r.employee.id))
    counts = {g.label: 0 for g in scheme.grades}
    for r in ranked:
        counts[r.grade] = counts.get(r.grade, 0) + 1
    n = len(ranked)
    distribution = tuple(
        GradeCount(label=g.label, label_en=g.label_en, coefficient=g.coefficient, count=counts[g.label],
                   share=div(Decimal(counts[g.label]), Decimal(n)) if n else ZERO)
        for g in scheme.grades
    )
    average = round_half_up(div(sum((r.total for r in ranked), ZERO), Decimal(n)), scheme.rounding.points) if n else None
    return TeamResult(
        scheme_id=scheme.id, scheme_version=scheme.version, employees=tuple(ranked), distribution=distribution,
        average=average, bonus_total=sum((r.bonus.amount for r in ranked if r.bonus), ZERO),
        awards_total=sum((r.award for r in ranked if r.award is not None), ZERO), key=key,
    )


def compute_team(scheme: m.Scheme, results: Sequence[EmployeeResult],
                 award_values: Mapping[str, Decimal] | None = None) -> TeamResult:
    """Rank already-settled results and summarise them (for results computed one by one)."""
    places = standings(scheme, results, award_values)
    ranked = [replace(r, rank=s.rank, award=s.award, team_size=s.team_size) for r, s in zip(results, places, strict=True)]
    return summarize(scheme, ranked)
