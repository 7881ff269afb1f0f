"""Bonus formulas (see `Bonus` in scheme/model.py). Exact until the final rounding to the fen."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from generator.core.findings import Finding, KpiError
from generator.core.numbers import HUNDRED, clamp, fmt, fmt_percent, fmt_plain, mul, round_half_up
from generator.model.results import BonusResult, Why
from generator.scheme.model import Bonus, Scheme


def qc_ratio(qc: Decimal, low: Decimal, high: Decimal, slope: Decimal) -> Decimal:
    """003 GS组: QC < 70% → 1 − (70% − QC)×5; QC > 80% → 1 + (QC − 80%)×5; otherwise 1."""
    if qc < low:
        return 1 - (low - qc) * slope
    if qc > high:
        return 1 + (qc - high) * slope
    return Decimal(1)


def compute_bonus(
    scheme: Scheme, total: Decimal, coefficient: Decimal, lookup: Callable[[str], Decimal]
) -> BonusResult | None:
    """`lookup(name)` gives an input's value, or an indicator's measured value, by id."""
    b = scheme.bonus
    if b is None:
        return None
    places = scheme.rounding.money

    def base() -> Decimal:
        if b.base_input:
            return lookup(b.base_input)
        assert b.base is not None
        return b.base

    if b.kind == "score_percent":
        raw = mul(base(), total) / HUNDRED
        zh = f"{fmt_plain(base())} × 得分 {fmt(total)}% = {fmt(raw, places)} 元"
        en = f"{fmt_plain(base())} × score {fmt(total)}% = {fmt(raw, places)}"
        parts = {"base": base(), "total": total}
    elif b.kind == "coefficient":
        raw = mul(base(), coefficient)
        zh = f"{fmt_plain(base())} × 考核系数 {fmt_plain(coefficient)} = {fmt(raw, places)} 元"
        en = f"{fmt_plain(base())} × coefficient {fmt_plain(coefficient)} = {fmt(raw, places)}"
        parts = {"base": base(), "coefficient": coefficient}
    elif b.kind == "commission":
        amount, rate_value = lookup(b.amount_input), lookup(b.rate_input)
        tier = next((t for t in b.tiers if t.range.contains(rate_value)), None)
        if tier is None:
            raise KpiError(Finding(code="no-commission-tier", message=f"{fmt_percent(rate_value)} 不在任何提点档次内",
                                   message_en=f"{fmt_percent(rate_value)} falls in no commission tier"))
        raw = mul(amount, tier.rate, total) / HUNDRED
        rate_text = f"{fmt_plain(tier.rate * 1000)}‰"
        zh = (f"成交金额 {fmt(amount)} × 提点 {rate_text}(转化率 {fmt_percent(rate_value)}) × 得分 {fmt(total)} / 100"
              f" = {fmt(raw, places)} 元")
        en = (f"sales {fmt(amount)} × rate {rate_text} (conversion {fmt_percent(rate_value)}) × score {fmt(total)} / 100"
              f" = {fmt(raw, places)}")
        parts = {"amount": amount, "rate": tier.rate, "total": total}
    elif b.kind == "profit_share":
        profit = lookup(b.amount_input)
        assert b.rate is not None
        raw = mul(profit, b.rate, coefficient, b.factor)
        zh = (f"净利润 {fmt(profit)} × {fmt_percent(b.rate)} × 系数 {fmt_plain(coefficient)} × {fmt_plain(b.factor)}"
              f" = {fmt(raw, places)} 元")
        en = (f"net profit {fmt(profit)} × {fmt_percent(b.rate)} × coefficient {fmt_plain(coefficient)} × "
              f"{fmt_plain(b.factor)} = {fmt(raw, places)}")
        parts = {"profit": profit, "rate": b.rate, "coefficient": coefficient, "factor": b.factor}
    elif b.kind == "qc":
        baseline, workload, qc = lookup(b.baseline_input), lookup(b.workload_input), lookup(b.qc_input)
        workload_pay = base() - (baseline - workload) * b.per_unit
        ratio = qc_ratio(qc, b.qc_low, b.qc_high, b.qc_slope)
        raw = mul(workload_pay, ratio)
        zh = (f"工作量绩效 {fmt_plain(base())} − ({fmt_plain(baseline)} − {fmt_plain(workload)}) × {fmt_plain(b.per_unit)}"
              f" = {fmt_plain(workload_pay)};QC {fmt_percent(qc)} → 比例 {fmt_plain(ratio)};"
              f"{fmt_plain(workload_pay)} × {fmt_plain(ratio)} = {fmt(raw, places)} 元")
        en = (f"workload pay {fmt_plain(base())} − ({fmt_plain(baseline)} − {fmt_plain(workload)}) × "
              f"{fmt_plain(b.per_unit)} = {fmt_plain(workload_pay)}; QC {fmt_percent(qc)} → ratio {fmt_plain(ratio)}; "
              f"{fmt_plain(workload_pay)} × {fmt_plain(ratio)} = {fmt(raw, places)}")
        parts = {"workload_pay": workload_pay, "qc_ratio": ratio}
    else:  # the loader refuses other kinds
        raise ValueError(b.kind)
    bounded = clamp(raw, b.min, b.max)
    if bounded != raw:
        zh += f",限定在 {fmt_plain(b.min or Decimal(0))}–{fmt_plain(b.max) if b.max is not None else '∞'} 元 → {fmt(bounded, places)}"
        en += f", bounded → {fmt(bounded, places)}"
    return BonusResult(amount=round_half_up(bounded, places), why=Why(zh=zh, en=en), components=parts)


__all__ = ["compute_bonus", "qc_ratio", "Bonus"]
