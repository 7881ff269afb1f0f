"""Sections, indicators, value sources and scoring rules of a scheme file."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator.scheme import model as m
from generator.scheme.intervals import Interval, coverage_problems
from generator.scheme.reading import (
    HUNDRED,
    _Bad,
    _Builder,
    _check_weights,
    _complete,
    boolean,
    ident,
    interval,
    number,
    text,
    whole,
)
from generator.scheme.yamlsrc import Node


def _section(b: _Builder, n: Any) -> m.Section:
    n = b.keys(n, {"id", "name", "name_en", "weight", "indicators", "in_total"}, "考核部分")
    sid = b.req(n, "id", ident, "考核部分")
    indicators = b.each(n.get("indicators"), lambda x: _indicator(b, x), f"{sid}.indicators", n.line_of("indicators"))
    if not indicators:
        b.problem(n.line, "scheme-no-indicators", f"考核部分 {sid} 没有指标", f"section {sid} has no indicators")
    if _complete(n.get("indicators"), indicators):
        _check_weights(b, [(i.weight, i.line) for i in indicators], f"考核部分 {sid} 内各指标", f"indicators of {sid}",
                       n.line_of("indicators"))
    in_total = b.opt(n, "in_total", boolean, sid, True)
    # a companion section adds nothing to the total: its weight only scales its own score (100 unless given)
    weight = b.req(n, "weight", number, sid) if in_total else b.opt(n, "weight", number, sid, HUNDRED)
    return m.Section(id=sid, name=b.req(n, "name", text, sid), weight=weight, indicators=tuple(indicators),
                     name_en=b.opt(n, "name_en", text, sid, ""), line=n.line, in_total=in_total)


def _value(b: _Builder, v: Any, where: str, line: int) -> m.ValueSource:
    if v == "raters":
        return m.ValueSource(kind="raters")
    n = b.keys(v, {"input", "ratio", "expr", "raters", "percent"}, f"{where}.value", line)
    percent = b.opt(n, "percent", boolean, where, False)
    given = [k for k in ("input", "ratio", "expr", "raters") if k in n]
    if len(given) != 1:
        b.problem(n.line, "scheme-bad-value", f"{where} 的 value 需要且只需要 input / ratio / expr / raters 之一",
                  f"{where}: value needs exactly one of input, ratio, expr, raters")
        raise _Bad
    if "input" in n:
        return m.ValueSource(kind="input", input=b.req(n, "input", ident, where), percent=percent)
    if "ratio" in n:
        pair = b.req(n, "ratio", lambda x: [ident(i) for i in x], where)
        if len(pair) != 2:
            b.problem(n.line_of("ratio"), "scheme-bad-value", f"{where} 的 ratio 需写成 [分子, 分母]",
                      f"{where}: ratio is [numerator, denominator]")
            raise _Bad
        return m.ValueSource(kind="ratio", numerator=pair[0], denominator=pair[1], percent=percent)
    if "expr" in n:
        from generator.core.expr import parse, substitute

        expr = b.req(n, "expr", text, where)
        b.conv(n, "expr", lambda e: parse(text(e)), where)
        if b.constants:
            expr = substitute(expr, b.constants)
        return m.ValueSource(kind="expr", expr=expr, percent=percent)
    return m.ValueSource(kind="raters", percent=percent)


RULE_KEYS = {
    "bands": {"kind", "direction", "bands"},
    "linear": {"kind", "target", "step", "below", "above", "partial", "floor", "cap", "direction"},
    "proportional": {"kind", "floor_below", "floor_points", "cap"},
    "deductions": {"kind", "items", "floor", "cap"},
    "progressive": {"kind", "input", "free", "first", "step", "floor", "cap"},
    "levels": {"kind", "points"},
    "direct": {"kind"},
}


def _rule(b: _Builder, n: Any, where: str, max_points: Decimal) -> m.Rule:
    if not isinstance(n, Node) or "kind" not in n:
        b.problem(getattr(n, "line", 0), "scheme-missing-key", f"{where} 的 rule 缺少 kind",
                  f"{where}: rule needs a kind", hint="kind 可为: " + ", ".join(RULE_KEYS))
        raise _Bad
    kind = str(n["kind"])
    if kind not in RULE_KEYS:
        b.problem(n.line_of("kind"), "scheme-unknown-rule", f"{where} 的计分规则 “{kind}” 不存在",
                  f"{where}: unknown rule kind {kind!r}", hint="可用: " + ", ".join(RULE_KEYS))
        raise _Bad
    b.keys(n, RULE_KEYS[kind], f"{where}.rule")
    direction = b.opt(n, "direction", lambda v: m.Direction(text(v)), where, m.Direction.HIGHER)
    if kind == "bands":
        bands = b.each(n.get("bands"), lambda x: _band(b, x, where), f"{where}.bands", n.line_of("bands"))
        for band in bands:
            if not Decimal(0) <= band.points <= max_points:
                b.problem(n.line_of("bands"), "scheme-band-points",
                          f"{where}: 分数段 {band.range.text()} 的分值 {band.points} 超出 0–{max_points}",
                          f"{where}: band {band.range.text()} gives {band.points}, outside 0–{max_points}")
        ordered = sorted(bands, key=lambda x: (x.range.low is not None, x.range.low or 0))
        pts = [x.points for x in ordered]
        monotone = pts == sorted(pts) if direction is m.Direction.HIGHER else pts == sorted(pts, reverse=True)
        if not monotone:
            b.problem(n.line_of("bands"), "scheme-band-direction",
                      f"{where}: 分值与方向 {direction.value} 不一致(数值越好分数应越高)",
                      f"{where}: band points do not follow direction {direction.value}")
        return m.BandsRule(bands=tuple(bands), direction=direction)
    if kind == "linear":
        return m.LinearRule(target=b.req(n, "target", number, where), step=b.req(n, "step", number, where),
                            below=b.req(n, "below", number, where), above=b.opt(n, "above", number, where, Decimal(0)),
                            partial=b.opt(n, "partial", boolean, where, False),
                            floor=b.opt(n, "floor", number, where, Decimal(0)), cap=b.opt(n, "cap", number, where),
                            direction=direction)
    if kind == "proportional":
        return m.ProportionalRule(floor_below=b.opt(n, "floor_below", number, where),
                                  floor_points=b.opt(n, "floor_points", number, where, Decimal(0)),
                                  cap=b.opt(n, "cap", number, where))
    if kind == "deductions":
        def item(x: Any) -> m.DeductionItem:
            x = b.keys(x, {"input", "points", "name", "cap"}, f"{where}.items")
            return m.DeductionItem(input=b.req(x, "input", ident, where), points=b.req(x, "points", number, where),
                                   name=b.opt(x, "name", text, where, ""), cap=b.opt(x, "cap", number, where))

        items = b.each(n.get("items"), item, f"{where}.items", n.line_of("items"))
        if not items:
            b.problem(n.line, "scheme-missing-key", f"{where} 的扣分规则缺少 items", f"{where}: deductions need items")
        return m.DeductionsRule(items=tuple(items), floor=b.opt(n, "floor", number, where, Decimal(0)),
                                cap=b.opt(n, "cap", number, where))
    if kind == "progressive":
        return _progressive(b, n, where)
    if kind == "levels":
        def level_points(v: Any) -> tuple[tuple[int, Decimal], ...]:
            if not isinstance(v, dict):
                raise ValueError("write levels as {1: 4, 2: 8, …}")
            # mapping keys arrive as text (see yamlsrc): "1" → 1
            return tuple(sorted((int(str(k)), number(p)) for k, p in v.items()))

        pairs = b.req(n, "points", level_points, where)
        for level, points in pairs:
            if not Decimal(0) <= points <= max_points:
                b.problem(n.line_of("points"), "scheme-band-points", f"{where}: 等级 {level} 的分值 {points} 超出 0–{max_points}",
                          f"{where}: level {level} gives {points}, outside 0–{max_points}")
        return m.LevelsRule(points=pairs)
    return m.DirectRule()


def _progressive(b: _Builder, n: Node, where: str) -> m.ProgressiveRule:
    return m.ProgressiveRule(input=b.req(n, "input", ident, where), free=b.opt(n, "free", whole, where, 0),
                             first=b.req(n, "first", number, where), step=b.opt(n, "step", number, where, Decimal(0)),
                             floor=b.opt(n, "floor", number, where, Decimal(0)), cap=b.opt(n, "cap", number, where))


def _band(b: _Builder, x: Any, where: str) -> m.Band:
    if isinstance(x, list) and len(x) == 2:
        try:
            return m.Band(range=interval(x[0]), points=number(x[1]))
        except (ValueError, ArithmeticError) as exc:
            b.problem(getattr(x, "line", 0), "scheme-bad-value", f"{where}: 分数段无法识别: {exc}", f"{where}: bad band: {exc}")
            raise _Bad from None
    x = b.keys(x, {"range", "points", "label"}, f"{where}.bands")
    return m.Band(range=b.req(x, "range", interval, where), points=b.req(x, "points", number, where),
                  label=b.opt(x, "label", text, where, ""))


def _indicator(b: _Builder, n: Any) -> m.Indicator:
    n = b.keys(n, {"id", "name", "name_en", "unit", "weight", "max_points", "value", "rule", "description"}, "指标")
    iid = b.req(n, "id", ident, "指标")
    where = f"指标 {iid}"
    max_points = b.opt(n, "max_points", number, where, HUNDRED)
    value = _value(b, n["value"], where, n.line_of("value")) if n.get("value") is not None else None
    rule = _rule(b, n.get("rule"), where, max_points)
    if isinstance(rule, m.BandsRule) and value is not None and _complete(n["rule"].get("bands"), list(rule.bands)):
        _check_band_coverage(b, rule, value, where, n["rule"].line_of("bands"))
    if value is None and not isinstance(rule, (m.DeductionsRule, m.ProgressiveRule)):
        b.problem(n.line, "scheme-missing-key", f"{where} 缺少 value(数据从哪里来)", f"{where}: missing value")
    return m.Indicator(id=iid, name=b.req(n, "name", text, where), weight=b.req(n, "weight", number, where), rule=rule,
                       value=value, max_points=max_points, name_en=b.opt(n, "name_en", text, where, ""),
                       unit=b.opt(n, "unit", text, where, ""), description=b.opt(n, "description", text, where, ""),
                       line=n.line)


def _check_band_coverage(b: _Builder, rule: m.BandsRule, value: m.ValueSource, where: str, line: int) -> None:
    """Every value the indicator can take must fall in exactly one band (open/closed edges matter)."""
    low, high = Decimal(0), None  # rates, counts and seconds start at 0; ratios have no upper end
    if value.kind == "input" and value.input in b.inputs:
        item = b.inputs[value.input]
        low = item.min if item.min is not None else low
        high = item.max
    domain = Interval(low, True, high, high is not None)
    for p in coverage_problems([band.range for band in rule.bands], domain):
        b.problem(line, "scheme-bands", f"{where}: 分数段有重叠或空档: {p}", f"{where}: bands overlap or leave a gap: {p}",
                  hint="相邻两段在同一个边界上必须一开一闭,例如 [65%, 75%) 与 [75%, +inf)",
                  hint_en="neighbouring bands must share each edge, closed on exactly one side: [65%, 75%) and [75%, +inf)")


