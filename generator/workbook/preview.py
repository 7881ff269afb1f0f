"""The template's live preview total: an Excel formula built from the scheme.

It is for the manager's convenience while filling in; the tool never reads it as a result.
It mirrors the engine's order and rounding (ROUND is half away from zero, which is half up
for the non-negative points involved). A value source or rule that has no faithful formula
(none among the built-in rule kinds today) gives None: the preview stays empty rather than wrong.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from decimal import Decimal

from generator.core import expr
from generator.core.numbers import fmt_plain
from generator.scheme import model as m
from generator.scheme.intervals import Interval


class _NoFormula(Exception):
    pass


def _n(value: Decimal) -> str:
    return fmt_plain(value)


def _cond(iv: Interval, v: str) -> str:
    parts = []
    if iv.low is not None:
        parts.append(f"{v}{'>=' if iv.low_closed else '>'}{_n(iv.low)}")
    if iv.high is not None:
        parts.append(f"{v}{'<=' if iv.high_closed else '<'}{_n(iv.high)}")
    if not parts:
        return "TRUE"
    return parts[0] if len(parts) == 1 else f"AND({','.join(parts)})"


def _rater_value(scheme: m.Scheme, ind: m.Indicator, cell: Callable[[str], str],
                 each: Callable[[str], str] | None = None) -> str:
    """`each` turns one rater's cell into points first (a level → 4/8/…/20), as the engine does."""
    present: dict[str, str] = {}
    average: dict[str, str] = {}
    for r in scheme.raters:
        cells = [cell(m.rater_key(ind.id, r.id, n if r.count > 1 else 0)) for n in range(1, r.count + 1)]
        refs = ",".join(cells)
        present[r.id] = f"(COUNT({refs})>0)"
        if each is None:
            average[r.id] = f"IF(COUNT({refs})>0,AVERAGE({refs}),0)"
        else:
            summed = "+".join(f"IF(ISNUMBER({c}),{each(c)},0)" for c in cells)
            average[r.id] = f"IF(COUNT({refs})>0,({summed})/COUNT({refs}),0)"
    num, den = [], []
    for r in scheme.raters:
        # A missing rater's weight moves to its give_to rater when that one scored (engine: raters.combine).
        weight = _n(r.weight) + "".join(
            f"+{_n(o.weight)}*(1-{present[o.id]})" for o in scheme.raters if o.give_to == r.id
        )
        num.append(f"({weight})*{average[r.id]}*{present[r.id]}")
        den.append(f"({weight})*{present[r.id]}")
    return f"(({'+'.join(num)})/({'+'.join(den)}))"


def _value(scheme: m.Scheme, ind: m.Indicator, cell: Callable[[str], str]) -> str:
    src = ind.value
    assert src is not None
    if src.kind == "input":
        ref = cell(src.input)
        if scheme.input(src.input).kind is m.InputKind.PERCENT:
            # 95 typed in a General cell means 95%; in a cell formatted as % the value is already a fraction.
            return f'IF(AND({ref}>1,LEFT(CELL("format",{ref}),1)<>"P"),{ref}/100,{ref})'
        return ref
    if src.kind == "ratio":
        return f"({cell(src.numerator)}/{cell(src.denominator)})"
    if src.kind == "raters":
        return _rater_value(scheme, ind, cell)
    if src.kind == "expr":
        return f"({_excel_expr(expr.parse(src.expr).body, cell)})"
    raise _NoFormula


