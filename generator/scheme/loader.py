"""Load a scheme YAML file into a `Scheme`, reporting every problem with its line.

The whole file is checked before anything is returned: unknown keys, missing parameters,
weights that do not sum to 100, bands that overlap or leave a gap, references to inputs,
raters or grades that do not exist. All problems come back at once in one KpiError.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..findings import Finding, KpiError, Severity
from ..numbers import parse_percent
from . import model as m
from .intervals import Interval, coverage_problems, parse_bound
from .yamlsrc import Node, load

HUNDRED = Decimal(100)


class _Bad(Exception):
    """A value could not be read; the finding is already recorded."""


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.findings: list[Finding] = []
        self.inputs: dict[str, m.InputDef] = {}  # filled before sections are read: bands need input ranges
        self.rater_lines: dict[str, int] = {}

    # -- reporting -------------------------------------------------------------------
    def problem(self, line: int, code: str, zh: str, en: str, hint: str = "", hint_en: str = "",
                severity: Severity = Severity.ERROR) -> None:
        self.findings.append(Finding(code=code, message=zh, message_en=en, hint=hint, hint_en=hint_en,
                                     file=self.path, line=line, severity=severity))

    # -- reading values -------------------------------------------------------------
    def keys(self, node: Any, allowed: set[str], what: str, line: int = 0) -> Node:
        if not isinstance(node, Node):
            self.problem(getattr(node, "line", line), "scheme-not-mapping",
                         f"{what} 应是一组“键: 值”", f"{what} must be a mapping")
            raise _Bad
        for key in node:
            if key not in allowed:
                self.problem(node.line_of(key), "scheme-unknown-key",
                             f"{what} 中有未知的键 “{key}”", f"unknown key {key!r} in {what}",
                             hint="可用的键: " + ", ".join(sorted(allowed)),
                             hint_en="allowed keys: " + ", ".join(sorted(allowed)))
        return node

    def req(self, node: Node, key: str, conv: Callable[[Any], Any], what: str) -> Any:
        if key not in node or node[key] is None:
            self.problem(node.line, "scheme-missing-key", f"{what} 缺少 “{key}”",
                         f"{what} is missing {key!r}")
            raise _Bad
        return self.conv(node, key, conv, what)

    def opt(self, node: Node, key: str, conv: Callable[[Any], Any], what: str, default: Any = None) -> Any:
        if key not in node or node[key] is None:
            return default
        return self.conv(node, key, conv, what)

    def conv(self, node: Node, key: str, conv: Callable[[Any], Any], what: str) -> Any:
        try:
            return conv(node[key])
        except (ValueError, TypeError, ArithmeticError) as exc:
            self.problem(node.line_of(key), "scheme-bad-value", f"{what} 的 “{key}” 无法识别: {exc}",
                         f"{what}: {key!r} is not valid: {exc}")
            raise _Bad from None

    def each(self, items: Any, build: Callable[[Any], Any], what: str, line: int) -> list[Any]:
        if items is None:
            return []
        if not isinstance(items, list):
            self.problem(line, "scheme-not-list", f"{what} 应是列表", f"{what} must be a list")
            return []
        built = []
        for item in items:
            try:
                built.append(build(item))
            except _Bad:
                continue
        return built


def number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("a number is needed")
    if isinstance(value, int):
        return Decimal(value)
    text = str(value).strip()
    if text.endswith("%") or text.endswith("‰"):
        result = parse_percent(text)
        if result is None:
            raise ValueError(f"not a number: {text!r}")
        return result
    return Decimal(text)


def text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise ValueError("text is needed")
    return str(value)


def ident(value: Any) -> str:
    s = text(value)
    if not s.replace("_", "").replace("-", "").isalnum() or not s.isascii() or not s[0].isalpha():
        raise ValueError(f"an id is letters, digits, '_' or '-', starting with a letter: {s!r}")
    return s


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("a whole number is needed")
    return value


def interval(value: Any) -> Interval:
    return Interval.parse(text(value))


SCHEME_KEYS = {"id", "version", "name", "name_en", "role", "period", "source", "notes", "inputs", "raters",
               "sections", "adjustments", "adjustment_caps", "vetoes", "multiplier", "total", "grades",
               "bonus", "awards", "history", "rounding"}


def check_scheme(source: str, path: str = "<scheme>") -> tuple[m.Scheme | None, list[Finding]]:
    """Every finding (errors and warnings) of a scheme's YAML text, and the Scheme when it has no error."""
    b = _Builder(path)
    try:
        root = load(source)
    except yaml.YAMLError as exc:
        # the context mark is where the broken construct starts (the line missing its ':'); the problem
        # mark is where the parser gave up, often the line after
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        b.problem((mark.line + 1) if mark else 0, "scheme-yaml", f"YAML 格式错误: {exc}", f"YAML error: {exc}")
        return None, b.findings
    try:
        root = b.keys(root, SCHEME_KEYS, "方案", 1)
        scheme = _build(b, root, path)
    except _Bad:
        scheme = None
    if any(f.severity is Severity.ERROR for f in b.findings):
        scheme = None
    return scheme, b.findings


