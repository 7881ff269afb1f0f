"""Linear from a target (004: 满意率每降1%扣2分, 每增1%加1分), floored and capped.

Only whole steps count unless the rule says `partial: true`: "每降1%" read literally means a
shortfall of 1.5% is one step, which is how HR departments compute it by hand.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from generator.core.numbers import clamp, div
from generator.model.results import Why
from generator.rules.common import Scored, edges_of, pts, show
from generator.scheme.model import Direction, LinearRule


def steps(distance: Decimal, step: Decimal, partial: bool) -> Decimal:
    raw = div(distance, step)
    return raw if partial else raw.to_integral_value(rounding=ROUND_FLOOR)


def score_linear(rule: LinearRule, max_points: Decimal, value: Decimal, percent: bool) -> Scored:
    cap = rule.cap if rule.cap is not None else max_points
    gap = value - rule.target if rule.direction is Direction.HIGHER else rule.target - value
    s = show(value, percent, edges_of(rule, value))
    t = show(rule.target, percent)
    st = show(rule.step, percent)
    if gap < 0:
        n = steps(-gap, rule.step, rule.partial)
        raw = max_points - n * rule.below
        zh = f"{s} 未达目标 {t},差 {pts(n)} 个 {st} 档,每档扣 {pts(rule.below)} 分"
        en = f"{s} misses target {t} by {pts(n)} steps of {st}, {pts(rule.below)} points each"
    elif gap > 0 and rule.above:
        n = steps(gap, rule.step, rule.partial)
        raw = max_points + n * rule.above
        zh = f"{s} 超过目标 {t} {pts(n)} 个 {st} 档,每档加 {pts(rule.above)} 分"
        en = f"{s} beats target {t} by {pts(n)} steps of {st}, +{pts(rule.above)} points each"
    else:
        raw = max_points
        zh = f"{s} 达到目标 {t},得满分"
        en = f"{s} meets target {t}: full marks"
    points = clamp(raw, rule.floor, cap)
    if points != raw:
        zh += f"(限定在 {pts(rule.floor)}–{pts(cap)} 分)"
        en += f" (bounded to {pts(rule.floor)}–{pts(cap)})"
    return Scored(points, Why(zh=f"{zh} → {pts(points)} 分", en=f"{en} → {pts(points)} points"))
