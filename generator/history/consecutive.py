"""Rules over consecutive periods (003: 连续两次分数低于35分淘汰; 连续三次倒数第一淘汰;
连续三次名列第一额外奖金; 连续两个月低于60分可提出解雇; 000: 低于上月平均水平).

Pure functions over one employee's standings; the archive feeds them (history/apply.py).

`judge` gives every rule a verdict — triggered, clear, or undecidable when an earlier period
the rule needs is not archived — so a missing month is said, never read as a pass. A period
known to break the run decides "clear" even when another period is missing: a rule that
cannot fire needs no more evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.core.numbers import fmt, fmt_plain
from generator.model.results import HistoryOutcome, Why
from generator.scheme.model import HistoryRule

# The seeds' outcomes in English, for a rule without `outcome_en`. (Adding outcome_en to a built-in
# scheme would change its content hash and make every template already handed out "changed".)
OUTCOMES_EN = {"淘汰": "eliminated", "额外奖金": "extra bonus", "公司有权提出解雇": "grounds for dismissal",
               "可提出解雇": "grounds for dismissal", "查询明细": "check the details"}


def outcome_en(rule: HistoryRule) -> str:
    return rule.outcome_en or OUTCOMES_EN.get(rule.outcome, "") or rule.name_en or rule.outcome


@dataclass(frozen=True)
class PeriodStanding:
    period: str  # "2026-10"
    total: Decimal
    rank: int
    team_size: int


@dataclass(frozen=True)
class HistoryHit:
    rule: HistoryRule
    periods: tuple[str, ...]  # the run of periods that triggered it, oldest first
    why: Why


def _meets(rule: HistoryRule, s: PeriodStanding, baseline: Decimal | None = None) -> bool:
    if rule.kind == "below_in_a_row":
        return rule.threshold is not None and s.total < rule.threshold
    if rule.kind == "last_in_a_row":
        return s.team_size > 1 and s.rank == s.team_size
    if rule.kind == "first_in_a_row":
        return s.rank == 1
    if rule.kind == "below_team_average":
        return baseline is not None and s.total < baseline
    raise ValueError(rule.kind)


def _fired(rule: HistoryRule, periods: tuple[str, ...], baselines: Mapping[str, Decimal] | None = None,
           previous: Callable[[str], str] | None = None) -> Why:
    span, span_en = "、".join(periods), ", ".join(periods)
    if rule.kind == "below_in_a_row":
        limit = fmt_plain(rule.threshold or Decimal(0))
        zh, en = f"连续 {rule.times} 期总分低于 {limit}({span})", f"{rule.times} periods in a row below {limit} ({span_en})"
    elif rule.kind == "last_in_a_row":
        zh, en = f"连续 {rule.times} 期排名末位({span})", f"last {rule.times} periods in a row ({span_en})"
    elif rule.kind == "first_in_a_row":
        zh, en = f"连续 {rule.times} 期排名第一({span})", f"first {rule.times} periods in a row ({span_en})"
    else:
        assert baselines is not None and previous is not None
        vs = [(p, previous(p), fmt(baselines[p])) for p in periods]
        zh = "总分低于上期团队平均分(" + ";".join(f"{p} 低于 {b} 的平均 {a}" for p, b, a in vs) + ")"
        en = "total below the previous period's team average (" + "; ".join(
            f"{p} below {b}'s average {a}" for p, b, a in vs) + ")"
    if rule.outcome:
        zh += f" → {rule.outcome}"
        en += f" → {outcome_en(rule)}"
    if rule.bonus is not None:
        zh += f" {fmt(rule.bonus)} 元"
        en += f" {fmt(rule.bonus)}"
    return Why(zh=zh, en=en)


def evaluate(rule: HistoryRule, history: Sequence[PeriodStanding]) -> HistoryHit | None:
    """The rule fires when the latest `times` periods all meet its condition (complete history only).

    Only the run ending at the latest period counts: a run that ended earlier was acted on then.
    """
    if len(history) < rule.times:
        return None
    run = history[-rule.times :]
    if not all(_meets(rule, s) for s in run):
        return None
    periods = tuple(s.period for s in run)
    return HistoryHit(rule=rule, periods=periods, why=_fired(rule, periods))


def evaluate_all(rules: Sequence[HistoryRule], history: Sequence[PeriodStanding]) -> list[HistoryHit]:
    return [hit for rule in rules if (hit := evaluate(rule, history)) is not None]


def _outcome(rule: HistoryRule, status: str, why: Why, periods: tuple[str, ...] = (),
             missing: tuple[str, ...] = ()) -> HistoryOutcome:
    return HistoryOutcome(rule_id=rule.id, name=rule.name, kind=rule.kind, status=status, why=why,
                          outcome=rule.outcome if status == "triggered" else "", periods=periods, missing=missing,
                          name_en=rule.name_en, outcome_en=outcome_en(rule) if status == "triggered" else "")


def missing_why(missing: Sequence[str], absent: Sequence[str] = ()) -> Why:
    """缺少 2026-08 的考核记录,无法判断 — `absent`: periods archived for the team but without this employee."""
    team = [p for p in missing if p not in absent]
    zh_parts, en_parts = [], []
    if team:
        zh_parts.append(f"缺少 {'、'.join(team)} 的考核记录")
        en_parts.append(f"no appraisal of {', '.join(team)} in the archive")
    if absent:
        zh_parts.append(f"缺少该员工 {'、'.join(absent)} 的考核记录")
        en_parts.append(f"this employee is not in the archived {', '.join(absent)}")
    return Why(zh=",".join(zh_parts) + ",无法判断", en="; ".join(en_parts) + ": cannot tell")


def _clear_why(rule: HistoryRule, s: PeriodStanding, baseline: Decimal | None, before: str) -> Why:
    if rule.kind == "below_in_a_row":
        limit = fmt_plain(rule.threshold or Decimal(0))
        return Why(zh=f"未触发:{s.period} 总分 {fmt(s.total)} 不低于 {limit}",
                   en=f"not triggered: {s.period} total {fmt(s.total)} is not below {limit}")
    if rule.kind == "below_team_average":
        avg = fmt(baseline or Decimal(0))
        return Why(zh=f"未触发:{s.period} 总分 {fmt(s.total)} 不低于 {before} 的团队平均分 {avg}",
                   en=f"not triggered: {s.period} total {fmt(s.total)} is not below {before}'s team average {avg}")
    return Why(zh=f"未触发:{s.period} 排名第 {s.rank}/{s.team_size}",
               en=f"not triggered: {s.period} place {s.rank} of {s.team_size}")


def judge(rule: HistoryRule, window: Sequence[str], known: Mapping[str, PeriodStanding],
          archived: Sequence[str] = (), averages: Mapping[str, Decimal] | None = None,
          previous: Callable[[str], str] | None = None) -> HistoryOutcome:
    """The verdict of one rule for one employee.

    window: the rule's `times` periods, oldest first, ending with the period being appraised;
    known: this employee's standings by period (the current one included);
    archived: the periods the archive holds for the team (to tell "period missing" from "employee absent");
    averages / previous: for below_team_average, each period's team average and the period before a period.
    """
    averages = averages or {}
    prev = previous or (lambda p: p)
    missing: list[str] = []
    for period in reversed(window):  # newest first: the current period decides most often
        s = known.get(period)
        baseline = averages.get(prev(period)) if rule.kind == "below_team_average" else None
        if rule.kind == "below_team_average" and baseline is None:
            missing.append(prev(period))
        if s is None:
            missing.append(period)
            continue
        if rule.kind == "below_team_average" and baseline is None:
            continue
        if not _meets(rule, s, baseline):
            return _outcome(rule, "clear", _clear_why(rule, s, baseline, prev(period)), periods=tuple(window))
    if missing:
        ordered = tuple(sorted(set(missing)))
        absent = [p for p in ordered if p in archived]
        return _outcome(rule, "undecidable", missing_why(ordered, absent), periods=tuple(window), missing=ordered)
    periods = tuple(window)
    return _outcome(rule, "triggered", _fired(rule, periods, averages_of(periods, averages, prev), prev),
                    periods=periods)


def averages_of(periods: Sequence[str], averages: Mapping[str, Decimal], previous: Callable[[str], str]
                ) -> dict[str, Decimal]:
    """period → the team average of the period before it (for the wording of below_team_average)."""
    return {p: averages[previous(p)] for p in periods if previous(p) in averages}


__all__ = ["OUTCOMES_EN", "HistoryHit", "PeriodStanding", "evaluate", "evaluate_all", "judge", "missing_why"]