def parse_scheme(source: str, path: str = "<scheme>") -> m.Scheme:
    """Build a Scheme from YAML text, or raise KpiError with every problem found."""
    scheme, findings = check_scheme(source, path)
    if scheme is None:
        raise KpiError(findings)
    return scheme


def load_scheme(path: str | Path) -> m.Scheme:
    p = Path(path)
    return parse_scheme(p.read_text(encoding="utf-8"), str(p))


def _build(b: _Builder, root: Node, path: str) -> m.Scheme:
    sid = b.req(root, "id", ident, "方案")
    version = b.req(root, "version", text, "方案")
    name = b.req(root, "name", text, "方案")

    inputs = b.each(root.get("inputs"), lambda n: _input(b, n), "inputs", root.line_of("inputs"))
    input_ids: dict[str, m.InputDef] = {}
    for item in inputs:
        if item.id in input_ids:
            b.problem(item.line, "scheme-duplicate-id", f"输入项 “{item.id}” 重复定义", f"input {item.id!r} defined twice")
        input_ids[item.id] = item
    b.inputs = input_ids

    raters = b.each(root.get("raters"), lambda n: _rater(b, n), "raters", root.line_of("raters"))
    rater_ids = {r.id for r in raters}
    for r in raters:
        if r.give_to and r.give_to not in rater_ids:
            b.problem(b.rater_lines.get(r.id, root.line_of("raters")), "scheme-unknown-rater",
                      f"评分人 “{r.id}” 缺席时把权重给 “{r.give_to}”,但没有这个评分人",
                      f"rater {r.id!r} gives its weight to unknown rater {r.give_to!r}")

    sections = b.each(root.get("sections"), lambda n: _section(b, n), "sections", root.line_of("sections"))
    if not sections:
        b.problem(root.line, "scheme-no-sections", "方案没有任何考核部分(sections)", "the scheme has no sections")
    if _complete(root.get("sections"), sections):  # a section already reported would only add a second, false finding
        _check_weights(b, [(s.weight, s.line) for s in sections], "各考核部分", "sections", root.line_of("sections"))
    for group in ([(s.id, s.line) for s in sections], [(i.id, i.line) for s in sections for i in s.indicators]):
        seen: set[str] = set()
        for item_id, line in group:
            if item_id in seen:
                b.problem(line, "scheme-duplicate-id", f"编号 “{item_id}” 重复使用(各考核部分、各指标的 id 必须各不相同)",
                          f"id {item_id!r} is used twice (section ids and indicator ids must each be distinct)")
            seen.add(item_id)

    adj_node = root.get("adjustment_caps") or Node()
    caps = b.keys(adj_node, {"bonus", "deduction"}, "adjustment_caps", root.line)
    bonus_cap = b.opt(caps, "bonus", number, "adjustment_caps")
    deduction_cap = b.opt(caps, "deduction", number, "adjustment_caps")
    adjustments = b.each(root.get("adjustments"), lambda n: _adjustment(b, n), "adjustments", root.line_of("adjustments"))
    vetoes = b.each(root.get("vetoes"), lambda n: _veto(b, n), "vetoes", root.line_of("vetoes"))

    multiplier = None
    if root.get("multiplier") is not None:
        mn = b.keys(root["multiplier"], {"input", "name", "name_en", "divisor"}, "multiplier")
        multiplier = m.Multiplier(input=b.req(mn, "input", ident, "multiplier"),
                                  name=b.opt(mn, "name", text, "multiplier", "重关指标值"),
                                  name_en=b.opt(mn, "name_en", text, "multiplier", "key-indicator multiplier"),
                                  divisor=b.opt(mn, "divisor", number, "multiplier", HUNDRED))

    total = b.keys(root.get("total") or Node(), {"min", "max"}, "total")
    total_min = b.opt(total, "min", number, "total", Decimal(0))
    total_max = b.opt(total, "max", number, "total", HUNDRED) if "max" not in total or total["max"] is not None else None

    grades = b.each(root.get("grades"), lambda n: _grade(b, n), "grades", root.line_of("grades"))
    if not grades:
        b.problem(root.line, "scheme-no-grades", "方案没有考核等级(grades)", "the scheme has no grades")
    else:
        domain = Interval(total_min, True, total_max, total_max is not None)
        for p in coverage_problems([g.range for g in grades], domain):
            b.problem(root.line_of("grades"), "scheme-grade-bands", f"考核等级的分数段有重叠或空档: {p}",
                      f"grade bands overlap or leave a gap: {p}",
                      hint="每个分数只能落在一个等级里,例如 [91, 100] 与 [81, 91)",
                      hint_en="each total must fall in exactly one grade, e.g. [91, 100] and [81, 91)")
    labels = {g.label for g in grades}
    for v in vetoes:
        if v.cap_grade and v.cap_grade not in labels:
            b.problem(v.line, "scheme-unknown-grade", f"雷区 “{v.id}” 指向不存在的等级 “{v.cap_grade}”",
                      f"veto {v.id!r} names unknown grade {v.cap_grade!r}", hint="可用等级: " + "、".join(labels))

    bonus = _bonus(b, root["bonus"]) if root.get("bonus") is not None else None
    awards = _awards(b, root["awards"]) if root.get("awards") is not None else None
    history = b.each(root.get("history"), lambda n: _history(b, n), "history", root.line_of("history"))
    rn = b.keys(root.get("rounding") or Node(), {"points", "money"}, "rounding")
    rounding = m.Rounding(points=b.opt(rn, "points", whole, "rounding", 2), money=b.opt(rn, "money", whole, "rounding", 2))

    scheme = m.Scheme(
        id=sid, version=version, name=name, sections=tuple(sections), inputs=tuple(inputs), grades=tuple(grades),
        name_en=b.opt(root, "name_en", text, "方案", ""), role=b.opt(root, "role", text, "方案", ""),
        period=b.opt(root, "period", text, "方案", "month"), source=b.opt(root, "source", text, "方案", ""),
        notes=b.opt(root, "notes", text, "方案", ""), raters=tuple(raters), adjustments=tuple(adjustments),
        bonus_cap=bonus_cap, deduction_cap=deduction_cap, vetoes=tuple(vetoes), multiplier=multiplier,
        total_min=total_min, total_max=total_max, bonus=bonus, awards=awards, history=tuple(history),
        rounding=rounding, path=path,
    )
    _check_references(b, scheme, input_ids, root)
    return scheme


