"""The team step: ranking with ties sharing a place (名次并列), awards, grade distribution."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from generator.core.numbers import ZERO, div, round_half_up
from generator.model.results import EmployeeResult, GradeCount, TeamResult
from generator.scheme import model as m


def competition_ranks(scores: Sequence[Decimal]) -> list[int]:
    """Standard competition ranking, higher first: 95, 90, 90, 80 → 1, 2, 2, 4."""
    return [1 + sum(1 for other in scores if other > s) for s in scores]


def prizes_for(awards: m.Awards, team_size: int) -> tuple[Decimal, ...]:
    if awards.small_team_size and team_size < awards.small_team_size:
        return awards.small_team_prizes
    return awards.prizes


def compute_team(
    scheme: m.Scheme, results: Sequence[EmployeeResult], award_values: Mapping[str, Decimal] | None = None
) -> TeamResult:
    """Rank by total (ties share the place and each gets that place's prize: 名次并列的同时奖励).

    When the scheme awards by an input such as monthly sales (000: 每月销售前三名) the prizes
    follow that input, read from each result's values unless `award_values` (工号 → value) is given.
    """
    totals = [r.total for r in results]
    ranks = competition_ranks(totals)
    award_ranks = ranks
    if scheme.awards and scheme.awards.by != "total":
        by = scheme.awards.by
        given = award_values or {}
        award_ranks = competition_ranks(
            [given.get(r.employee.id, r.values.get(by) or ZERO) for r in results]
        )
    prizes = prizes_for(scheme.awards, len(results)) if scheme.awards else ()
    ranked: list[EmployeeResult] = []
    for r, rank, award_rank in zip(results, ranks, award_ranks, strict=True):
        award = prizes[award_rank - 1] if award_rank <= len(prizes) else None
        ranked.append(replace(r, rank=rank, award=award))
    ranked.sort(key=lambda r: (r.rank, r.employee.id))

    counts = {g.label: 0 for g in scheme.grades}
    for r in ranked:
        counts[r.grade] = counts.get(r.grade, 0) + 1
    n = len(ranked)
    distribution = tuple(
        GradeCount(label=g.label, label_en=g.label_en, coefficient=g.coefficient, count=counts[g.label],
                   share=div(Decimal(counts[g.label]), Decimal(n)) if n else ZERO)
        for g in scheme.grades
    )
    average = round_half_up(div(sum(totals, ZERO), Decimal(n)), scheme.rounding.points) if n else None
    return TeamResult(
        scheme_id=scheme.id, scheme_version=scheme.version, employees=tuple(ranked), distribution=distribution,
        average=average, bonus_total=sum((r.bonus.amount for r in ranked if r.bonus), ZERO),
        awards_total=sum((r.award for r in ranked if r.award is not None), ZERO),
    )
