"""Inputs, raters, adjustments, vetoes, grades, bonus, awards and history rules of a scheme file."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator.scheme import model as m
from generator.scheme.indicators_yaml import _progressive
from generator.scheme.intervals import Interval, coverage_problems
from generator.scheme.reading import _Bad, _Builder, boolean, ident, interval, number, text, whole
from generator.scheme.yamlsrc import Node


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
    # 0 is allowed: a column the form shows (001 自评) that the supervisor's rating overrides
    if weight < 0:
        b.problem(n.line_of("weight"), "scheme-bad-value", f"评分人 {rid} 的权重不能为负数", f"rater {rid} weight must not be negative")
    return m.Rater(id=rid, name=b.req(n, "name", text, rid), weight=weight, count=b.opt(n, "count", whole, rid, 1),
                   required=b.opt(n, "required", boolean, rid, False), give_to=b.opt(n, "give_to", ident, rid, ""),
                   name_en=b.opt(n, "name_en", text, rid, ""))




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


BONUS_FIELDS = {"kind", "base", "base_input", "amount_input", "rate_input", "tiers", "rate", "factor", "baseline_input",
                "workload_input", "per_unit", "qc_input", "qc_low", "qc_high", "qc_slope", "min", "max"}


def _bonus(b: _Builder, n: Any, extra: frozenset[str] = frozenset(), where: str = "bonus") -> m.Bonus:
    """A pay formula: the `bonus:` block, or one item of `pay:` (which adds id, name, score: `extra`)."""
    n = b.keys(n, BONUS_FIELDS | extra, where)
    kind = b.req(n, "kind", text, where)
    if kind not in BONUS_NEEDS:
        b.problem(n.line_of("kind"), "scheme-unknown-bonus", f"奖金公式 “{kind}” 不存在", f"unknown bonus kind {kind!r}",
                  hint="可用: " + ", ".join(BONUS_NEEDS))
        raise _Bad
    for need in BONUS_NEEDS[kind]:
        alt = need.replace("_input", "") if need.endswith("_input") else need + "_input"
        if n.get(need) is None and n.get(alt) is None:
            b.problem(n.line, "scheme-missing-key", f"{where} 的奖金公式 {kind} 缺少 “{need}”",
                      f"{where}: {kind} is missing {need!r}")

    def tier(x: Any) -> m.Tier:
        x = b.keys(x, {"range", "rate", "label"}, "bonus.tiers")
        return m.Tier(range=b.req(x, "range", interval, "tier"), rate=b.req(x, "rate", number, "tier"),
                      label=b.opt(x, "label", text, "tier", ""))

    tiers = b.each(n.get("tiers"), tier, "bonus.tiers", n.line_of("tiers"))
    if tiers:
        for p in coverage_problems([t.range for t in tiers], Interval(Decimal(0), True, None, False)):
            b.problem(n.line_of("tiers"), "scheme-tier-bands", f"提点比例的档次有重叠或空档: {p}", f"commission tiers: {p}")

    def constant_or_number(value: Any) -> Any:
        # a pay parameter may name one of the scheme's constants (工作量基准 400)
        if isinstance(value, str) and value.strip() in b.constants:
            return b.constants[value.strip()]
        return number(value)

    def num(key: str, default: Any = None) -> Any:
        return b.opt(n, key, constant_or_number, where, default)

    def ref(key: str) -> str:
        return b.opt(n, key, ident, where, "")

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


HISTORY_KINDS = {"below_in_a_row", "last_in_a_row", "first_in_a_row", "below_team_average"}


def _history(b: _Builder, n: Any) -> m.HistoryRule:
    n = b.keys(n, {"id", "name", "name_en", "kind", "times", "threshold", "outcome", "outcome_en", "grade", "bonus"},
               "history")
    hid = b.req(n, "id", ident, "history")
    kind = b.req(n, "kind", text, hid)
    if kind not in HISTORY_KINDS:
        b.problem(n.line_of("kind"), "scheme-bad-value", f"连续期规则 “{kind}” 不存在", f"unknown history kind {kind!r}",
                  hint="可用: " + ", ".join(sorted(HISTORY_KINDS)))
    threshold = b.opt(n, "threshold", number, hid)
    if kind == "below_in_a_row" and threshold is None:
        b.problem(n.line, "scheme-missing-key", f"连续期规则 {hid} 缺少 threshold", f"history rule {hid} needs a threshold")
    times = b.opt(n, "times", whole, hid, 1) if kind == "below_team_average" else b.req(n, "times", whole, hid)
    if isinstance(times, int) and times < 1:
        b.problem(n.line_of("times"), "scheme-bad-value", f"连续期规则 {hid} 的 times 至少为 1",
                  f"history rule {hid}: times must be at least 1")
    bonus = b.opt(n, "bonus", number, hid)
    if bonus is not None and bonus < 0:
        b.problem(n.line_of("bonus"), "scheme-bad-value", f"连续期规则 {hid} 的 bonus 不能为负",
                  f"history rule {hid}: bonus must not be negative")
    return m.HistoryRule(id=hid, name=b.req(n, "name", text, hid), kind=kind, times=times,
                         threshold=threshold, outcome=b.opt(n, "outcome", text, hid, ""),
                         name_en=b.opt(n, "name_en", text, hid, ""), outcome_en=b.opt(n, "outcome_en", text, hid, ""),
                         grade=b.opt(n, "grade", text, hid, ""), bonus=bonus)
