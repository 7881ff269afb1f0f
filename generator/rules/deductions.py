"""Deductions from full marks: per occurrence (抽查每次不合格扣2分,扣完为止; 扣分上限10分)
and progressive (换班: 第4次扣5分, 第5次扣10分, 第6次扣15分 …)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from generator.model.results import Why
from generator.rules.common import Scored, pts
from generator.scheme.model import DeductionsRule, ProgressiveRule

ZERO = Decimal(0)


def count_of(values: Mapping[str, Decimal | None], key: str) -> Decimal:
    value = values.get(key)
    return ZERO if value is None else value


def score_deductions(
    rule: DeductionsRule,
    max_points: Decimal,
    values: Mapping[str, Decimal | None],
    labels: Mapping[str, tuple[str, str]],
) -> Scored:
    parts_zh, parts_en, total = [], [], ZERO
    for item in rule.items:
        n = count_of(values, item.input)
        zh, en = labels.get(item.input, (item.input, item.input))
        term_zh, term_en = f"{item.name or zh} {pts(n)} × {pts(item.points)}", f"{en} {pts(n)} × {pts(item.points)}"
        row = n * item.points
        if item.cap is not None and row > item.cap:  # the row's own cap: later occurrences of it cost nothing more
            row = item.cap
            term_zh += f"(本项扣分上限 {pts(item.cap)})"
            term_en += f" (this row at most {pts(item.cap)})"
        total += row
        parts_zh.append(term_zh)
        parts_en.append(term_en)
    deducted = total
    note_zh = note_en = ""
    if rule.cap is not None and deducted > rule.cap:
        deducted = rule.cap
        note_zh, note_en = f",扣分上限 {pts(rule.cap)}", f", deductions capped at {pts(rule.cap)}"
    points = max(max_points - deducted, rule.floor)
    if points != max_points - deducted:
        note_zh += ",扣完为止"
        note_en += ", no lower than the floor"
    return Scored(
        points,
        Why(
            zh=f"满分 {pts(max_points)} − ({' + '.join(parts_zh)} = {pts(total)}){note_zh} → {pts(points)} 分",
            en=f"full {pts(max_points)} − ({' + '.join(parts_en)} = {pts(total)}){note_en} → {pts(points)} points",
        ),
    )


def progressive_total(count: Decimal, free: int, first: Decimal, step: Decimal) -> Decimal:
    """Σ over occurrences beyond `free` of first + (k−1)·step: 6 swaps, 3 free → 5+10+15 = 30."""
    extra = max(int(count) - free, 0)
    return extra * first + step * Decimal(extra * (extra - 1)) / 2


def score_progressive(rule: ProgressiveRule, max_points: Decimal, values: Mapping[str, Decimal | None]) -> Scored:
    n = count_of(values, rule.input)
    deducted = progressive_total(n, rule.free, rule.first, rule.step)
    if rule.cap is not None:
        deducted = min(deducted, rule.cap)
    points = max(max_points - deducted, rule.floor)
    return Scored(
        points,
        Why(
            zh=f"{pts(n)} 次,前 {rule.free} 次不扣,此后依次扣 {pts(rule.first)}、{pts(rule.first + rule.step)}… "
            f"共扣 {pts(deducted)} → {pts(points)} 分",
            en=f"{pts(n)} times, first {rule.free} free, then {pts(rule.first)}, {pts(rule.first + rule.step)}… "
            f"= −{pts(deducted)} → {pts(points)} points",
        ),
    )
