"""What a rule returns, and shared wording."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.core.numbers import fmt_percent, fmt_plain, round_half_up
from generator.model.results import Why


@dataclass(frozen=True)
class Scored:
    points: Decimal
    applied: Why


def show(value: Decimal, percent: bool) -> str:
    """For reading only: a ratio such as 73/69 is compared exactly but shown to 4 decimals."""
    return fmt_percent(value) if percent else fmt_plain(round_half_up(value, 4))


def pts(value: Decimal) -> str:
    """Points as read in the working: 81.666… shows as 81.67 (the engine rounds the points the same way)."""
    return fmt_plain(round_half_up(value, 2))
