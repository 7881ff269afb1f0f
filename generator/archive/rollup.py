"""Roll-ups: a quarter, half-year or year built from the periods in the archive (`archive report`).

For each (department, scheme) that has results in the period, from the current revision of each
of its periods (usually months):

- per employee the monthly totals side by side, their sum and their average. A month without a
  result is *missing*: shown as missing, never counted as 0, and it keeps the employee out of the
  ranking (a sum over two months would be ranked as if the third were 0);
- the period's score (the scheme's `rollup.score`: sum or average), which ranks the team with ties
  sharing the place (competition ranking 1, 1, 3: the engine's rule for the monthly prizes);
- the period's grade: the scheme's grade bands applied to the *average* (the bands are on one
  month's 0–100 scale; a sum of three months is not);
- the awards of `rollup.awards`, decided separately for each award period inside the roll-up (each
  quarter of a year). Tied employees each get their place's full prize (003: 名次并列的同时奖励) and
  the next place skips them. Places decided while a month of the award period is still missing for
  the whole team are marked provisional (`final: False`).

Everything is Decimal; nothing here renders or prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.archive.repository import Archive, PeriodEntry
from generator.core.numbers import ZERO, div, round_half_up
from generator.engine.settle import grade_for
from generator.history.periods import KINDS, MONTHS_IN, PER_YEAR, Period, parse
from generator.scheme import model as m


class RollupError(Exception):
    """A roll-up that cannot be built; `key` and `fields` name its text in core/text_table.py."""

    def __init__(self, key: str, **fields: object):
        super().__init__(key)
        self.key, self.fields = key, fields


@dataclass(frozen=True)
class Award:
    period: str  # the award period, e.g. 2026Q4
    place: int
    amount: Decimal
    final: bool  # False while a month of the award period is missing for the whole team


@dataclass(frozen=True)
class EmployeeRollup:
    employee_id: str
    name: str
    position: str
    totals: tuple[Decimal | None, ...]  # one per TeamRollup.parts; None = missing
    sum: Decimal
    average: Decimal
    score: Decimal  # the sum or the average, as the scheme says
    grade: str
    grade_en: str
    rank: int | None  # None: a month is missing, not ranked
    missing: tuple[str, ...]  # periods the team has and this employee has not (the team's own gaps: TeamRollup.missing)
    awards: tuple[Award, ...]

    @property
    def award_total(self) -> Decimal:
        return sum((a.amount for a in self.awards), ZERO)


@dataclass(frozen=True)
class TeamRollup:
    company: str
    department: str
    scheme: m.Scheme
    archived_versions: tuple[str, ...]  # the scheme versions the months were appraised with
    parts: tuple[str, ...]  # the periods rolled up, in order (2026-10, 2026-11, 2026-12)
    held: tuple[str, ...]  # those the archive holds for this team
    averages: tuple[Decimal | None, ...]  # the team's average total of each part (None: not held)
    employees: tuple[EmployeeRollup, ...]  # ranked first, then the unranked, by 工号

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(p for p in self.parts if p not in self.held)

    @property
    def ranked(self) -> int:
        return sum(1 for e in self.employees if e.rank is not None)


@dataclass(frozen=True)
class Rollup:
    period: Period
    department: str | None
    teams: tuple[TeamRollup, ...]


def parts_of(period: Period, kind: str) -> list[Period]:
    """The periods of `kind` that make up `period` (months of a quarter, quarters of a year …)."""
    if MONTHS_IN[kind] > MONTHS_IN[period.kind]:
        return []
    step = MONTHS_IN[kind]
    first = period.first_month()
    return [Period(period.year, kind, (month - 1) // step + 1)
            for month in range(first, first + MONTHS_IN[period.kind], step)]


def _candidates(period: Period) -> list[str]:
    """Every stored period string that can be part of `period`, of every kind."""
    return [str(p) for kind in KINDS if PER_YEAR[kind] >= PER_YEAR[period.kind] for p in parts_of(period, kind)]


def _ranked(scores: dict[str, Decimal]) -> dict[str, int]:
    """工号 → place, higher first, ties sharing it (1, 1, 3): engine.team.competition_ranks, in n log n
    rather than n² (a department of 1,000 is ranked once a quarter and once for the whole year)."""
    order = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    places: dict[str, int] = {}
    for i, (emp, score) in enumerate(order):
        places[emp] = places[order[i - 1][0]] if i and order[i - 1][1] == score else i + 1
    return places


def _score(values: Sequence[Decimal], how: str, places: int) -> tuple[Decimal, Decimal]:
    total = sum(values, ZERO)
    average = round_half_up(div(total, Decimal(len(values))), places) if values else ZERO
    return total, (total if how == "sum" else average)


def _awards(scheme: m.Scheme, period: Period, kind: str, held: set[str],
            totals: dict[str, dict[str, Decimal]]) -> dict[str, list[Award]]:
    """工号 → the awards won in each award period inside the roll-up."""
    rule = scheme.rollup.awards
    won: dict[str, list[Award]] = {}
    if rule is None or MONTHS_IN[rule.per] < MONTHS_IN[kind]:
        return won
    for award_period in parts_of(period, rule.per):
        parts = [str(p) for p in parts_of(award_period, kind)]
        there = [p for p in parts if p in held]
        if not there:
            continue
        scores = {emp: _score([by[p] for p in there], scheme.rollup.score, scheme.rounding.points)[1]
                  for emp, by in totals.items() if all(p in by for p in there)}
        for emp, place in _ranked(scores).items():
            if place <= len(rule.prizes):
                won.setdefault(emp, []).append(Award(period=str(award_period), place=place,
                                                     amount=rule.prizes[place - 1], final=len(there) == len(parts)))
    return won


def _team(scheme: m.Scheme, period: Period, entries: list[PeriodEntry]) -> TeamRollup:
    kinds = {p.kind for p in (parse(text) for text in {e.period for e in entries}) if p is not None}
    kind = min(kinds, key=lambda k: MONTHS_IN[k])  # one scheme has one period kind; the finest wins if not
    parts = [str(p) for p in parts_of(period, kind)]
    entries = [e for e in entries if e.period in parts]
    held = {e.period for e in entries}
    totals: dict[str, dict[str, Decimal]] = {}
    who: dict[str, tuple[str, str, int]] = {}  # 工号 → name, position, index of the part they come from
    averages: dict[str, Decimal | None] = {}
    for e in entries:
        totals.setdefault(e.employee_id, {})[e.period] = e.total
        averages[e.period] = e.team_average
        index = parts.index(e.period)
        if e.employee_id not in who or who[e.employee_id][2] <= index:  # the latest period's name
            who[e.employee_id] = (e.name, e.position, index)
    there = [p for p in parts if p in held]
    complete = {emp for emp, by in totals.items() if all(p in by for p in there)}
    scored = {emp: _score([by[p] for p in there if p in by], scheme.rollup.score, scheme.rounding.points)
              for emp, by in totals.items()}
    ranks = _ranked({emp: scored[emp][1] for emp in complete})
    won = _awards(scheme, period, kind, held, totals)
    people = []
    for emp, by in totals.items():
        total, score = scored[emp]
        average = round_half_up(div(total, Decimal(len(by))), scheme.rounding.points)
        grade = grade_for(scheme, average)
        name, position, _ = who[emp]
        people.append(EmployeeRollup(
            employee_id=emp, name=name, position=position, totals=tuple(by.get(p) for p in parts), sum=total,
            average=average, score=score, grade=grade.label, grade_en=grade.label_en, rank=ranks.get(emp),
            missing=tuple(p for p in there if p not in by), awards=tuple(won.get(emp, ()))))
    people.sort(key=lambda e: (e.rank is None, e.rank or 0, e.employee_id))
    first = entries[0]
    return TeamRollup(company=first.company, department=first.department, scheme=scheme,
                      archived_versions=tuple(sorted({e.scheme_version for e in entries})), parts=tuple(parts),
                      held=tuple(there), averages=tuple(averages.get(p) for p in parts), employees=tuple(people))


def build_rollup(archive: Archive, period: Period, scheme_for: Callable[[str], m.Scheme | None],
                 department: str | None = None) -> Rollup:
    """The roll-up of `period` from the archive's current revisions. `scheme_for` finds a scheme by id
    (the command's registry); the roll-up applies the scheme as it is now, whatever version the months
    were appraised with (TeamRollup.archived_versions says which).

    Raises RollupError when the archive holds nothing for the period or a scheme is unknown."""
    if period.kind == "month":
        raise RollupError("rollup.month_period", period=str(period))
    entries = archive.period_entries(_candidates(period), department)
    groups: dict[tuple[str, str], list[PeriodEntry]] = {}
    for e in entries:
        groups.setdefault((e.department, e.scheme_id), []).append(e)
    if not groups:
        months = ", ".join(str(p) for p in parts_of(period, "month"))
        if department is not None:
            raise RollupError("rollup.nothing_department", period=str(period), where=archive.where, months=months,
                              department=department)
        raise RollupError("rollup.nothing", period=str(period), where=archive.where, months=months)
    teams = []
    for (_, scheme_id), rows in groups.items():
        scheme = scheme_for(scheme_id)
        if scheme is None:
            raise RollupError("rollup.unknown_scheme", scheme=scheme_id, department=rows[0].department)
        teams.append(_team(scheme, period, rows))
    return Rollup(period=period, department=department, teams=tuple(teams))


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def rollup_data(rollup: Rollup) -> dict[str, Any]:
    """The roll-up as JSON-ready data: every number an exact decimal string, a missing period null."""
    teams = []
    for team in rollup.teams:
        rule, awards = team.scheme.rollup, team.scheme.rollup.awards
        teams.append({
            "company": team.company, "department": team.department,
            "scheme": {"id": team.scheme.id, "version": team.scheme.version, "name": team.scheme.name},
            "archived_versions": list(team.archived_versions), "score": rule.score,
            "periods": list(team.parts), "missing_periods": list(team.missing),
            "averages": {p: _text(a) for p, a in zip(team.parts, team.averages, strict=True)},
            "award_rule": None if awards is None else {"name": awards.name, "per": awards.per,
                                                       "prizes": [_text(x) for x in awards.prizes]},
            "awards_total": _text(team_awards_total(team)),
            "employees": [{
                "employee_id": e.employee_id, "name": e.name, "position": e.position,
                "totals": {p: _text(v) for p, v in zip(team.parts, e.totals, strict=True)},
                "sum": _text(e.sum), "average": _text(e.average), "score": _text(e.score),
                "grade": e.grade, "rank": e.rank, "missing": list(e.missing),
                "awards": [{"period": a.period, "place": a.place, "amount": _text(a.amount), "final": a.final}
                           for a in e.awards],
                "award_total": _text(e.award_total),
            } for e in team.employees],
        })
    return {"period": str(rollup.period), "department": rollup.department, "teams": teams}


def team_awards_total(team: TeamRollup) -> Decimal:
    return sum((e.award_total for e in team.employees), ZERO)


__all__ = ["Award", "EmployeeRollup", "Rollup", "RollupError", "TeamRollup", "build_rollup",
           "parts_of", "rollup_data", "team_awards_total"]
