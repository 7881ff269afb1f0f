"""The `rollup:` section of a scheme file: what `archive report` does over a quarter, half-year or year.

    rollup:
      score: sum                  # sum | average (default average): what ranks the team
      awards:                     # optional: prizes by place over each `per` period
        name: 季度优异奖
        name_en: Quarterly excellence award
        per: quarter              # quarter | half | year
        prizes: [800, 600, 300]
"""

from __future__ import annotations

from typing import Any

from generator.scheme import model as m
from generator.scheme.reading import _Bad, _Builder, number, text
from generator.scheme.yamlsrc import Node

SCORES = ("sum", "average")
AWARD_PERIODS = ("quarter", "half", "year")


def _choice(b: _Builder, node: Node, key: str, allowed: tuple[str, ...], default: str, what: str) -> str:
    value = b.opt(node, key, text, what, default)
    if value not in allowed:
        b.problem(node.line_of(key), "scheme-bad-value", f"{what} 的 “{key}” 只能是 {' / '.join(allowed)},不是 “{value}”",
                  f"{what}: {key!r} must be one of {', '.join(allowed)}, not {value!r}")
        raise _Bad
    return value


def _rollup(b: _Builder, n: Any) -> m.RollupRule:
    n = b.keys(n, {"score", "awards"}, "rollup")
    score = _choice(b, n, "score", SCORES, "average", "rollup")
    awards = None
    if n.get("awards") is not None:
        an = b.keys(n["awards"], {"name", "name_en", "per", "prizes"}, "rollup.awards")
        prizes = b.req(an, "prizes", lambda v: tuple(number(x) for x in v), "rollup.awards")
        if not prizes or any(p < 0 for p in prizes):
            b.problem(an.line_of("prizes"), "scheme-bad-value", "rollup.awards 的 prizes 应是一列不小于 0 的金额",
                      "rollup.awards: prizes must be a list of amounts, none below 0",
                      hint="例如 prizes: [800, 600, 300]", hint_en="e.g. prizes: [800, 600, 300]")
            raise _Bad
        awards = m.RollupAwards(prizes=prizes, per=_choice(b, an, "per", AWARD_PERIODS, "quarter", "rollup.awards"),
                                name=b.opt(an, "name", text, "rollup.awards", ""),
                                name_en=b.opt(an, "name_en", text, "rollup.awards", ""))
    return m.RollupRule(score=score, awards=awards)


__all__ = ["AWARD_PERIODS", "SCORES"]
