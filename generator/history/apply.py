"""Applying a scheme's rules over consecutive periods in a run: the engine's adjust hook.

`history_adjust(earlier)` is an `engine.Adjust`: between the team stage and settlement it looks up
each employee's earlier standings (matched by 工号, current revisions only) and gives every rule a
verdict. A rule that fires attaches its outcome (淘汰, 额外奖金 …) to the employee, imposes a grade
when the rule names one, and adds its bonus as a pay line when the rule states an amount.
Missing earlier periods make the rule "undecidable" with the periods named.

The source of earlier periods is a protocol, so the archive (archive.repository.Archive), a test
or a script holding results in memory can serve it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Protocol

from generator.core.findings import KpiError
from generator.core.numbers import round_half_up
from generator.history.consecutive import PeriodStanding, judge, outcome_en
from generator.history.periods import Period, parse_kind
from generator.model.results import (
    AppraisalKey,
    GradeOverride,
    HistoryOutcome,
    Imposed,
    PayItem,
    ScoredEmployee,
    Standing,
    Why,
)
from generator.scheme import model as m


class EarlierPeriods(Protocol):
    """Where earlier periods' results come from (Archive implements it)."""

    def standings(self, department: str, scheme_id: str, employee_ids: Sequence[str],
                  periods: Sequence[str]) -> Mapping[str, Mapping[str, PeriodStanding]]:
        """工号 → period → standing; a period without a result for that 工号 is absent."""
        ...

    def team_averages(self, department: str, scheme_id: str, periods: Sequence[str]) -> Mapping[str, Decimal]:
        """period → the team's average total, for every asked-for period that is archived."""
        ...


def depth(rule: m.HistoryRule) -> int:
    """How many periods before the current one a rule looks at."""
    return rule.times if rule.kind == "below_team_average" else rule.times - 1


def _undecidable(rule: m.HistoryRule, why: Why) -> HistoryOutcome:
    return HistoryOutcome(rule_id=rule.id, name=rule.name, kind=rule.kind, status="undecidable", why=why,
                          name_en=rule.name_en)


def _imposed(scheme: m.Scheme, outcomes: tuple[HistoryOutcome, ...]) -> Imposed:
    if not any(o.triggered for o in outcomes):
        return Imposed(history=outcomes)
    rules = {r.id: r for r in scheme.history}
    fired = [rules[o.rule_id] for o in outcomes if o.triggered]
    extra = tuple(PayItem(id=f"history:{r.id}", name=r.outcome or r.name, name_en=outcome_en(r),
                          amount=round_half_up(r.bonus, scheme.rounding.money), why=o.why)
                  for r, o in ((rules[o.rule_id], o) for o in outcomes if o.triggered) if r.bonus is not None)
    graded = [r for r in fired if r.grade]
    override = None
    if graded:  # several rules naming grades: the lowest coefficient wins (the stricter verdict)
        rule = min(graded, key=lambda r: scheme.grade(r.grade).coefficient)
        why = next(o.why for o in outcomes if o.rule_id == rule.id)
        override = GradeOverride(label=rule.grade, why=Why(zh=f"连续期规则“{rule.name}”:{why.zh}",
                                                           en=f"history rule {rule.name_en or rule.id}: {why.en}"))
    return Imposed(override=override, history=outcomes, extra_pay=extra)


def outcomes_for(scheme: m.Scheme, period: Period, department: str, current: Mapping[str, PeriodStanding],
                 earlier: EarlierPeriods) -> dict[str, tuple[HistoryOutcome, ...]]:
    """工号 → the verdict of every history rule of the scheme, for the employees in `current`."""
    need = max(depth(r) for r in scheme.history)
    before = [str(p) for p in period.previous(need)] if need else []
    ids = list(current)
    found = earlier.standings(department, scheme.id, ids, before) if before else {}
    averages = dict(earlier.team_averages(department, scheme.id, before)) if before else {}
    archived = set(averages)  # a period archived for this team has an average; one without an employee is absent

    # Worked out once per team, not per employee and rule: a team of 10,000 is 30,000 verdicts.
    before_of = {str(p): str(p.shift(-1)) for p in [*period.previous(need), period]}

    def previous(p: str) -> str:
        return before_of.get(p, p)

    windows = {r.id: [str(p) for p in period.previous(r.times - 1)] + [str(period)] for r in scheme.history}
    seen, here = sorted(archived), str(period)
    out: dict[str, tuple[HistoryOutcome, ...]] = {}
    for emp, now in current.items():
        known = {**found.get(emp, {}), here: now}
        out[emp] = tuple(judge(rule, windows[rule.id], known, seen, averages, previous) for rule in scheme.history)
    return out


