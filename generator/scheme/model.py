"""The scheme (考核方案): a role's indicators, weights, rules, grades and bonus, as data.

A scheme is loaded from YAML by `loader.py` (which validates it); the engine computes with
it; the workbook module derives the input columns from it (`Scheme.columns()`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from generator.model.improvement import ImprovementRule
from generator.scheme.intervals import Interval
from generator.scheme.pay_model import LEGACY_PAY_ID, Bonus, PayDef, Tier  # noqa: F401 - model.X
from generator.scheme.periodic import RollupAwards, RollupRule, SignOff, SignRole  # noqa: F401 - model.X
from generator.scheme.rule_kinds import (  # noqa: F401 - re-exported: the rest of the code reads them as model.X
    Band,
    BandsRule,
    DeductionItem,
    DeductionsRule,
    Direction,
    DirectRule,
    LevelsRule,
    LinearRule,
    ProgressiveRule,
    ProportionalRule,
    Rule,
)


class InputKind(enum.StrEnum):
    NUMBER = "number"  # any decimal, e.g. seconds, a ratio such as 1.12
    PERCENT = "percent"  # stored as a fraction: 95% → 0.95
    COUNT = "count"  # whole number ≥ 0
    MONEY = "money"  # 元, to the fen
    LEVEL = "level"  # one of the allowed levels (1–5)
    SCORE = "score"  # points entered by a rater or the manager


@dataclass(frozen=True)
class InputDef:
    id: str
    name: str
    kind: InputKind
    name_en: str = ""
    unit: str = ""
    min: Decimal | None = None
    max: Decimal | None = None
    required: bool = True
    levels: tuple[int, ...] = ()
    help: str = ""
    line: int = 0


@dataclass(frozen=True)
class ValueSource:
    """Where an indicator's measured value comes from."""

    kind: str  # "input" | "ratio" | "expr" | "raters"
    input: str = ""
    numerator: str = ""
    denominator: str = ""
    expr: str = ""
    percent: bool = False  # show the value as a percentage

    def inputs(self) -> tuple[str, ...]:
        if self.kind == "input":
            return (self.input,)
        if self.kind == "ratio":
            return (self.numerator, self.denominator)
        if self.kind == "expr":
            from generator.core.expr import names_in

            return tuple(names_in(self.expr))
        return ()



@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    weight: Decimal  # % of its section
    rule: Rule
    value: ValueSource | None = None  # None for deductions / progressive (they name inputs)
    max_points: Decimal = Decimal(100)
    name_en: str = ""
    unit: str = ""
    description: str = ""
    line: int = 0

    def inputs(self) -> tuple[str, ...]:
        names: list[str] = list(self.value.inputs()) if self.value else []
        if isinstance(self.rule, DeductionsRule):
            names += [item.input for item in self.rule.items]
        if isinstance(self.rule, ProgressiveRule):
            names.append(self.rule.input)
        return tuple(names)


@dataclass(frozen=True)
class Section:
    id: str
    name: str
    weight: Decimal  # % of the total
    indicators: tuple[Indicator, ...]
    name_en: str = ""
    line: int = 0
    in_total: bool = True  # False: a companion section, scored and shown but not added to the total (a pay item's score)


# ---- raters ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rater:
    id: str  # "self", "peer", "supervisor" …
    name: str  # 自评, 同事评, 上级评
    weight: Decimal
    count: int = 1  # peers: several columns, averaged first
    required: bool = False
    give_to: str = ""  # when missing: its weight goes to this rater; "" → renormalise
    name_en: str = ""


# ---- outside the table -------------------------------------------------------------


@dataclass(frozen=True)
class Adjustment:
    """加分项 / 扣分项: points per occurrence (signed), or a progressive deduction."""

    id: str
    name: str
    input: str
    points: Decimal = Decimal(0)  # per occurrence; positive adds, negative deducts
    progressive: ProgressiveRule | None = None
    cap: Decimal | None = None  # the most this item may move the total, in points
    name_en: str = ""
    line: int = 0


@dataclass(frozen=True)
class Veto:
    """雷区 / 一票否决: when input ≥ threshold, the grade is capped or the coefficient set."""

    id: str
    name: str
    input: str
    threshold: Decimal
    cap_grade: str = ""  # a grade label: the coefficient is at most that grade's
    coefficient: Decimal | None = None  # e.g. 0: no performance pay at all
    name_en: str = ""
    line: int = 0


@dataclass(frozen=True)
class Multiplier:
    """重关指标值: total × (input / divisor)."""

    input: str
    name: str = "重关指标值"
    divisor: Decimal = Decimal(100)
    name_en: str = "key-indicator multiplier"


@dataclass(frozen=True)
class Grade:
    label: str
    range: Interval
    coefficient: Decimal
    label_en: str = ""


@dataclass(frozen=True)
class Awards:
    """Prizes by rank (000: 300/200/100; one place of 200 when the team is small)."""

    prizes: tuple[Decimal, ...]
    by: str = "total"  # "total" or an input id (e.g. monthly sales)
    small_team_size: int = 0  # teams with fewer members than this get small_team_prizes
    small_team_prizes: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class HistoryRule:
    """A rule over consecutive periods (003): needs earlier periods' results."""

    id: str
    name: str
    kind: str  # "below_in_a_row" | "last_in_a_row" | "first_in_a_row" | "below_team_average"
    times: int
    threshold: Decimal | None = None  # for below_in_a_row
    outcome: str = ""  # 淘汰 / 额外奖金 / 可提出解雇
    name_en: str = ""
    outcome_en: str = ""
    grade: str = ""  # a grade the rule imposes when it fires ("" = the outcome is a note, the grade stays)
    bonus: Decimal | None = None  # 元 paid as an extra pay line when it fires (None: the scheme sets no amount)