_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _excel_expr(node: ast.AST, cell: Callable[[str], str]) -> str:
    """The safe formula language (generator/expr.py) as Excel: names → cells, abs/min/max → ABS/MIN/MAX."""
    if isinstance(node, ast.Constant):
        return repr(node.value)
    if isinstance(node, ast.Name):
        return cell(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return f"({'-' if isinstance(node.op, ast.USub) else '+'}{_excel_expr(node.operand, cell)})"
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return f"({_excel_expr(node.left, cell)}{_OPS[type(node.op)]}{_excel_expr(node.right, cell)})"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("abs", "min", "max"):
        return f"{node.func.id.upper()}({','.join(_excel_expr(a, cell) for a in node.args)})"
    raise _NoFormula


def _progressive(count: str, free: int, first: Decimal, step: Decimal) -> str:
    extra = f"MAX(INT({count})-{free},0)"
    return f"({extra}*{_n(first)}+{_n(step)}*{extra}*({extra}-1)/2)"


def _level_points(rule: m.LevelsRule, ref: str) -> str:
    """The level in `ref` as its points: IF(ref=1,4,IF(ref=2,8,…,0))."""
    expr = "0"
    for level, pts in reversed(rule.points):
        expr = f"IF({ref}={level},{_n(pts)},{expr})"
    return expr


def _points(scheme: m.Scheme, ind: m.Indicator, cell: Callable[[str], str]) -> str:
    rule, top = ind.rule, _n(ind.max_points)
    if isinstance(rule, m.DeductionsRule):
        total = "+".join(f"{cell(i.input)}*{_n(i.points)}" if i.cap is None
                         else f"MIN({_n(i.cap)},{cell(i.input)}*{_n(i.points)})" for i in rule.items)
        deducted = f"MIN({_n(rule.cap)},{total})" if rule.cap is not None else f"({total})"
        return f"MAX({top}-{deducted},{_n(rule.floor)})"
    if isinstance(rule, m.ProgressiveRule):
        deducted = _progressive(cell(rule.input), rule.free, rule.first, rule.step)
        if rule.cap is not None:
            deducted = f"MIN({_n(rule.cap)},{deducted})"
        return f"MAX({top}-{deducted},{_n(rule.floor)})"
    if isinstance(rule, m.LevelsRule) and ind.value is not None and ind.value.kind == "raters":
        levels = rule  # each rater's level becomes points before weighting, as the engine does
        return _rater_value(scheme, ind, cell, lambda ref: _level_points(levels, ref))
    v = _value(scheme, ind, cell)
    if isinstance(rule, m.BandsRule):
        expr = "0"
        for band in reversed(rule.bands):
            expr = f"IF({_cond(band.range, v)},{_n(band.points)},{expr})"
        return expr
    if isinstance(rule, m.LevelsRule):
        return _level_points(rule, v)
    if isinstance(rule, m.LinearRule):
        gap = f"({v}-{_n(rule.target)})" if rule.direction is m.Direction.HIGHER else f"({_n(rule.target)}-{v})"

        def steps(d: str) -> str:
            # ROUND(…, 9) first: 0.95−0.90 is 0.0499999… in binary and must still be 5 whole steps.
            return f"ROUND({d}/{_n(rule.step)},9)" if rule.partial else f"INT(ROUND({d}/{_n(rule.step)},9))"

        raw = (f"IF({gap}<0,{top}-{steps(f'(-{gap})')}*{_n(rule.below)},"
               f"IF({gap}>0,{top}+{steps(gap)}*{_n(rule.above)},{top}))")
        cap = _n(rule.cap if rule.cap is not None else ind.max_points)
        return f"MIN(MAX({raw},{_n(rule.floor)}),{cap})"
    if isinstance(rule, m.ProportionalRule):
        cap = _n(rule.cap if rule.cap is not None else ind.max_points)
        prop = f"MIN({v}*{top},{cap})"
        if rule.floor_below is not None:
            return f"IF({v}<{_n(rule.floor_below)},{_n(rule.floor_points)},{prop})"
        return prop
    return f"MIN(MAX({v},0),{top})"


def _adjustment(adj: m.Adjustment, cell: Callable[[str], str]) -> str:
    count = cell(adj.input)
    if adj.progressive is not None:
        p = adj.progressive
        raw = f"(-{_progressive(count, p.free, p.first, p.step)})"
    else:
        raw = f"({count}*{_n(adj.points)})"
    if adj.cap is not None:
        raw = f"MAX(-{_n(adj.cap)},MIN({_n(adj.cap)},{raw}))"
    return raw


def total_formula(scheme: m.Scheme, cell: Callable[[str], str]) -> str | None:
    """The preview formula for one row (`cell(key)` → 'F7'), or None when it cannot be faithful."""
    places = scheme.rounding.points
    try:
        contributions = []
        for section in scheme.scored_sections():  # companions (in_total: false) add nothing
            weighted = [f"ROUND(ROUND({_points(scheme, ind, cell)},{places})*{_n(ind.weight)}/{_n(ind.max_points)},{places})"
                        for ind in section.indicators]
            contributions.append(f"ROUND(({'+'.join(weighted)})*{_n(section.weight)}/100,{places})")
    except _NoFormula:
        return None
    total = f"({'+'.join(contributions)})"
    if scheme.multiplier is not None:
        total = f"ROUND({total}*{cell(scheme.multiplier.input)}/{_n(scheme.multiplier.divisor)},{places})"
    if scheme.adjustments:
        items = [_adjustment(a, cell) for a in scheme.adjustments]
        plus = "+".join(f"MAX({i},0)" for i in items)
        minus = "+".join(f"MAX(-{i},0)" for i in items)
        if scheme.bonus_cap is not None:
            plus = f"MIN({plus},{_n(scheme.bonus_cap)})"
        if scheme.deduction_cap is not None:
            minus = f"MIN({minus},{_n(scheme.deduction_cap)})"
        total = f"({total}+({plus})-({minus}))"
    total = f"MAX({total},{_n(scheme.total_min)})"
    if scheme.total_max is not None:
        total = f"MIN({total},{_n(scheme.total_max)})"
    total = f"ROUND({total},{places})"
    required = [cell(c.key) for c in scheme.columns() if c.required]
    guard = f"COUNT({','.join(required)})<{len(required)}" if required else "FALSE"
    return f'=IF({guard},"",IFERROR({total},""))'


# A numeric constant: not part of a cell reference (A12), a name (KPI_2) or another number.
_NUMBER = re.compile(r"(?<![A-Z0-9_.])(?:\d+\.?\d*|\.\d+)(?:E[+-]?\d+)?")
CONSTANT_TOLERANCE = Decimal("1e-12")  # relative: far below any rate or weight a scheme writes


def same_formula(a: str, b: str) -> bool:
    """Formulas equal by meaning: up to spacing, case, absolute-reference dollars, and numeric
    constants written differently (Gnumeric's ssconvert saves 0.75 as 0.7499999999999999999,
    and a client may write 0.5 as .5 or 5E-1), compared with a tiny relative tolerance."""

    def norm(s: str) -> str:
        return s.lstrip("=").replace(" ", "").replace("$", "").upper()

    x, y = norm(a), norm(b)
    if x == y:
        return True
    if _NUMBER.sub("#", x) != _NUMBER.sub("#", y):
        return False
    for p, q in zip(_NUMBER.findall(x), _NUMBER.findall(y), strict=True):
        u, v = Decimal(p), Decimal(q)
        if abs(u - v) > CONSTANT_TOLERANCE * max(Decimal(1), abs(u), abs(v)):
            return False
    return True