def _complete(raw: Any, built: list[Any]) -> bool:
    """Every item of a YAML list was built (none was dropped with a finding already)."""
    return isinstance(raw, list) and len(raw) == len(built)


def _check_weights(b: _Builder, weights: list[tuple[Decimal, int]], zh: str, en: str, line: int) -> None:
    if not weights:
        return
    total = sum((w for w, _ in weights), Decimal(0))
    if total != HUNDRED:
        b.problem(line, "scheme-weights", f"{zh}的权重合计为 {total},应为 100", f"weights of the {en} sum to {total}, not 100",
                  hint="调整权重使其合计 100(%)", hint_en="make the weights add up to 100 (%)")


def _input(b: _Builder, n: Any) -> m.InputDef:
    n = b.keys(n, {"id", "name", "name_en", "kind", "unit", "min", "max", "required", "levels", "help"}, "输入项")
    iid = b.req(n, "id", ident, "输入项")
    kind = b.req(n, "kind", lambda v: m.InputKind(text(v)), f"输入项 {iid}")
    levels = tuple(b.opt(n, "levels", lambda v: [whole(x) for x in v], f"输入项 {iid}", []) or ())
    if kind is m.InputKind.LEVEL and not levels:
        levels = (1, 2, 3, 4, 5)
    default_min = Decimal(0) if kind in (m.InputKind.COUNT, m.InputKind.MONEY, m.InputKind.PERCENT, m.InputKind.SCORE) else None
    return m.InputDef(id=iid, name=b.req(n, "name", text, f"输入项 {iid}"), kind=kind,
                      name_en=b.opt(n, "name_en", text, iid, ""), unit=b.opt(n, "unit", text, iid, ""),
                      min=b.opt(n, "min", number, iid, default_min), max=b.opt(n, "max", number, iid),
                      required=b.opt(n, "required", boolean, iid, True), levels=levels,
                      help=b.opt(n, "help", text, iid, ""), line=n.line)


