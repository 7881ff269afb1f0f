"""Scoring rules: one small module per rule kind; `score()` dispatches on the rule's type.

Every rule returns the points on the indicator's own scale (0 … max_points) unrounded,
together with the working in Chinese and English. The engine rounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from generator.rules.bands import score_bands
from generator.rules.common import Scored
from generator.rules.deductions import score_deductions, score_progressive
from generator.rules.levels import score_direct, score_levels
from generator.rules.linear import score_linear
from generator.rules.proportional import score_proportional
from generator.scheme import model as m

__all__ = ["Scored", "score"]


def score(
    indicator: m.Indicator,
    value: Decimal | None,
    values: Mapping[str, Decimal | None],
    labels: Mapping[str, tuple[str, str]] | None = None,
) -> Scored:
    """`labels` (input id → Chinese and English name) names the counted items in the working."""
    rule = indicator.rule
    top = indicator.max_points
    if isinstance(rule, m.DeductionsRule):
        return score_deductions(rule, top, values, labels or {})
    if isinstance(rule, m.ProgressiveRule):
        return score_progressive(rule, top, values)
    assert value is not None, "the engine measures the value before scoring"
    percent = bool(indicator.value and indicator.value.percent)
    if isinstance(rule, m.BandsRule):
        return score_bands(rule, value, percent)
    if isinstance(rule, m.LinearRule):
        return score_linear(rule, top, value, percent)
    if isinstance(rule, m.ProportionalRule):
        return score_proportional(rule, top, value)
    if isinstance(rule, m.LevelsRule):
        return score_levels(rule, value)
    return score_direct(top, value)
