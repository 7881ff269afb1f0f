"""The scoring stage: one employee's indicators, sections and total from one workbook row.

Order (documented in docs/scheme-format.md): indicators → section subtotals → section
contributions → key-indicator multiplier → adjustments (加分/扣分, capped) → floor and
ceiling. Grade, vetoes, coefficient and pay are settled later (settle.py), after the team
stage, so that rules over earlier periods and calibration can act before pay. Rounding half
up to `scheme.rounding.points` at: indicator points, weighted points, section contribution,
total. Rates stay exact for band comparison.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from generator.core import expr
from generator.core.findings import Finding, KpiError
from generator.core.numbers import HUNDRED, ZERO, clamp, div, fmt, fmt_beside, fmt_plain, mul, round_half_up
from generator.engine.raters import Combined, combine
from generator.model.results import (
    AdjustmentResult,
    EmployeeInput,
    IndicatorResult,
    ScoredEmployee,
    SectionResult,
    Why,
)
from generator.rules import score
from generator.rules.common import edges_of
from generator.rules.deductions import progressive_total
from generator.rules.levels import score_direct, score_levels
from generator.scheme import model as m


def _missing(row: EmployeeInput, name: str, what: str) -> KpiError:
    return KpiError(Finding(code="missing-value", message=f"{row.employee.name}({row.employee.id}):缺少 {what}",
                            message_en=f"{row.employee.name} ({row.employee.id}): {what} is missing",
                            value="", cell=name))


def _need(row: EmployeeInput, scheme: m.Scheme, name: str) -> Decimal:
    value = row.values.get(name)
    if value is None:
        try:
            label = scheme.input(name).name
        except KeyError:
            label = name
        raise _missing(row, name, label)
    return value


# Units as schemes write them, for English reports.
UNIT_EN = {"秒": "s", "分钟": "min", "小时": "h", "次": "times", "天": "days", "元": "CNY", "人": "people",
           "个": "", "笔": "orders", "条": "items", "项": "items", "分": "points", "单": "orders", "通": "calls"}


def unit_en(unit: str) -> str:
    return UNIT_EN.get(unit, unit)


def measure(scheme: m.Scheme, ind: m.Indicator, row: EmployeeInput) -> tuple[Decimal | None, Why, Combined | None]:
    """The indicator's measured value, how it is shown (zh/en), and (for raters) how it was combined."""
    src = ind.value
    if src is None:
        return None, Why(""), None
    unit = ind.unit if ind.unit and not src.percent else ""
    if src.kind == "input":
        v = _need(row, scheme, src.input)
    elif src.kind == "ratio":
        num, den = _need(row, scheme, src.numerator), _need(row, scheme, src.denominator)
        if den == 0:
            raise KpiError(Finding(code="zero-denominator",
                                   message=f"{row.employee.name}:{scheme.input(src.denominator).name} 为 0,无法计算{ind.name}",
                                   message_en=f"{row.employee.name}: {src.denominator} is 0, {ind.id} cannot be computed"))
        v = div(num, den)
    elif src.kind == "expr":
        names = src.inputs()
        try:
            v = expr.evaluate(src.expr, {n: _need(row, scheme, n) for n in names})
        except ZeroDivisionError:
            raise KpiError(Finding(code="zero-denominator", message=f"{row.employee.name}:无法计算{ind.name}(除数为 0)",
                                   message_en=f"{row.employee.name}: {ind.id} divides by zero")) from None
    else:
        transform = None
        if isinstance(ind.rule, m.LevelsRule):
            levels = ind.rule
            transform = lambda level: score_levels(levels, level).points  # noqa: E731
        combined = combine(ind.id, scheme.raters, row.values, transform)
        shown = fmt(combined.value, scheme.rounding.points)
        return combined.value, Why(shown, shown), combined
    # Shown beside the rule's working: never rounded across one of the rule's edges.
    edges = edges_of(ind.rule, v)
    if src.percent:
        return v, Why(fmt_beside(v, edges, True), fmt_beside(v, edges, True)), None
    number = fmt_beside(v, edges)
    return v, Why(f"{number} {unit}".strip(), f"{number} {unit_en(unit)}".strip()), None


