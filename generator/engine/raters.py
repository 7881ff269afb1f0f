"""Several raters on one indicator (003: 综合评分 = (自评 + 相关同事评分 + 上级评分)/3).

Peers are averaged first. A missing rater's weight either goes to a named rater (`give_to`:
the seed's "(2×上级 + 自评)/3" hands the peers' third to the supervisor) or, by default, is
dropped and the weights of those present are renormalised.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.core.findings import Finding, KpiError
from generator.core.numbers import div, fmt_plain, round_half_up
from generator.model.results import RaterPoints, Why
from generator.scheme.model import Rater, rater_key


@dataclass(frozen=True)
class Combined:
    value: Decimal
    why: Why
    points: tuple[RaterPoints, ...] = ()  # every rater in the scheme's order, present or not


def rater_scores(indicator_id: str, rater: Rater, values: Mapping[str, Decimal | None]) -> list[Decimal]:
    keys = [rater_key(indicator_id, rater.id, n if rater.count > 1 else 0) for n in range(1, rater.count + 1)]
    return [v for v in (values.get(k) for k in keys) if v is not None]


def combine(
    indicator_id: str,
    raters: Sequence[Rater],
    values: Mapping[str, Decimal | None],
    transform: Callable[[Decimal], Decimal] | None = None,
) -> Combined:
    """`transform` turns each rater's entry into points before weighting: a behaviour level
    (001: 自评 4级, 上级 5级) is worth 16 and 20 points, and the average of levels 4 and 5 is no level."""
    scores: dict[str, Decimal] = {}
    for rater in raters:
        got = rater_scores(indicator_id, rater, values)
        if transform is not None:
            got = [transform(v) for v in got]
        if got:
            scores[rater.id] = div(sum(got, Decimal(0)), Decimal(len(got)))
        elif rater.required:
            raise KpiError(Finding(code="missing-rater", message=f"缺少必需的{rater.name}评分",
                                   message_en=f"the required {rater.name_en or rater.id} score is missing"))
    if not scores:
        raise KpiError(Finding(code="missing-rater", message="没有任何评分人打分", message_en="no rater gave a score"))
    weights = {r.id: r.weight for r in raters if r.id in scores}
    moved_zh: list[str] = []
    moved_en: list[str] = []
    for rater in raters:
        if rater.id in scores:
            continue
        if rater.give_to and rater.give_to in scores:
            weights[rater.give_to] += rater.weight
            target = next(r for r in raters if r.id == rater.give_to)
            moved_zh.append(f"无{rater.name},其权重计入{target.name}")
            moved_en.append(f"no {rater.name_en or rater.id}: its weight goes to {target.name_en or target.id}")
        else:
            moved_zh.append(f"无{rater.name},其余评分人按权重重新分配")
            moved_en.append(f"no {rater.name_en or rater.id}: the others' weights are renormalised")
    total_weight = sum(weights.values(), Decimal(0))
    if total_weight == 0:  # only raters of weight 0 (shown, never counted) gave a score
        counted = "、".join(r.name for r in raters if r.weight > 0)
        counted_en = ", ".join(r.name_en or r.id for r in raters if r.weight > 0)
        raise KpiError(Finding(code="missing-rater", message=f"缺少计分的评分人({counted})的评分",
                               message_en=f"no score from a counted rater ({counted_en})"))
    value = div(sum((weights[k] * scores[k] for k in weights), Decimal(0)), total_weight)
    by_name = {r.id: r for r in raters}
    points = tuple(RaterPoints(rater=r.id, name=r.name, name_en=r.name_en, points=scores.get(r.id),
                               weight=weights.get(r.id, Decimal(0))) for r in raters)
    # an average of peers (83.333…) is shown to 2 decimals; the sum uses the exact value
    shown = {k: fmt_plain(round_half_up(scores[k], 2)) for k in weights}
    terms_zh = " + ".join(f"{fmt_plain(weights[k])}×{by_name[k].name}{shown[k]}" for k in weights)
    terms_en = " + ".join(f"{fmt_plain(weights[k])}×{by_name[k].name_en or k} {shown[k]}" for k in weights)
    prefix_zh = ";".join(moved_zh) + ":" if moved_zh else ""
    prefix_en = "; ".join(moved_en) + ": " if moved_en else ""
    return Combined(
        value,
        Why(zh=f"{prefix_zh}({terms_zh}) ÷ {fmt_plain(total_weight)}", en=f"{prefix_en}({terms_en}) / {fmt_plain(total_weight)}"),
        points,
    )