def _rater(b: _Builder, n: Any) -> m.Rater:
    n = b.keys(n, {"id", "name", "name_en", "weight", "count", "required", "give_to"}, "评分人")
    rid = b.req(n, "id", ident, "评分人")
    b.rater_lines[rid] = n.line_of("give_to")
    weight = b.req(n, "weight", number, f"评分人 {rid}")
    if weight <= 0:
        b.problem(n.line_of("weight"), "scheme-bad-value", f"评分人 {rid} 的权重必须大于 0", f"rater {rid} weight must be > 0")
    return m.Rater(id=rid, name=b.req(n, "name", text, rid), weight=weight, count=b.opt(n, "count", whole, rid, 1),
                   required=b.opt(n, "required", boolean, rid, False), give_to=b.opt(n, "give_to", ident, rid, ""),
                   name_en=b.opt(n, "name_en", text, rid, ""))


def _section(b: _Builder, n: Any) -> m.Section:
    n = b.keys(n, {"id", "name", "name_en", "weight", "indicators"}, "考核部分")
    sid = b.req(n, "id", ident, "考核部分")
    indicators = b.each(n.get("indicators"), lambda x: _indicator(b, x), f"{sid}.indicators", n.line_of("indicators"))
    if not indicators:
        b.problem(n.line, "scheme-no-indicators", f"考核部分 {sid} 没有指标", f"section {sid} has no indicators")
    if _complete(n.get("indicators"), indicators):
        _check_weights(b, [(i.weight, i.line) for i in indicators], f"考核部分 {sid} 内各指标", f"indicators of {sid}",
                       n.line_of("indicators"))
    return m.Section(id=sid, name=b.req(n, "name", text, sid), weight=b.req(n, "weight", number, sid),
                     indicators=tuple(indicators), name_en=b.opt(n, "name_en", text, sid, ""), line=n.line)


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
        from ..expr import parse

        expr = b.req(n, "expr", text, where)
        b.conv(n, "expr", lambda e: parse(text(e)), where)
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
            x = b.keys(x, {"input", "points", "name"}, f"{where}.items")
            return m.DeductionItem(input=b.req(x, "input", ident, where), points=b.req(x, "points", number, where),
                                   name=b.opt(x, "name", text, where, ""))

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


def _adjustment(b: _Builder, n: Any) -> m.Adjustment:
    n = b.keys(n, {"id", "name", "name_en", "input", "points", "progressive", "cap"}, "加扣分项")
    aid = b.req(n, "id", ident, "加扣分项")
    prog = None
    if n.get("progressive") is not None:
        pn = b.keys(n["progressive"], {"free", "first", "step"}, f"{aid}.progressive")
        pn.setdefault("input", n.get("input"))
        pn.key_lines.setdefault("input", n.line)
        prog = _progressive(b, pn, aid)
    elif "points" not in n:
        b.problem(n.line, "scheme-missing-key", f"加扣分项 {aid} 需要 points 或 progressive",
                  f"adjustment {aid} needs points or progressive")
    return m.Adjustment(id=aid, name=b.req(n, "name", text, aid), input=b.req(n, "input", ident, aid),
                        points=b.opt(n, "points", number, aid, Decimal(0)), progressive=prog,
                        cap=b.opt(n, "cap", number, aid), name_en=b.opt(n, "name_en", text, aid, ""), line=n.line)


def _veto(b: _Builder, n: Any) -> m.Veto:
    n = b.keys(n, {"id", "name", "name_en", "input", "threshold", "cap_grade", "coefficient"}, "雷区")
    vid = b.req(n, "id", ident, "雷区")
    veto = m.Veto(id=vid, name=b.req(n, "name", text, vid), input=b.req(n, "input", ident, vid),
                  threshold=b.req(n, "threshold", number, vid), cap_grade=b.opt(n, "cap_grade", text, vid, ""),
                  coefficient=b.opt(n, "coefficient", number, vid), name_en=b.opt(n, "name_en", text, vid, ""), line=n.line)
    if not veto.cap_grade and veto.coefficient is None:
        b.problem(n.line, "scheme-missing-key", f"雷区 {vid} 需要 cap_grade 或 coefficient",
                  f"veto {vid} needs cap_grade or coefficient")
    return veto