def _indicator(scheme: m.Scheme, section: m.Section, ind: m.Indicator, row: EmployeeInput,
               raters: dict[str, Why]) -> IndicatorResult:
    places = scheme.rounding.points
    value, shown, combined = measure(scheme, ind, row)
    if combined is not None:
        raters[ind.id] = combined.why
    if combined is not None and isinstance(ind.rule, m.LevelsRule):
        assert value is not None  # each rater's level was turned into points before weighting
        scored = score_direct(ind.max_points, value)
    else:
        labels = {i.id: (i.name, i.name_en or i.id) for i in scheme.inputs if i.id in ind.inputs()}
        scored = score(ind, value, row.values, labels)
    points = round_half_up(scored.points, places)
    weighted = round_half_up(div(mul(points, ind.weight), ind.max_points), places)
    used = {name: row.values.get(name) for name in ind.inputs()}
    if isinstance(ind.rule, (m.DeductionsRule, m.ProgressiveRule)):
        items = [(scheme.input(k), fmt_plain(v or ZERO)) for k, v in used.items()]
        shown = Why("、".join(f"{i.name} {n}" for i, n in items), ", ".join(f"{i.name_en or i.id} {n}" for i, n in items))
    return IndicatorResult(id=ind.id, name=ind.name, name_en=ind.name_en, section=section.id, inputs=used, value=value,
                           value_text=shown.zh, value_text_en=shown.en, applied=scored.applied, points=points,
                           max_points=ind.max_points, weight=ind.weight, weighted=weighted,
                           rater_points=combined.points if combined is not None else ())


def _adjustment(adj: m.Adjustment, row: EmployeeInput) -> AdjustmentResult:
    count = row.values.get(adj.input) or ZERO
    if adj.progressive is not None:
        p = adj.progressive
        raw = -progressive_total(count, p.free, p.first, p.step)
        zh = f"{fmt_plain(count)} 次,前 {p.free} 次不扣,此后依次扣 {fmt_plain(p.first)}、{fmt_plain(p.first + p.step)}…"
        en = f"{fmt_plain(count)} times, first {p.free} free, then −{fmt_plain(p.first)}, −{fmt_plain(p.first + p.step)}…"
    else:
        raw = count * adj.points
        zh = f"{fmt_plain(count)} 次 × {fmt_plain(adj.points)} 分"
        en = f"{fmt_plain(count)} × {fmt_plain(adj.points)} points"
    points = raw
    if adj.cap is not None and abs(raw) > adj.cap:
        points = adj.cap if raw > 0 else -adj.cap
        zh += f",本项上限 {fmt_plain(adj.cap)} 分"
        en += f", item capped at {fmt_plain(adj.cap)}"
    zh += f" = {'+' if points > 0 else ''}{fmt_plain(points)}"
    en += f" = {'+' if points > 0 else ''}{fmt_plain(points)}"
    return AdjustmentResult(id=adj.id, name=adj.name, name_en=adj.name_en, count=count, points=points,
                            why=Why(zh=zh, en=en))


def _adjustments_total(scheme: m.Scheme, items: list[AdjustmentResult]) -> tuple[Decimal, list[str], list[str]]:
    plus = sum((a.points for a in items if a.points > 0), ZERO)
    minus = -sum((a.points for a in items if a.points < 0), ZERO)
    notes_zh, notes_en = [], []
    if scheme.bonus_cap is not None and plus > scheme.bonus_cap:
        notes_zh.append(f"加分合计 {fmt_plain(plus)} 超过上限,按 {fmt_plain(scheme.bonus_cap)} 计")
        notes_en.append(f"bonus points {fmt_plain(plus)} capped at {fmt_plain(scheme.bonus_cap)}")
        plus = scheme.bonus_cap
    if scheme.deduction_cap is not None and minus > scheme.deduction_cap:
        notes_zh.append(f"扣分合计 {fmt_plain(minus)} 超过上限,按 {fmt_plain(scheme.deduction_cap)} 计")
        notes_en.append(f"deductions {fmt_plain(minus)} capped at {fmt_plain(scheme.deduction_cap)}")
        minus = scheme.deduction_cap
    return plus - minus, notes_zh, notes_en


