"""What a rule returns, and shared wording."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from generator.core.numbers import div, fmt_beside, fmt_plain, round_half_up
from generator.model.results import Why
from generator.scheme.rule_kinds import BandsRule, Direction, LinearRule, ProportionalRule, Rule


@dataclass(frozen=True)
class Scored:
    points: Decimal
    applied: Why


def show(value: Decimal, percent: bool, edges: Iterable[Decimal | None] = ()) -> str:
    """For reading only: a ratio such as 73/69 is compared exactly but shown to 4 decimals
    (2 for a percent) — with more digits when fewer would put it across one of `edges`."""
    return fmt_beside(value, edges, percent)


def edges_of(rule: Rule, value: Decimal) -> list[Decimal]:
    """The numbers `value` was compared with under `rule`: what its display must not cross."""
    if isinstance(rule, BandsRule):
        return [e for b in rule.bands for e in (b.range.low, b.range.high) if e is not None]
    if isinstance(rule, LinearRule):
        # Whole steps count: the edges near the value are target ∓ n·step and ∓ (n+1)·step.
        gap = value - rule.target if rule.direction is Direction.HIGHER else rule.target - value
        n = div(abs(gap), rule.step).to_integral_value(rounding=ROUND_FLOOR) if rule.step else Decimal(0)
        sign = 1 if value >= rule.target else -1
        return [rule.target + sign * k * rule.step for k in (n, n + 1)] + [rule.target]
    if isinstance(rule, ProportionalRule):
        return [rule.floor_below] if rule.floor_below is not None else []
    return []


def pts(value: Decimal) -> str:
    """Points as read in the working: 81.666… shows as 81.67 (the engine rounds the points the same way)."""
    return fmt_plain(round_half_up(value, 2))