class ThisRun:
    """Earlier periods appraised earlier in the same run, over those of `earlier`.

    The archive saves a workbook only once its reports are rendered, while the next workbook is
    already being read: `run` over August, September and October in one go would otherwise find
    September missing when October is appraised.
    """

    def __init__(self, earlier: EarlierPeriods):
        self.earlier = earlier
        self.teams: dict[tuple[str, str, str], tuple[dict[str, PeriodStanding], Decimal]] = {}

    def remember(self, department: str, scheme: m.Scheme, current: Mapping[str, PeriodStanding]) -> None:
        if not current:
            return
        period = next(iter(current.values())).period
        totals = [s.total for s in current.values()]
        average = round_half_up(sum(totals, Decimal(0)) / len(totals), scheme.rounding.points)
        self.teams[(department, scheme.id, period)] = (dict(current), average)

    def standings(self, department: str, scheme_id: str, employee_ids: Sequence[str],
                  periods: Sequence[str]) -> dict[str, dict[str, PeriodStanding]]:
        mine = [p for p in periods if (department, scheme_id, p) in self.teams]
        rest = [p for p in periods if p not in mine]
        found = self.earlier.standings(department, scheme_id, employee_ids, rest) if rest else {}
        out = {emp: dict(found.get(emp, {})) for emp in employee_ids}
        for p in mine:
            team = self.teams[(department, scheme_id, p)][0]
            for emp in employee_ids:
                if emp in team:
                    out[emp][p] = team[emp]
        return out

    def team_averages(self, department: str, scheme_id: str, periods: Sequence[str]) -> dict[str, Decimal]:
        mine = {p: self.teams[(department, scheme_id, p)][1] for p in periods if (department, scheme_id, p) in self.teams}
        rest = [p for p in periods if p not in mine]
        return {**(self.earlier.team_averages(department, scheme_id, rest) if rest else {}), **mine}


class HistoryAdjust:
    """An engine.Adjust applying the scheme's history rules with earlier periods from `earlier`
    (and from the workbooks this hook has already seen: see ThisRun)."""

    def __init__(self, earlier: EarlierPeriods):
        self.earlier = ThisRun(earlier)

    def __call__(self, scheme: m.Scheme, scored: Sequence[ScoredEmployee], places: Sequence[Standing],
                 key: AppraisalKey | None) -> dict[str, Imposed]:
        if not scheme.history or key is None or not scored:
            return {}
        period = parse_kind(key.period, scheme.period)
        if period is None:  # the workbook check refuses such periods; say so rather than pass
            why = Why(zh=f"考核周期 {key.period} 不是本方案的周期类型,无法判断",
                      en=f"period {key.period} is not of this scheme's kind: cannot tell")
            return {s.employee.id: Imposed(history=tuple(_undecidable(r, why) for r in scheme.history)) for s in scored}
        here = str(period)
        current = {s.employee.id: PeriodStanding(period=here, total=s.total, rank=p.rank, team_size=p.team_size)
                   for s, p in zip(scored, places, strict=True)}
        try:
            verdicts = outcomes_for(scheme, period, key.department, current, self.earlier)
            self.earlier.remember(key.department, scheme, current)
        except KpiError as exc:  # an unreadable archive: every rule undecidable, with the reason
            reason = exc.findings[0] if exc.findings else None
            why = Why(zh=f"无法读取考核档案({reason.text('zh') if reason else ''}),无法判断",
                      en=f"the archive could not be read ({reason.text('en') if reason else ''}): cannot tell")
            return {emp: Imposed(history=tuple(_undecidable(r, why) for r in scheme.history)) for emp in current}
        return {emp: _imposed(scheme, outcomes) for emp, outcomes in verdicts.items()}


def history_adjust(earlier: EarlierPeriods) -> HistoryAdjust:
    return HistoryAdjust(earlier)


__all__ = ["EarlierPeriods", "HistoryAdjust", "ThisRun", "depth", "history_adjust", "outcomes_for"]
