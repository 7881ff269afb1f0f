"""Behaviour levels (001 行为考核: level 1–5 → 4/8/12/16/20) and directly entered scores."""

from __future__ import annotations

from decimal import Decimal

from generator.core.findings import Finding, KpiError
from generator.model.results import Why
from generator.rules.common import Scored, pts
from generator.scheme.model import LevelsRule


def score_levels(rule: LevelsRule, value: Decimal) -> Scored:
    level = int(value) if value == value.to_integral_value() else None
    points = rule.lookup(level) if level is not None else None
    if points is None:
        allowed = "/".join(str(lv) for lv, _ in rule.points)
        raise KpiError(
            Finding(code="invalid-level", message=f"等级 {value} 无效,应为 {allowed}",
                    message_en=f"level {value} is not one of {allowed}", value=str(value))
        )
    return Scored(points, Why(zh=f"{level} 级 → {pts(points)} 分", en=f"level {level} → {pts(points)} points"))


def score_direct(max_points: Decimal, value: Decimal) -> Scored:
    points = min(max(value, Decimal(0)), max_points)
    if points != value:
        return Scored(points, Why(zh=f"评分 {pts(value)} 超出 0–{pts(max_points)},按 {pts(points)} 分计",
                                  en=f"score {pts(value)} outside 0–{pts(max_points)}, counted as {pts(points)}"))
    return Scored(points, Why(zh=f"评分 {pts(points)} 分", en=f"score {pts(points)}"))
