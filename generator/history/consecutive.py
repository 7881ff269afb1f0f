"""Rules over consecutive periods (003: 连续两次分数低于35分淘汰; 连续三次倒数第一淘汰;
连续三次名列第一额外奖金; 连续两个月低于60分可提出解雇).

Pure functions over one employee's results in period order, oldest first; the archive feeds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.core.numbers import fmt_plain
from generator.model.results import Why
from generator.scheme.model import HistoryRule


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


def _meets(rule: HistoryRule, s: PeriodStanding) -> bool:
    if rule.kind == "below_in_a_row":
        return rule.threshold is not None and s.total < rule.threshold
    if rule.kind == "last_in_a_row":
        return s.team_size > 1 and s.rank == s.team_size
    if rule.kind == "first_in_a_row":
        return s.rank == 1
    raise ValueError(rule.kind)


def evaluate(rule: HistoryRule, history: Sequence[PeriodStanding]) -> HistoryHit | None:
    """The rule fires when the latest `times` periods all meet its condition.

    Only the run ending at the latest period counts: a run that ended earlier was acted on then.
    """
    if len(history) < rule.times:
        return None
    run = history[-rule.times :]
    if not all(_meets(rule, s) for s in run):
        return None
    periods = tuple(s.period for s in run)
    span = "、".join(periods)
    if rule.kind == "below_in_a_row":
        zh = f"连续 {rule.times} 期总分低于 {fmt_plain(rule.threshold or Decimal(0))}({span})"
        en = f"{rule.times} periods in a row below {fmt_plain(rule.threshold or Decimal(0))} ({', '.join(periods)})"
    elif rule.kind == "last_in_a_row":
        zh, en = f"连续 {rule.times} 期排名末位({span})", f"last {rule.times} periods in a row ({', '.join(periods)})"
    else:
        zh, en = f"连续 {rule.times} 期排名第一({span})", f"first {rule.times} periods in a row ({', '.join(periods)})"
    if rule.outcome:
        zh += f" → {rule.outcome}"
        en += f" → {rule.name_en or rule.outcome}"
    return HistoryHit(rule=rule, periods=periods, why=Why(zh=zh, en=en))


def evaluate_all(rules: Sequence[HistoryRule], history: Sequence[PeriodStanding]) -> list[HistoryHit]:
    return [hit for rule in rules if (hit := evaluate(rule, history)) is not None]
