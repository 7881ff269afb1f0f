"""`constants:` and `pay:` of a scheme file, and the `bonus:` shorthand (a one-item pay list).

    constants:
      workload_baseline: 400          # name → decimal; usable in expr formulas and as pay parameters
    pay:
      - {id: score_pay, name: 绩效工资, name_en: Performance pay, kind: score_percent, base: 750}
      - {id: commission, name: 销售额提成, kind: commission, score: "section:presales", ...}

`score:` is what the formula's "score" is: `total` (default), `section:<id>` (that section's
subtotal out of 100, usually a companion section with `in_total: false`) or `input:<id>`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from generator.scheme import model as m
from generator.scheme.extras_yaml import _bonus
from generator.scheme.reading import _Bad, _Builder, ident, number, text
from generator.scheme.yamlsrc import Node

PAY_ITEM_KEYS = frozenset({"id", "name", "name_en", "score"})
CONSTANT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# ids a pay item may not take: results.json's pay list already uses them for the ranking prize and history lines
RESERVED_PAY_IDS = frozenset({"award"})
LEGACY_NAME, LEGACY_NAME_EN = "绩效工资", "Performance pay"


def _constants(b: _Builder, root: Node) -> dict[str, Decimal]:
    raw = root.get("constants")
    if raw is None:
        return {}
    if not isinstance(raw, Node):
        b.problem(root.line_of("constants"), "scheme-not-mapping", "constants 应是一组“名称: 数值”",
                  "constants must be a mapping of name: value")
        return {}
    out: dict[str, Decimal] = {}
    for name in raw:
        line = raw.line_of(name)
        if not CONSTANT_NAME.fullmatch(str(name)):
            b.problem(line, "scheme-bad-value", f"常量名 “{name}” 无效:只能用英文字母、数字和 _,以字母开头",
                      f"constant name {name!r} is not valid: letters, digits and '_', starting with a letter")
            continue
        if str(name) in b.inputs:
            b.problem(line, "scheme-duplicate-id", f"常量 “{name}” 与输入项同名", f"constant {name!r} has an input's id")
            continue
        try:
            out[str(name)] = number(raw[name])
        except (ValueError, TypeError, ArithmeticError):
            b.problem(line, "scheme-bad-value", f"常量 “{name}” 的值 “{raw[name]}” 不是数值",
                      f"constant {name!r}: {raw[name]!r} is not a number")
    return out


def _pay_item(b: _Builder, n: Any) -> m.PayDef:
    if not isinstance(n, Node):
        b.keys(n, set(), "pay")  # reports "not a mapping" with its line
    pid = b.req(n, "id", ident, "pay")
    where = f"pay {pid}"
    formula = _bonus(b, n, PAY_ITEM_KEYS, where)
    score = b.opt(n, "score", text, where, "total").strip()
    kind, _, ref = score.partition(":")
    if score != "total" and (kind not in ("section", "input") or not ref):
        b.problem(n.line_of("score"), "scheme-bad-value", f"{where} 的 score “{score}” 无法识别",
                  f"{where}: score {score!r} is not valid",
                  hint="可用: total、section:<考核部分 id>、input:<输入项 id>",
                  hint_en="use total, section:<section id> or input:<input id>")
        score = "total"
    return m.PayDef(id=pid, name=b.req(n, "name", text, where), name_en=b.opt(n, "name_en", text, where, ""),
                    formula=formula, score=score, line=n.line)


def _pay(b: _Builder, root: Node) -> tuple[m.Bonus | None, tuple[m.PayDef, ...]]:
    """(the `bonus:` shorthand or None, the pay items). Both keys at once is an error: which one pays?"""
    if root.get("bonus") is not None and root.get("pay") is not None:
        b.problem(root.line_of("pay"), "scheme-bad-value", "方案同时有 bonus 与 pay:请只用 pay(bonus 是只有一项的 pay)",
                  "the scheme has both bonus and pay: use pay only (bonus is a pay list of one item)")
        raise _Bad
    if root.get("bonus") is not None:
        bonus = _bonus(b, root["bonus"])
        return bonus, (m.PayDef(id=m.LEGACY_PAY_ID, name=LEGACY_NAME, name_en=LEGACY_NAME_EN, formula=bonus,
                                line=bonus.line),)
    items = b.each(root.get("pay"), lambda n: _pay_item(b, n), "pay", root.line_of("pay"))
    seen: set[str] = set()
    for item in items:
        if item.id in seen or item.id in RESERVED_PAY_IDS:
            b.problem(item.line, "scheme-duplicate-id", f"工资项编号 “{item.id}” 重复或已被占用",
                      f"pay item id {item.id!r} is used twice or reserved", hint="award 是名次奖的编号",
                      hint_en="award is the ranking prize's id")
        seen.add(item.id)
    return None, tuple(items)


def check_pay(b: _Builder, s: m.Scheme, need: Any) -> None:
    """Every pay item's references: its score source, and the inputs its formula reads."""
    sections = {sec.id for sec in s.sections}
    indicator_ids = {ind.id for _, ind in s.indicators()}
    for item in s.pay:
        where = "bonus" if s.bonus is not None else f"pay {item.id}"
        if item.score_kind == "section" and item.score_ref not in sections:
            b.problem(item.line, "scheme-bad-value", f"{where} 的 score 指向不存在的考核部分 “{item.score_ref}”",
                      f"{where}: score names section {item.score_ref!r}, which does not exist",
                      hint="可用: " + "、".join(sorted(sections)))
        if item.score_kind == "input":
            need(item.score_ref, where, item.line)
        for name in item.formula.inputs():
            # a formula may read an indicator's measured value (转化率) or a constant (工作量基准)
            if name not in indicator_ids and name not in s.constants:
                need(name, where, item.line)


__all__ = ["check_pay", "_constants", "_pay"]