def _grade(b: _Builder, n: Any) -> m.Grade:
    n = b.keys(n, {"label", "label_en", "range", "coefficient"}, "考核等级")
    label = b.req(n, "label", text, "考核等级")
    return m.Grade(label=label, range=b.req(n, "range", interval, label), coefficient=b.req(n, "coefficient", number, label),
                   label_en=b.opt(n, "label_en", text, label, ""))


BONUS_NEEDS = {
    "score_percent": ("base",), "coefficient": ("base",), "commission": ("amount_input", "rate_input", "tiers"),
    "profit_share": ("amount_input", "rate"), "qc": ("base", "baseline_input", "workload_input", "qc_input"),
}


def _bonus(b: _Builder, n: Any) -> m.Bonus:
    fields = {"kind", "base", "base_input", "amount_input", "rate_input", "tiers", "rate", "factor", "baseline_input",
              "workload_input", "per_unit", "qc_input", "qc_low", "qc_high", "qc_slope", "min", "max"}
    n = b.keys(n, fields, "bonus")
    kind = b.req(n, "kind", text, "bonus")
    if kind not in BONUS_NEEDS:
        b.problem(n.line_of("kind"), "scheme-unknown-bonus", f"奖金公式 “{kind}” 不存在", f"unknown bonus kind {kind!r}",
                  hint="可用: " + ", ".join(BONUS_NEEDS))
        raise _Bad
    for need in BONUS_NEEDS[kind]:
        alt = need.replace("_input", "") if need.endswith("_input") else need + "_input"
        if n.get(need) is None and n.get(alt) is None:
            b.problem(n.line, "scheme-missing-key", f"奖金公式 {kind} 缺少 “{need}”", f"bonus {kind} is missing {need!r}")

    def tier(x: Any) -> m.Tier:
        x = b.keys(x, {"range", "rate", "label"}, "bonus.tiers")
        return m.Tier(range=b.req(x, "range", interval, "tier"), rate=b.req(x, "rate", number, "tier"),
                      label=b.opt(x, "label", text, "tier", ""))

    tiers = b.each(n.get("tiers"), tier, "bonus.tiers", n.line_of("tiers"))
    if tiers:
        for p in coverage_problems([t.range for t in tiers], Interval(Decimal(0), True, None, False)):
            b.problem(n.line_of("tiers"), "scheme-tier-bands", f"提点比例的档次有重叠或空档: {p}", f"commission tiers: {p}")

    def num(key: str, default: Any = None) -> Any:
        return b.opt(n, key, number, "bonus", default)

    def ref(key: str) -> str:
        return b.opt(n, key, ident, "bonus", "")

    return m.Bonus(kind=kind, base=num("base"), base_input=ref("base_input"), amount_input=ref("amount_input"),
                   rate_input=ref("rate_input"), tiers=tuple(tiers), rate=num("rate"), factor=num("factor", Decimal(1)),
                   baseline_input=ref("baseline_input"), workload_input=ref("workload_input"),
                   per_unit=num("per_unit", Decimal(1)), qc_input=ref("qc_input"), qc_low=num("qc_low", Decimal("0.70")),
                   qc_high=num("qc_high", Decimal("0.80")), qc_slope=num("qc_slope", Decimal(5)), min=num("min"),
                   max=num("max"), line=n.line)


def _awards(b: _Builder, n: Any) -> m.Awards:
    n = b.keys(n, {"by", "prizes", "small_team"}, "awards")
    prizes = b.req(n, "prizes", lambda v: tuple(number(x) for x in v), "awards")
    small = b.keys(n.get("small_team") or Node(), {"below", "prizes"}, "awards.small_team")
    return m.Awards(prizes=prizes, by=b.opt(n, "by", ident, "awards", "total"),
                    small_team_size=b.opt(small, "below", whole, "awards", 0),
                    small_team_prizes=b.opt(small, "prizes", lambda v: tuple(number(x) for x in v), "awards", ()))


HISTORY_KINDS = {"below_in_a_row", "last_in_a_row", "first_in_a_row"}


