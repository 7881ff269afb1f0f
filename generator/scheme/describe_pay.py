"""Pay in words (`kpi-report schemes show`): the `bonus:` formula, every `pay:` item and the constants.

Split from describe.py by concept; the helpers it shares (_t, _n, band_words …) live there.
"""

from __future__ import annotations

from decimal import Decimal

from generator.core.numbers import fmt_plain
from generator.scheme import model as m


def bonus_words(scheme: m.Scheme, lang: str = "zh") -> list[str]:
    """The `bonus:` shorthand's formula ([] for a scheme with `pay:` items or none)."""
    if scheme.bonus is None:
        return []
    return formula_words(scheme, scheme.bonus, lang)


def formula_words(scheme: m.Scheme, b: m.Bonus, lang: str = "zh", score: tuple[str, str] = ("得分", "score"),
                  total: tuple[str, str] = ("总分", "total"), word: tuple[str, str] = ("奖金", "bonus")) -> list[str]:
    """One pay formula in words; `score`/`total`/`word` name what it reads and what it pays."""
    from generator.scheme.describe import _n, _pct, _t, band_words, input_name

    sz, se = score
    tz, te = total
    wz, we = word

    def ref(name: str, const: Decimal | None) -> str:
        if name:
            measured = {i.id: i for _, i in scheme.indicators()}
            if name in measured:
                return (measured[name].name_en or name) if lang == "en" else measured[name].name
            if name in scheme.constants:
                return f"{name} {_n(scheme.constants[name])}"
            return input_name(scheme, name, lang)
        return _n(const)

    base = ref(b.base_input, b.base)
    if b.kind == "score_percent":
        line = _t(lang, f"{wz} = {base} × {sz}%(如 50 分 → {base} × 50%)", f"{we} = {base} × {se}% (50 points → {base} × 50%)")
    elif b.kind == "coefficient":
        line = _t(lang, f"{wz} = {base} × 考核系数", f"{we} = {base} × coefficient")
    elif b.kind == "commission":
        line = _t(lang, f"{wz} = {ref(b.amount_input, None)} × 提点比例 × {tz} ÷ 100;提点比例按{ref(b.rate_input, None)}:",
                  f"{we} = {ref(b.amount_input, None)} × rate × {te} ÷ 100; rate by {ref(b.rate_input, None)}:")
        line += "; ".join(f"{band_words(t.range, 'X', True)} → {fmt_plain(t.rate * 1000)}‰" for t in b.tiers)
    elif b.kind == "profit_share":
        line = _t(lang, f"{wz} = {ref(b.amount_input, None)} × {_pct(b.rate or Decimal(0))} × 考核系数 × {_n(b.factor)}",
                  f"{we} = {ref(b.amount_input, None)} × {_pct(b.rate or Decimal(0))} × coefficient × {_n(b.factor)}")
    else:
        qc, low, high, k = ref(b.qc_input, None), _pct(b.qc_low), _pct(b.qc_high), _n(b.qc_slope)
        line = _t(
            lang,
            f"工作量绩效 = {base} − ({ref(b.baseline_input, None)} − {ref(b.workload_input, None)}) × {_n(b.per_unit)};"
            f"{wz} = 工作量绩效 × QC比例;QC < {low}:1 − ({low} − QC) × {k};QC > {high}:1 + (QC − {high}) × {k};其余为 1"
            f"(QC 即{qc})",
            f"workload pay = {base} − ({ref(b.baseline_input, None)} − {ref(b.workload_input, None)}) × {_n(b.per_unit)}; "
            f"{we} = workload pay × QC ratio; QC < {low}: 1 − ({low} − QC) × {k}; QC > {high}: 1 + (QC − {high}) × {k}; "
            f"otherwise 1 (QC is {qc})",
        )
    lines = [line]
    if b.max is not None:
        lines.append(_t(lang, f"{wz}限定在 {_n(b.min) or '0'}–{_n(b.max)} 元", f"bounded to {_n(b.min) or '0'}–{_n(b.max)}"))
    elif b.min is not None:
        lines.append(_t(lang, f"{wz}不低于 {_n(b.min)} 元", f"never below {_n(b.min)}"))
    lines.append(_t(lang, f"金额四舍五入到 {scheme.rounding.money} 位小数(分)", f"rounded half up to {scheme.rounding.money} decimals"))
    return lines


def pay_words(scheme: m.Scheme, lang: str = "zh") -> list[str]:
    """Every `pay:` item: its name, what its score is, its formula; then that the items add up."""
    from generator.scheme.describe import _t

    if scheme.bonus is not None or not scheme.pay:
        return []
    sections = {s.id: s for s in scheme.sections}
    lines: list[str] = []
    for item in scheme.pay:
        name = (item.name_en or item.id) if lang == "en" else item.name
        if item.score_kind == "section":
            sec = sections[item.score_ref]
            score = (f"{sec.name}得分", f"{sec.name_en or sec.id} score")
        elif item.score_kind == "input":
            score = (f"{item.score_ref} 得分", f"{item.score_ref} score")
        else:
            score = ("得分", "score")
        total = score if item.score_kind != "total" else ("总分", "total")
        lines.append(f"{name} [{item.id}]")
        lines += ["    " + w for w in formula_words(scheme, item.formula, lang, score, total, (item.name, name))
                  if not w.startswith(("金额四舍五入", "rounded half up"))]
    if len(scheme.pay) > 1:
        lines.append(_t(lang, "以上各项相加即本期工资项合计", "the items above add up to the period's pay"))
    lines.append(_t(lang, f"金额四舍五入到 {scheme.rounding.money} 位小数(分)",
                    f"rounded half up to {scheme.rounding.money} decimals"))
    return lines


def constant_words(scheme: m.Scheme) -> list[str]:
    from generator.scheme.describe import _n

    return [f"{k} = {_n(v)}" for k, v in scheme.constants.items()]
