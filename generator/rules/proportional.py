"""Proportional to completion (003: 完成业绩任务的90%,计算分数为 90%×20=18分 … 完成10%以下的为2分)."""

from __future__ import annotations

from decimal import Decimal

from generator.core.numbers import fmt_beside, fmt_percent, mul
from generator.model.results import Why
from generator.rules.common import Scored, pts
from generator.scheme.model import ProportionalRule


def score_proportional(rule: ProportionalRule, max_points: Decimal, completion: Decimal) -> Scored:
    c = fmt_beside(completion, [rule.floor_below], percent=True)
    if rule.floor_below is not None and completion < rule.floor_below:
        return Scored(
            rule.floor_points,
            Why(
                zh=f"完成率 {c} 低于 {fmt_percent(rule.floor_below)},计 {pts(rule.floor_points)} 分",
                en=f"completion {c} is under {fmt_percent(rule.floor_below)}: {pts(rule.floor_points)} points",
            ),
        )
    cap = rule.cap if rule.cap is not None else max_points
    raw = mul(completion, max_points)
    points = min(raw, cap)
    capped_zh = f",封顶 {pts(cap)} 分" if points != raw else ""
    capped_en = f", capped at {pts(cap)}" if points != raw else ""
    return Scored(
        points,
        Why(
            zh=f"完成率 {c} × {pts(max_points)} = {pts(raw)}{capped_zh} → {pts(points)} 分",
            en=f"completion {c} × {pts(max_points)} = {pts(raw)}{capped_en} → {pts(points)} points",
        ),
    )
