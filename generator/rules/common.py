"""What a rule returns, and shared wording."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..numbers import fmt_percent, fmt_plain
from ..result import Why


@dataclass(frozen=True)
class Scored:
    points: Decimal
    applied: Why


def show(value: Decimal, percent: bool) -> str:
    return fmt_percent(value) if percent else fmt_plain(value)


def pts(value: Decimal) -> str:
    return fmt_plain(value)
