"""A scheme in words a manager can read: every rule as the seed forms write it.

`describe(scheme, lang)` gives headed blocks of lines for the terminal; `to_dict(scheme, lang)`
gives the same content as JSON-ready data (numbers as exact strings, never floats).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.core.numbers import fmt_plain
from generator.history.consecutive import outcome_en
from generator.scheme import model as m
from generator.scheme.describe_pay import bonus_words, constant_words, pay_words
from generator.scheme.intervals import Interval

PERIODS = {"month": ("月度", "monthly"), "quarter": ("季度", "quarterly"), "half": ("半年度", "half-yearly"),
           "year": ("年度", "yearly")}
HISTORY = {
    "below_in_a_row": ("连续 {times} 期总分低于 {threshold} 分", "total below {threshold} {times} periods in a row"),
    "last_in_a_row": ("连续 {times} 期排名倒数第一", "last place {times} periods in a row"),
    "first_in_a_row": ("连续 {times} 期排名第一", "first place {times} periods in a row"),
    "below_team_average": ("连续 {times} 期总分低于上期团队平均分", "total below the previous period's team average "
                           "{times} period(s) in a row"),
}


@dataclass(frozen=True)
class Block:
    title: str
    lines: list[str]


def _n(v: Decimal | None) -> str:
    return "" if v is None else fmt_plain(v)


def _pct(v: Decimal) -> str:
    return f"{fmt_plain(v * 100)}%"


def _show(v: Decimal, percent: bool) -> str:
    return _pct(v) if percent else _n(v)


def _t(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def band_words(rng: Interval, var: str = "X", percent: bool = False) -> str:
    """As the seed forms write a band: 'X ≥ 75%', '65% ≤ X < 75%', 'X < 50%', 'T > 55'."""
    return rng.words(var, percent)


def input_name(scheme: m.Scheme, input_id: str, lang: str = "zh") -> str:
    try:
        item = scheme.input(input_id)
    except KeyError:
        return input_id
    return (item.name_en or item.id) if lang == "en" else item.name


def value_words(scheme: m.Scheme, ind: m.Indicator, lang: str = "zh") -> str:
    """Where the measured value comes from: an input, a ratio of counts, a formula or the raters."""
    src = ind.value
    if src is None:
        return ""
    if src.kind == "input":
        return input_name(scheme, src.input, lang)
    if src.kind == "ratio":
        return f"{input_name(scheme, src.numerator, lang)} ÷ {input_name(scheme, src.denominator, lang)}"
    if src.kind == "expr":
        text = re.sub(r"[A-Za-z_][A-Za-z0-9_]*",
                      lambda mt: mt.group(0) if mt.group(0) in ("abs", "min", "max") else input_name(scheme, mt.group(0), lang),
                      src.expr)
        return text.replace("*", "×").replace("/", "÷").replace(" - ", " − ")
    return _t(lang, "评分人打分(见“评分人”)", "rated by the raters (see Raters)")


def _unit(scheme: m.Scheme | None, input_id: str) -> str:
    try:
        return scheme.input(input_id).unit if scheme else ""
    except KeyError:
        return ""


def rule_words(ind: m.Indicator, lang: str = "zh", scheme: m.Scheme | None = None) -> str:
    """The scoring rule as a sentence: 'X ≥ 75% → 100 分; 65% ≤ X < 75% → 80 分 …'."""
    rule, top = ind.rule, _n(ind.max_points)
    percent = bool(ind.value and ind.value.percent)
    pts = _t(lang, " 分", " pts")
    if isinstance(rule, m.BandsRule):
        return "; ".join(f"{band_words(b.range, 'X', percent)} → {_n(b.points)}{pts}" for b in rule.bands)
    if isinstance(rule, m.LinearRule):
        t, st = _show(rule.target, percent), _show(rule.step, percent)
        cap = _n(rule.cap if rule.cap is not None else ind.max_points)
        worse, better = ("低", "高") if rule.direction is m.Direction.HIGHER else ("高", "低")
        if lang == "en":
            worse_en, better_en = ("below", "above") if rule.direction is m.Direction.HIGHER else ("above", "below")
            text = f"target {t} → {top} pts; −{_n(rule.below)} per {st} {worse_en}"
            if rule.above:
                text += f", +{_n(rule.above)} per {st} {better_en}"
            text += "; part steps count pro rata" if rule.partial else "; only whole steps count"
            return text + f"; between {_n(rule.floor)} and {cap} pts"
        text = f"达到目标 {t} 得 {top} 分;每{worse} {st} 扣 {_n(rule.below)} 分"
        if rule.above:
            text += f",每{better} {st} 加 {_n(rule.above)} 分"
        text += ";不足一档按比例计" if rule.partial else ";不足一档不计"
        return text + f";最低 {_n(rule.floor)} 分,最高 {cap} 分"
    if isinstance(rule, m.ProportionalRule):
        cap = _n(rule.cap if rule.cap is not None else ind.max_points)
        example = fmt_plain(Decimal("0.9") * ind.max_points)
        text = _t(lang, f"得分 = 完成率 × {top}(如 90% × {top} = {example} 分),最高 {cap} 分",
                  f"points = completion × {top} (e.g. 90% × {top} = {example}), at most {cap}")
        if rule.floor_below is not None:
            text += _t(lang, f";完成率低于 {_pct(rule.floor_below)} 计 {_n(rule.floor_points)} 分",
                       f"; under {_pct(rule.floor_below)}: {_n(rule.floor_points)} pts")
        return text
    if isinstance(rule, m.DeductionsRule):
        parts = [_t(lang, f"满分 {top} 分", f"starts at {top} pts")]
        for item in rule.items:
            label = input_name(scheme, item.input, lang) if scheme and (lang == "en" or not item.name) else item.name
            unit = _unit(scheme, item.input)
            row_cap = "" if item.cap is None else _t(lang, f"(本项最多扣 {_n(item.cap)} 分)", f" (at most {_n(item.cap)})")
            parts.append(_t(lang, f"{label}每{'次' if unit in ('', '次', '项') else unit}扣 {_n(item.points)} 分{row_cap}",
                            f"{label}: −{_n(item.points)} each{row_cap}"))
        if rule.cap is not None:
            parts.append(_t(lang, f"扣分上限 {_n(rule.cap)} 分", f"at most {_n(rule.cap)} deducted"))
        parts.append(_t(lang, "扣完为止" if not rule.floor else f"最低 {_n(rule.floor)} 分",
                        f"never below {_n(rule.floor)}"))
        return ";".join(parts) if lang != "en" else "; ".join(parts)
    if isinstance(rule, m.ProgressiveRule):
        return _t(lang, f"满分 {top} 分;", f"starts at {top} pts; ") + progressive_words(rule, lang)
    if isinstance(rule, m.LevelsRule):
        return "; ".join(_t(lang, f"{lv} 级 → {_n(p)} 分", f"level {lv} → {_n(p)} pts") for lv, p in rule.points)
    if ind.value is not None and ind.value.kind == "raters":
        return _t(lang, f"评分人综合评分即得分(0–{top} 分)", f"the combined rating is the score (0–{top})")
    return _t(lang, f"直接填写得分(0–{top} 分)", f"the score is entered directly (0–{top})")


def progressive_words(rule: m.ProgressiveRule, lang: str = "zh") -> str:
    """'前 3 次不扣;第4次起 −5, −10, −15 …'"""
    steps = ", ".join(f"−{_n(rule.first + k * rule.step)}" for k in range(3))
    if lang == "en":
        text = f"first {rule.free} free; from occurrence {rule.free + 1}: {steps} …"
        return text + (f"; at most {_n(rule.cap)}" if rule.cap is not None else "")
    text = f"前 {rule.free} 次不扣;第{rule.free + 1}次起 {steps} …"
    return text + (f";最多扣 {_n(rule.cap)} 分" if rule.cap is not None else "")


def rater_words(scheme: m.Scheme, lang: str = "zh") -> list[str]:
    by_id = {r.id: r for r in scheme.raters}
    lines = []
    for r in scheme.raters:
        name = (r.name_en or r.id) if lang == "en" else r.name
        text = _t(lang, f"{name}:权重 {_n(r.weight)}", f"{name}: weight {_n(r.weight)}")
        if r.count > 1:
            text += _t(lang, f",最多 {r.count} 人,先取平均", f", up to {r.count} people, averaged first")
        if r.required:
            text += _t(lang, ",必填", ", required")
        if r.give_to and r.give_to in by_id:
            target = by_id[r.give_to]
            text += _t(lang, f";缺席时其权重计入{target.name}", f"; when missing, its weight goes to {target.name_en or target.id}")
        else:
            text += _t(lang, ";缺席时其余评分人按权重重新分配", "; when missing, the others' weights are renormalised")
        lines.append(text)
    total = sum((r.weight for r in scheme.raters), Decimal(0))
    if scheme.raters:
        terms = " + ".join(f"{_n(r.weight)}×{(r.name_en or r.id) if lang == 'en' else r.name}" for r in scheme.raters)
        lines.append(_t(lang, f"综合评分 = ({terms}) ÷ {_n(total)}", f"combined = ({terms}) / {_n(total)}"))
    return lines


def adjustment_words(scheme: m.Scheme, lang: str = "zh") -> list[str]:
    lines = []
    for a in scheme.adjustments:
        name = (a.name_en or a.id) if lang == "en" else a.name
        what = input_name(scheme, a.input, lang)
        if not (name in what or what.startswith(name[:4]) or what in name):
            name = f"{name} ({what})" if lang == "en" else f"{name}({what})"
        colon = ": " if lang == "en" else ":"
        if a.progressive is not None:
            text = f"{name}{colon}{progressive_words(a.progressive, lang)}"
        else:
            sign = "+" if a.points > 0 else "−"
            text = _t(lang, f"{name}:每次 {sign}{_n(abs(a.points))} 分", f"{name}: {sign}{_n(abs(a.points))} each")
        if a.cap is not None:
            text += _t(lang, f",本项最多 {_n(a.cap)} 分", f", this item at most {_n(a.cap)}")
        lines.append(text)
    if scheme.bonus_cap is not None:
        lines.append(_t(lang, f"加分合计最多 {_n(scheme.bonus_cap)} 分", f"bonus points at most {_n(scheme.bonus_cap)} in all"))
    if scheme.deduction_cap is not None:
        lines.append(_t(lang, f"扣分合计最多 {_n(scheme.deduction_cap)} 分", f"deductions at most {_n(scheme.deduction_cap)} in all"))
    return lines


def veto_words(scheme: m.Scheme, lang: str = "zh") -> list[str]:
    lines = []
    for v in scheme.vetoes:
        name = (v.name_en or v.id) if lang == "en" else v.name
        cond = f"{input_name(scheme, v.input, lang)} ≥ {_n(v.threshold)}"
        if v.cap_grade:
            g = scheme.grade(v.cap_grade)
            outcome = _t(lang, f"系数至多为“{g.label}”的 {_n(g.coefficient)}",
                         f"coefficient at most {g.label_en or g.label}'s {_n(g.coefficient)}")
        else:
            outcome = _t(lang, f"系数为 {_n(v.coefficient)}", f"coefficient {_n(v.coefficient)}")
        lines.append(f"{name}:{cond} → {outcome}" if lang != "en" else f"{name}: {cond} → {outcome}")
    return lines


def awards_words(scheme: m.Scheme, lang: str = "zh") -> list[str]:
    a = scheme.awards
    if a is None:
        return []
    by = _t(lang, "总分", "total") if a.by == "total" else input_name(scheme, a.by, lang)
    prizes = "、".join(_t(lang, f"第{i}名 {_n(p)} 元", f"#{i} {_n(p)}") for i, p in enumerate(a.prizes, 1))
    lines = [_t(lang, f"按{by}排名:{prizes};名次并列的同时奖励", f"ranked by {by}: {prizes}; tied places share the prize")]
    if a.small_team_size:
        small = "、".join(_t(lang, f"第{i}名 {_n(p)} 元", f"#{i} {_n(p)}") for i, p in enumerate(a.small_team_prizes, 1))
        lines.append(_t(lang, f"团队少于 {a.small_team_size} 人时:{small}", f"teams under {a.small_team_size}: {small}"))
    return lines


def history_words(scheme: m.Scheme, lang: str = "zh") -> list[str]:
    lines = []
    for h in scheme.history:
        zh, en = HISTORY.get(h.kind, (h.kind, h.kind))
        cond = (en if lang == "en" else zh).format(times=h.times, threshold=_n(h.threshold))
        line = f"{cond} → {outcome_en(h) if lang == 'en' else h.outcome}"
        if h.grade:
            line += _t(lang, f",等级定为{h.grade}", f", grade set to {h.grade}")
        if h.bonus is not None:
            line += _t(lang, f",额外奖金 {_n(h.bonus)} 元", f", extra pay {_n(h.bonus)}")
        lines.append(line)
    return lines


def grade_words(scheme: m.Scheme, lang: str = "zh") -> list[str]:
    return [f"{(g.label_en or g.label) if lang == 'en' else g.label}:{band_words(g.range, _t(lang, '总分', 'total'))},"
            + _t(lang, f"系数 {_n(g.coefficient)}", f"coefficient {_n(g.coefficient)}") for g in scheme.grades]


def describe(scheme: m.Scheme, lang: str = "zh") -> list[Block]:
    """Headed blocks of plain lines, in the order the engine computes."""
    en = lang == "en"
    period = PERIODS.get(scheme.period, (scheme.period, scheme.period))[1 if en else 0]
    if scheme.cutoff_day is not None:  # GS组: 26日–25日
        d = scheme.cutoff_day
        period += _t(lang, f"(每月 {d + 1} 日至次月 {d} 日)", f" (day {d + 1} of a month to day {d} of the next)")
    head = [f"{scheme.id}  v{scheme.version}  {scheme.name_en if en and scheme.name_en else scheme.name}",
            _t(lang, f"岗位:{scheme.role};考核周期:{period}", f"role: {scheme.role}; period: {period}")]
    if scheme.source:
        head.append(_t(lang, f"依据:{scheme.source}", f"source: {scheme.source}"))
    blocks = [Block(_t(lang, "考核方案", "Scheme"), head)]
    for s in scheme.sections:
        lines = []
        for ind in s.indicators:
            name = (ind.name_en or ind.id) if en else ind.name
            value = value_words(scheme, ind, lang)
            lines.append(_t(lang, f"{name} — 权重 {_n(ind.weight)}%,满分 {_n(ind.max_points)}", f"{name} — weight {_n(ind.weight)}%, "
                            f"max {_n(ind.max_points)}") + (f"(X = {value})" if value and not en else f" (X = {value})" if value else ""))
            lines.append("    " + rule_words(ind, lang, scheme))
        title = (s.name_en or s.id) if en else s.name
        share = (_t(lang, f"{title}(占总分 {_n(s.weight)}%)", f"{title} ({_n(s.weight)}% of the total)") if s.in_total
                 else _t(lang, f"{title}(不计入总分,供工资项使用)", f"{title} (not in the total; a pay item's score)"))
        blocks.append(Block(share, lines))
    if scheme.raters:
        blocks.append(Block(_t(lang, "评分人", "Raters"), rater_words(scheme, lang)))
    if scheme.multiplier:
        mp = scheme.multiplier
        blocks.append(Block(_t(lang, "重关指标", "Key-indicator multiplier"), [_t(
            lang, f"总分 × {mp.name}({input_name(scheme, mp.input, lang)} ÷ {_n(mp.divisor)})",
            f"total × {mp.name_en} ({input_name(scheme, mp.input, lang)} / {_n(mp.divisor)})")]))
    if scheme.adjustments:
        blocks.append(Block(_t(lang, "加分与扣分", "Adjustments"), adjustment_words(scheme, lang)))
    limit = _n(scheme.total_max) if scheme.total_max is not None else "∞"
    blocks.append(Block(_t(lang, "总分", "Total"), [
        _t(lang, f"总分限定在 {_n(scheme.total_min)}–{limit} 分(超过 {limit} 分按 {limit} 分计)",
           f"the total is kept within {_n(scheme.total_min)}–{limit}"),
        _t(lang, f"指标得分、加权得分、各部分得分与总分均四舍五入到 {scheme.rounding.points} 位小数",
           f"points, weighted points, section scores and the total are rounded half up to {scheme.rounding.points} decimals"),
    ]))
    blocks.append(Block(_t(lang, "考核等级", "Grades"), grade_words(scheme, lang)))
    if scheme.vetoes:
        blocks.append(Block(_t(lang, "雷区(一票否决)", "Vetoes"), veto_words(scheme, lang)))
    if scheme.bonus:
        blocks.append(Block(_t(lang, "奖金", "Bonus"), bonus_words(scheme, lang)))
    elif scheme.pay:
        blocks.append(Block(_t(lang, "工资项", "Pay items"), pay_words(scheme, lang)))
    if scheme.constants:
        blocks.append(Block(_t(lang, "常量", "Constants"), constant_words(scheme)))
    if scheme.awards:
        blocks.append(Block(_t(lang, "排名奖励", "Awards"), awards_words(scheme, lang)))
    if scheme.history:
        blocks.append(Block(_t(lang, "连续期规则", "Rules over consecutive periods"), history_words(scheme, lang)))
    inputs = []
    for item in scheme.inputs:
        show = _pct if item.kind is m.InputKind.PERCENT else _n
        lo = show(item.min) if item.min is not None else ""
        rng = f"{lo}–{show(item.max)}" if item.max is not None else (f"≥ {lo}" if lo else "")
        name = (item.name_en or item.id) if en else item.name
        extra = "" if item.required else _t(lang, ",可空", ", optional")
        inputs.append(f"{name} [{item.id}] {item.unit} {rng}{extra}".replace("  ", " "))
    blocks.append(Block(_t(lang, "需要填写的数据", "Inputs"), inputs))
    if scheme.signoff:
        blocks.append(Block(_t(lang, "签字确认", "Sign-off"), signoff_words(scheme, lang)))
    if scheme.improvement:
        blocks.append(Block(_t(lang, "改进计划", "Improvement plans"), scheme.improvement.words(lang)))
    if scheme.notes:
        blocks.append(Block(_t(lang, "说明", "Notes"), scheme.notes.splitlines()))
    return blocks


def signoff_words(scheme: m.Scheme, lang: str) -> list[str]:
    """The scheme's own sign-off block in the order printed; [] when the reports print the default."""
    if not scheme.signoff:
        return []
    en = lang == "en"
    names = [(r.name_en or r.name) if en else r.name for r in scheme.signoff.roles]
    lines = [_t(lang, "签字人(从左到右):", "signed by, left to right: ") + (" / ".join(names))]
    if scheme.signoff.copies:
        lines.append(_t(lang, f"本表一式 {scheme.signoff.copies} 份", f"made in {scheme.signoff.copies} copies"))
    return lines


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return fmt_plain(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def to_dict(scheme: m.Scheme, lang: str = "zh") -> dict[str, Any]:
    """The description as data: ids, weights and each rule's words; numbers as exact strings."""
    en = lang == "en"
    return _jsonable({
        "id": scheme.id, "version": scheme.version, "name": scheme.name, "name_en": scheme.name_en, "role": scheme.role,
        "period": scheme.period, "cutoff_day": scheme.cutoff_day, "source": scheme.source, "path": scheme.path,
        "sections": [{"id": s.id, "name": s.name_en if en and s.name_en else s.name, "weight": s.weight,
                      "in_total": s.in_total, "indicators": [
            {"id": i.id, "name": i.name_en if en and i.name_en else i.name, "weight": i.weight, "max_points": i.max_points,
             "rule_kind": i.rule.kind, "value": value_words(scheme, i, lang), "rule": rule_words(i, lang, scheme)}
            for i in s.indicators]} for s in scheme.sections],
        "raters": rater_words(scheme, lang), "adjustments": adjustment_words(scheme, lang),
        "multiplier": scheme.multiplier.input if scheme.multiplier else None,
        "total": {"min": scheme.total_min, "max": scheme.total_max},
        "grades": [{"label": g.label, "label_en": g.label_en, "range": g.range.text(), "coefficient": g.coefficient}
                   for g in scheme.grades],
        "vetoes": veto_words(scheme, lang), "bonus": bonus_words(scheme, lang),
        "pay": [{"id": p.id, "name": p.name_en if en and p.name_en else p.name, "score": p.score} for p in scheme.pay],
        "pay_words": pay_words(scheme, lang), "constants": dict(scheme.constants), "awards": awards_words(scheme, lang),
        "history": history_words(scheme, lang), "inputs": [c.key for c in scheme.columns()],
        "rounding": {"points": scheme.rounding.points, "money": scheme.rounding.money}, "notes": scheme.notes,
        "signoff": signoff_words(scheme, lang),
        "improvement": scheme.improvement.words(lang) if scheme.improvement else [],
    })
