"""Pay formulas (see `Bonus` and `PayDef` in scheme/model.py). Exact until the final rounding to the fen.

A scheme pays a list of items (`pay:`; `bonus:` is the one item "bonus"). Each item's formula reads
"the score" from its own source: the total, a section's subtotal (a companion section's, 000 售前
KPI得分) or an input.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from generator.core.findings import Finding, KpiError
from generator.core.numbers import HUNDRED, clamp, fmt, fmt_percent, fmt_plain, mul, round_half_up
from generator.model.results import BonusResult, SectionResult, Why
from generator.scheme.model import Bonus, PayDef, Scheme


def qc_ratio(qc: Decimal, low: Decimal, high: Decimal, slope: Decimal) -> Decimal:
    """003 GS组: QC < 70% → 1 − (70% − QC)×5; QC > 80% → 1 + (QC − 80%)×5; otherwise 1."""
    if qc < low:
        return 1 - (low - qc) * slope
    if qc > high:
        return 1 + (qc - high) * slope
    return Decimal(1)


def _score(item: PayDef, total: Decimal, sections: Sequence[SectionResult],
           lookup: Callable[[str], Decimal]) -> tuple[Decimal, str, str]:
    """The score an item's formula reads, and its words (zh, en) for the working."""
    if item.score_kind == "section":
        sec = next(s for s in sections if s.id == item.score_ref)  # the loader proved it exists
        return sec.subtotal, f"{sec.name}得分", f"{sec.name_en or sec.id} score"
    if item.score_kind == "input":
        return lookup(item.score_ref), f"{item.score_ref} 得分", f"{item.score_ref} score"
    return total, "得分", "score"


def compute_pay(scheme: Scheme, total: Decimal, coefficient: Decimal, lookup: Callable[[str], Decimal],
                sections: Sequence[SectionResult] = ()) -> tuple[tuple[BonusResult, ...], BonusResult | None]:
    """(every pay item, the scheme's pay as one result: its only item, or the sum of several)."""
    items = []
    for item in scheme.pay:
        score, zh_word, en_word = _score(item, total, sections, lookup)
        result = _formula(scheme, item.formula, score, coefficient, lookup, zh_word, en_word)
        items.append(BonusResult(amount=result.amount, why=result.why, components=result.components, id=item.id,
                                 name=item.name, name_en=item.name_en))
    if len(items) <= 1:
        return tuple(items), items[0] if items else None
    places = scheme.rounding.money
    amount = sum((i.amount for i in items), Decimal(0))
    zh = " + ".join(f"{i.name} {fmt(i.amount, places)}" for i in items) + f" = {fmt(amount, places)} 元"
    en = " + ".join(f"{i.name_en or i.id} {fmt(i.amount, places)}" for i in items) + f" = {fmt(amount, places)}"
    total_item = BonusResult(amount=amount, why=Why(zh=zh, en=en), components={i.id: i.amount for i in items},
                             id="pay_total", name="工资项合计", name_en="Pay items total")
    return tuple(items), total_item


def compute_bonus(
    scheme: Scheme, total: Decimal, coefficient: Decimal, lookup: Callable[[str], Decimal]
) -> BonusResult | None:
    """The scheme's pay as one result, reading every score from the total (kept for scripts)."""
    return compute_pay(scheme, total, coefficient, lookup)[1]


def _formula(scheme: Scheme, b: Bonus, total: Decimal, coefficient: Decimal, lookup: Callable[[str], Decimal],
             score_zh: str = "得分", score_en: str = "score") -> BonusResult:
    """One formula; `total` is the score it reads (named score_zh/score_en in the working).
    `lookup(name)` gives an input's value, an indicator's measured value or a constant, by id."""
    places = scheme.rounding.money

    def base() -> Decimal:
        if b.base_input:
            return lookup(b.base_input)
        assert b.base is not None
        return b.base

    if b.kind == "score_percent":
        raw = mul(base(), total) / HUNDRED
        zh = f"{fmt_plain(base())} × {score_zh} {fmt(total)}% = {fmt(raw, places)} 元"
        en = f"{fmt_plain(base())} × {score_en} {fmt(total)}% = {fmt(raw, places)}"
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
        zh = (f"成交金额 {fmt(amount)} × 提点 {rate_text}(转化率 {fmt_percent(rate_value)}) × {score_zh} {fmt(total)}"
              f" / 100 = {fmt(raw, places)} 元")
        en = (f"sales {fmt(amount)} × rate {rate_text} (conversion {fmt_percent(rate_value)}) × {score_en} "
              f"{fmt(total)} / 100 = {fmt(raw, places)}")
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


__all__ = ["compute_bonus", "compute_pay", "qc_ratio", "Bonus"]