@dataclass(frozen=True)
class Rounding:
    points: int = 2
    money: int = 2


@dataclass(frozen=True)
class Scheme:
    id: str
    version: str
    name: str
    sections: tuple[Section, ...]
    inputs: tuple[InputDef, ...]
    grades: tuple[Grade, ...]
    name_en: str = ""
    role: str = ""
    period: str = "month"  # month | quarter | half | year (history/periods.py)
    cutoff_day: int | None = None  # 25: a month runs from the 26th of the month before to the 25th (GS组)
    source: str = ""
    notes: str = ""
    raters: tuple[Rater, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    bonus_cap: Decimal | None = None  # all bonus adjustments together, at most
    deduction_cap: Decimal | None = None  # all deduction adjustments together, at most
    vetoes: tuple[Veto, ...] = ()
    multiplier: Multiplier | None = None
    total_min: Decimal = Decimal(0)
    total_max: Decimal | None = Decimal(100)  # 当月总分在100分以上,仍按照满分100分计算
    bonus: Bonus | None = None  # the `bonus:` shorthand; `pay` then holds it as its one item
    pay: tuple[PayDef, ...] = ()
    constants: Mapping[str, Decimal] = field(default_factory=dict)  # `constants:` name → value (formulas, pay)
    awards: Awards | None = None
    history: tuple[HistoryRule, ...] = ()
    rollup: RollupRule = field(default_factory=RollupRule)
    rounding: Rounding = field(default_factory=Rounding)
    signoff: SignOff | None = None  # None: the default 被考核人 / 考核人 / 复核人 block
    improvement: ImprovementRule | None = None  # who must have a 改进计划 after a low score (model/improvement.py)
    path: str = ""
    content_hash: str = ""  # sha256 of the YAML in canonical form (scheme/fingerprint.py); "" when not from YAML

    def input(self, input_id: str) -> InputDef:
        for item in self.inputs:
            if item.id == input_id:
                return item
        raise KeyError(input_id)

    def scored_sections(self) -> tuple[Section, ...]:
        """The sections whose contributions add up to the total (not the companions)."""
        return tuple(s for s in self.sections if s.in_total)

    def indicators(self) -> list[tuple[Section, Indicator]]:
        return [(s, i) for s in self.sections for i in s.indicators]

    def rater(self, rater_id: str) -> Rater:
        for r in self.raters:
            if r.id == rater_id:
                return r
        raise KeyError(rater_id)

    def grade(self, label: str) -> Grade:
        for g in self.grades:
            if g.label == label:
                return g
        raise KeyError(label)

    def columns(self) -> list[Column]:
        """The data columns of the input workbook, after 工号/姓名/岗位/邮箱, in order."""
        cols: list[Column] = []
        seen: set[str] = set()
        for section, ind in self.indicators():
            if ind.value is not None and ind.value.kind == "raters":
                # on a levels rule each rater enters a level (001 自评 / 上级 4级), not points: the column is
                # a level column with the rule's levels, so the workbook offers 1–5 and refuses 16
                levels = tuple(lv for lv, _ in ind.rule.points) if isinstance(ind.rule, LevelsRule) else ()
                for rater in self.raters:
                    for n in range(1, rater.count + 1):
                        key = rater_key(ind.id, rater.id, n if rater.count > 1 else 0)
                        suffix = f"{rater.name}{n}" if rater.count > 1 else rater.name
                        suffix_en = f"{rater.name_en or rater.id} {n}" if rater.count > 1 else rater.name_en or rater.id
                        cols.append(
                            Column(
                                key=key,
                                header=f"{ind.name}-{suffix}",
                                header_en=f"{ind.name_en or ind.id} - {suffix_en}",
                                kind=InputKind.LEVEL if levels else InputKind.SCORE,
                                min=Decimal(min(levels)) if levels else Decimal(0),
                                max=Decimal(max(levels)) if levels else ind.max_points,
                                required=rater.required,
                                levels=levels,
                                section=section.id,
                                indicator=ind.id,
                                rater=rater.id,
                            )
                        )
                continue
            for input_id in ind.inputs():
                if input_id in seen:
                    continue
                seen.add(input_id)
                cols.append(Column.of(self.input(input_id), section.id, ind.id))
        for item in self.inputs:  # adjustments, vetoes, multiplier, bonus inputs
            if item.id not in seen:
                seen.add(item.id)
                cols.append(Column.of(item, "", ""))
        return cols


def rater_key(indicator_id: str, rater_id: str, n: int = 0) -> str:
    """Key of one rater's score in an employee's values: 'attitude@peer#2'."""
    return f"{indicator_id}@{rater_id}" + (f"#{n}" if n else "")


@dataclass(frozen=True)
class Column:
    key: str  # the key in EmployeeInput.values
    header: str
    kind: InputKind
    header_en: str = ""
    unit: str = ""
    min: Decimal | None = None
    max: Decimal | None = None
    required: bool = True
    levels: tuple[int, ...] = ()
    section: str = ""
    indicator: str = ""
    rater: str = ""
    help: str = ""

    @classmethod
    def of(cls, item: InputDef, section: str, indicator: str) -> Column:
        return cls(key=item.id, header=item.name, header_en=item.name_en or item.id, kind=item.kind, unit=item.unit,
                   min=item.min, max=item.max, required=item.required, levels=item.levels, section=section,
                   indicator=indicator, help=item.help)