def score_employee(scheme: m.Scheme, row: EmployeeInput) -> ScoredEmployee:
    """The scoring stage for one employee: everything up to the bounded total, nothing that depends on the team."""
    places = scheme.rounding.points
    raters: dict[str, Why] = {}
    indicators: list[IndicatorResult] = []
    sections: list[SectionResult] = []
    for section in scheme.sections:
        results = [_indicator(scheme, section, ind, row, raters) for ind in section.indicators]
        indicators += results
        subtotal = sum((r.weighted for r in results), ZERO)
        contribution = round_half_up(mul(subtotal, section.weight) / HUNDRED, places)
        sections.append(SectionResult(id=section.id, name=section.name, name_en=section.name_en,
                                      weight=section.weight, subtotal=subtotal, weighted=contribution,
                                      in_total=section.in_total))
    # companion sections (in_total: false) are scored for a pay item; they add nothing to the total
    counted = [r for r, sec in zip(sections, scheme.sections, strict=True) if sec.in_total]
    base_total = sum((s.weighted for s in counted), ZERO)
    steps_zh = [" + ".join(f"{s.name} {fmt(s.weighted, places)}" for s in counted) + f" = {fmt(base_total, places)}"]
    steps_en = [" + ".join(f"{s.name_en or s.id} {fmt(s.weighted, places)}" for s in counted)
                + f" = {fmt(base_total, places)}"]

    total = base_total
    multiplier = None
    if scheme.multiplier is not None:
        key = _need(row, scheme, scheme.multiplier.input)
        multiplier = div(key, scheme.multiplier.divisor)
        total = round_half_up(mul(base_total, multiplier), places)
        steps_zh.append(f"× {scheme.multiplier.name} {fmt_plain(multiplier)} = {fmt(total, places)}")
        steps_en.append(f"× {scheme.multiplier.name_en} {fmt_plain(multiplier)} = {fmt(total, places)}")

    adjustments = [_adjustment(a, row) for a in scheme.adjustments]
    adj_total, notes_zh, notes_en = _adjustments_total(scheme, adjustments)
    if adjustments:
        total = total + adj_total
        sign = "+" if adj_total >= 0 else "−"
        steps_zh.append(f"{sign} 加扣分 {fmt_plain(abs(adj_total))}" + (f"({';'.join(notes_zh)})" if notes_zh else "")
                        + f" = {fmt(total, places)}")
        steps_en.append(f"{sign} adjustments {fmt_plain(abs(adj_total))}" + (f" ({'; '.join(notes_en)})" if notes_en else "")
                        + f" = {fmt(total, places)}")
    bounded = clamp(total, scheme.total_min, scheme.total_max)
    if bounded != total:
        edge_zh = "满分" if bounded == scheme.total_max else "最低分"
        steps_zh.append(f"超出范围,按{edge_zh} {fmt(bounded, places)} 计")
        steps_en.append(f"outside the range, counted as {fmt(bounded, places)}")
    return ScoredEmployee(
        employee=row.employee, indicators=tuple(indicators), sections=tuple(sections), base_total=base_total,
        multiplier=multiplier, adjustments=tuple(adjustments), total=round_half_up(bounded, places),
        total_why=Why(zh=";".join(steps_zh), en="; ".join(steps_en)), values=dict(row.values), raters=raters,
        comment=row.comment, row=row.row,
    )


def values_of(data: Mapping[str, object]) -> dict[str, Decimal | None]:
    """Test and script helper: {'a': '0.95', 'b': 3, 'c': None} → Decimals."""
    from generator.core.numbers import D

    return {k: (None if v is None else D(v)) for k, v in data.items()}
