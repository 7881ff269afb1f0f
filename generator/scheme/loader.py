"""Load a scheme YAML file into a `Scheme`, reporting every problem with its line.

The whole file is checked before anything is returned: unknown keys, missing parameters,
weights that do not sum to 100, bands that overlap or leave a gap, references to inputs,
raters or grades that do not exist. All problems come back at once in one KpiError.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from importlib import resources
from pathlib import Path

import yaml

from generator.core.findings import Finding, KpiError, Severity
from generator.history.periods import KIND_ALIASES, KINDS
from generator.scheme import model as m
from generator.scheme.extras_yaml import _adjustment, _awards, _grade, _history, _input, _rater, _veto
from generator.scheme.fingerprint import content_hash
from generator.scheme.improvement_yaml import _improvement
from generator.scheme.indicators_yaml import _section
from generator.scheme.intervals import Interval, coverage_problems, parse_bound
from generator.scheme.pay_yaml import _constants, _pay, check_pay
from generator.scheme.reading import (
    HUNDRED,
    _Bad,
    _Builder,
    _check_weights,
    _complete,
    ident,
    number,
    text,
    whole,
)
from generator.scheme.rollup_yaml import _rollup
from generator.scheme.signoff_yaml import _signoff
from generator.scheme.yamlsrc import Node, load

SCHEME_KEYS = {"id", "version", "name", "name_en", "role", "period", "cutoff_day", "source", "notes", "inputs", "raters",
               "sections", "adjustments", "adjustment_caps", "vetoes", "multiplier", "total", "grades",
               "bonus", "pay", "constants", "awards", "history", "rollup", "rounding", "signoff", "improvement"}


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
    if scheme is not None:
        scheme = dataclasses.replace(scheme, content_hash=content_hash(root))
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
    b.constants = _constants(b, root)

    raters = b.each(root.get("raters"), lambda n: _rater(b, n), "raters", root.line_of("raters"))
    rater_ids = {r.id for r in raters}
    if raters and not any(r.weight > 0 for r in raters):
        b.problem(root.line_of("raters"), "scheme-bad-value", "至少要有一个评分人的权重大于 0",
                  "at least one rater needs a weight above 0")
    for r in raters:
        if r.give_to and r.give_to not in rater_ids:
            b.problem(b.rater_lines.get(r.id, root.line_of("raters")), "scheme-unknown-rater",
                      f"评分人 “{r.id}” 缺席时把权重给 “{r.give_to}”,但没有这个评分人",
                      f"rater {r.id!r} gives its weight to unknown rater {r.give_to!r}")

    sections = b.each(root.get("sections"), lambda n: _section(b, n), "sections", root.line_of("sections"))
    if not sections:
        b.problem(root.line, "scheme-no-sections", "方案没有任何考核部分(sections)", "the scheme has no sections")
    if _complete(root.get("sections"), sections):  # a section already reported would only add a second, false finding
        # companion sections (in_total: false) are scored for a pay item and add nothing to the total
        companions = any(not s.in_total for s in sections)
        _check_weights(b, [(s.weight, s.line) for s in sections if s.in_total],
                       "各计入总分的考核部分" if companions else "各考核部分",
                       "sections in the total" if companions else "sections", root.line_of("sections"))
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

    try:
        bonus, pay = _pay(b, root)
    except _Bad:
        bonus, pay = None, ()
    awards = _awards(b, root["awards"]) if root.get("awards") is not None else None
    history = b.each(root.get("history"), lambda n: _history(b, n), "history", root.line_of("history"))
    for h in history:
        if h.grade and h.grade not in labels:
            b.problem(root.line_of("history"), "scheme-unknown-grade", f"连续期规则 “{h.id}” 指向不存在的等级 “{h.grade}”",
                      f"history rule {h.id!r} names unknown grade {h.grade!r}", hint="可用等级: " + "、".join(labels))
    rollup = m.RollupRule()
    if root.get("rollup") is not None:
        try:
            rollup = _rollup(b, root["rollup"])
        except _Bad:
            pass  # already reported; the scheme is refused
    rn = b.keys(root.get("rounding") or Node(), {"points", "money"}, "rounding")
    rounding = m.Rounding(points=b.opt(rn, "points", whole, "rounding", 2), money=b.opt(rn, "money", whole, "rounding", 2))
    period, cutoff_day = _period(b, root)
    signoff = None
    if root.get("signoff") is not None:
        try:
            signoff = _signoff(b, root["signoff"])
        except _Bad:
            pass  # already reported; the scheme is refused
    improvement = None
    if root.get("improvement") is not None:
        try:
            improvement = _improvement(b, root["improvement"], tuple(grades), root.line_of("improvement"))
        except _Bad:
            pass  # already reported; the scheme is refused

    scheme = m.Scheme(
        id=sid, version=version, name=name, sections=tuple(sections), inputs=tuple(inputs), grades=tuple(grades),
        name_en=b.opt(root, "name_en", text, "方案", ""), role=b.opt(root, "role", text, "方案", ""),
        period=period, cutoff_day=cutoff_day, source=b.opt(root, "source", text, "方案", ""),
        notes=b.opt(root, "notes", text, "方案", ""), raters=tuple(raters), adjustments=tuple(adjustments),
        bonus_cap=bonus_cap, deduction_cap=deduction_cap, vetoes=tuple(vetoes), multiplier=multiplier,
        total_min=total_min, total_max=total_max, bonus=bonus, pay=pay,
        constants=dict(b.constants), awards=awards, history=tuple(history),
        rollup=rollup, rounding=rounding, signoff=signoff, improvement=improvement, path=path,
    )
    _check_references(b, scheme, input_ids, root)
    return scheme




def _period(b: _Builder, root: Node) -> tuple[str, int | None]:
    """`period:` (month | quarter | half | year) and `cutoff_day:` (1–28); a bad one is a finding, not a default."""
    raw = root.get("period")
    kind = "month" if raw is None else str(raw).strip().lower()
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in KINDS:
        b.problem(root.line_of("period"), "scheme-period-kind", f"考核周期 period “{raw}” 无法识别",
                  f"period {raw!r} is not a period kind",
                  hint="可用的值: month(月度)、quarter(季度)、half(半年度)、year(年度)",
                  hint_en="use one of: month, quarter, half, year")
        kind = "month"
    day = root.get("cutoff_day")
    if day is None:
        return kind, None
    if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 28:
        b.problem(root.line_of("cutoff_day"), "scheme-cutoff-day", f"月结日 cutoff_day “{day}” 无效,应是 1 到 28 之间的整数",
                  f"cutoff_day {day!r} is not a whole number from 1 to 28",
                  hint="例如 25 表示每月 26 日至次月 25 日为一期;按自然月考核时删去这一行",
                  hint_en="e.g. 25: a period runs from the 26th to the 25th of the next month; "
                          "delete the line for calendar months")
        return kind, None
    return kind, day


def _check_references(b: _Builder, s: m.Scheme, inputs: dict[str, m.InputDef], root: Node) -> None:
    used: set[str] = set()

    def need(name: str, where: str, line: int) -> None:
        used.add(name)
        if name not in inputs:
            b.problem(line, "scheme-unknown-input", f"{where} 引用了不存在的输入项 “{name}”",
                      f"{where} refers to input {name!r}, which is not defined",
                      hint="在 inputs 中定义它,或改正拼写", hint_en="define it under inputs, or fix the spelling")

    for _, ind in s.indicators():
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
    check_pay(b, s, need)
    if s.awards and s.awards.by != "total":
        need(s.awards.by, "awards", root.line_of("awards"))
    if any(f.severity is Severity.ERROR for f in b.findings):
        return  # an indicator dropped for an error may be the one that used the input
    for item in s.inputs:
        if item.id not in used:
            b.problem(item.line, "scheme-unused-input", f"输入项 “{item.id}” 没有被任何规则使用",
                      f"input {item.id!r} is not used by any rule", severity=Severity.WARNING)


def schemes_dir() -> Path:
    """The built-in schemes, shipped as package data (generator/schemes/*.yaml)."""
    return Path(str(resources.files("generator").joinpath("schemes")))


def builtin_ids() -> list[str]:
    """Ids of the built-in schemes, read from inside each file (see registry.SchemeRegistry)."""
    from generator.scheme.registry import SchemeRegistry  # the registry imports this module

    return SchemeRegistry.from_dirs().ids()


def load_builtin(scheme_id: str) -> m.Scheme:
    """A built-in scheme by its id. For user folders and paths use registry.SchemeRegistry."""
    from generator.scheme.registry import SchemeRegistry

    return SchemeRegistry.from_dirs().get(scheme_id)


__all__ = ["check_scheme", "parse_scheme", "load_scheme", "load_builtin", "builtin_ids", "schemes_dir", "parse_bound"]