def _history(b: _Builder, n: Any) -> m.HistoryRule:
    n = b.keys(n, {"id", "name", "name_en", "kind", "times", "threshold", "outcome"}, "history")
    hid = b.req(n, "id", ident, "history")
    kind = b.req(n, "kind", text, hid)
    if kind not in HISTORY_KINDS:
        b.problem(n.line_of("kind"), "scheme-bad-value", f"连续期规则 “{kind}” 不存在", f"unknown history kind {kind!r}",
                  hint="可用: " + ", ".join(sorted(HISTORY_KINDS)))
    threshold = b.opt(n, "threshold", number, hid)
    if kind == "below_in_a_row" and threshold is None:
        b.problem(n.line, "scheme-missing-key", f"连续期规则 {hid} 缺少 threshold", f"history rule {hid} needs a threshold")
    return m.HistoryRule(id=hid, name=b.req(n, "name", text, hid), kind=kind, times=b.req(n, "times", whole, hid),
                         threshold=threshold, outcome=b.opt(n, "outcome", text, hid, ""),
                         name_en=b.opt(n, "name_en", text, hid, ""))


def _check_references(b: _Builder, s: m.Scheme, inputs: dict[str, m.InputDef], root: Node) -> None:
    used: set[str] = set()

    def need(name: str, where: str, line: int) -> None:
        used.add(name)
        if name not in inputs:
            b.problem(line, "scheme-unknown-input", f"{where} 引用了不存在的输入项 “{name}”",
                      f"{where} refers to input {name!r}, which is not defined",
                      hint="在 inputs 中定义它,或改正拼写", hint_en="define it under inputs, or fix the spelling")

    for _section, ind in s.indicators():
        for name in ind.inputs():
            need(name, f"指标 {ind.id}", ind.line)
        if ind.value is not None and ind.value.kind == "raters" and not s.raters:
            b.problem(ind.line, "scheme-no-raters", f"指标 {ind.id} 由评分人打分,但方案没有定义 raters",
                      f"indicator {ind.id} is rated but the scheme defines no raters")
        if isinstance(ind.rule, m.LevelsRule) and ind.value and ind.value.kind == "input" and ind.value.input in inputs:
            item = inputs[ind.value.input]
            missing = [lv for lv in item.levels if ind.rule.lookup(lv) is None]
            if missing:
                b.problem(ind.line, "scheme-level-points", f"指标 {ind.id} 缺少等级 {missing} 的分值",
                          f"indicator {ind.id} has no points for levels {missing}")
    for a in s.adjustments:
        need(a.input, f"加扣分项 {a.id}", a.line)
    for v in s.vetoes:
        need(v.input, f"雷区 {v.id}", v.line)
    if s.multiplier:
        need(s.multiplier.input, "multiplier", root.line_of("multiplier"))
    if s.bonus:
        indicator_ids = {ind.id for _, ind in s.indicators()}
        for name in s.bonus.inputs():
            if name not in indicator_ids:  # a bonus may use an indicator's measured value (转化率)
                need(name, "bonus", s.bonus.line)
    if s.awards and s.awards.by != "total":
        need(s.awards.by, "awards", root.line_of("awards"))
    if any(f.severity is Severity.ERROR for f in b.findings):
        return  # an indicator dropped for an error may be the one that used the input
    for item in s.inputs:
        if item.id not in used:
            b.problem(item.line, "scheme-unused-input", f"输入项 “{item.id}” 没有被任何规则使用",
                      f"input {item.id!r} is not used by any rule", severity=Severity.WARNING)


def schemes_dir() -> Path:
    """templates/schemes/ of this checkout (the package is installed editable from it)."""
    return Path(__file__).resolve().parents[2] / "templates" / "schemes"


def builtin_ids(directory: Path | None = None) -> list[str]:
    return sorted(p.stem for p in (directory or schemes_dir()).glob("*.yaml"))


def load_builtin(scheme_id: str, directory: Path | None = None) -> m.Scheme:
    path = (directory or schemes_dir()) / f"{scheme_id}.yaml"
    if not path.is_file():
        raise KpiError(Finding(code="scheme-not-found", message=f"找不到考核方案 “{scheme_id}”",
                               message_en=f"no scheme {scheme_id!r}",
                               hint="可用方案: " + ", ".join(builtin_ids(directory)),
                               hint_en="available: " + ", ".join(builtin_ids(directory))))
    return load_scheme(path)


__all__ = ["check_scheme", "parse_scheme", "load_scheme", "load_builtin", "builtin_ids", "schemes_dir", "parse_bound"]
