"""Threshold bands (003 询单转化率: X≥75% → 100, 65%≤X<75% → 80 …), either direction.

The loader has already proved the bands tile the value's domain, so exactly one matches;
each band states which side of its edges is closed.
"""

from __future__ import annotations

from decimal import Decimal

from generator.core.findings import Finding, KpiError
from generator.model.results import Why
from generator.rules.common import Scored, edges_of, pts, show
from generator.scheme.model import BandsRule


def score_bands(rule: BandsRule, value: Decimal, percent: bool) -> Scored:
    edges = edges_of(rule, value)  # 74.995% beside "65% ≤ X < 75%" must not read 75%
    for band in rule.bands:
        if band.range.contains(value):
            cond = band.range.words("X", percent)
            x = show(value, percent, edges)
            return Scored(
                band.points,
                Why(
                    zh=f"X = {x},{cond} → {pts(band.points)} 分",
                    en=f"X = {x}, {cond} → {pts(band.points)} points",
                ),
            )
    raise KpiError(
        Finding(
            code="value-outside-bands",
            message=f"数值 {show(value, percent)} 不在任何分数段内",
            message_en=f"value {show(value, percent)} falls in no band",
            hint="检查填写的数值是否在合理范围内",
            hint_en="check that the value is in its expected range",
        )
    )
