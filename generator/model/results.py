"""What the engine returns: every number with the working behind it.

Each step carries a `Why` in Chinese and English so that reports (Excel, PDF, terminal,
e-mail) can show the working in either language without recomputing anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # model/improvement.py builds on Why, defined here
    from generator.model.improvement import ImprovementStatus


@dataclass(frozen=True)
class Why:
    zh: str
    en: str = ""

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" and self.en else self.zh


@dataclass(frozen=True)
class Employee:
    id: str  # 工号
    name: str  # 姓名
    position: str = ""  # 岗位
    email: str = ""  # 邮箱
    department: str = ""  # 部门


@dataclass(frozen=True)
class EmployeeInput:
    """One row of the input workbook, already normalised to Decimals.

    `values` is keyed by `Column.key` (input ids; rater scores as 'indicator@rater#n').
    A missing or empty value is None.
    """

    employee: Employee
    values: Mapping[str, Decimal | None]
    comment: str = ""
    row: int = 0  # the workbook row, for findings


@dataclass(frozen=True)
class RaterPoints:
    """One rater's points on a rated indicator, as they went into the combination (engine/raters.py).

    `points` is on the indicator's scale: peers already averaged, a behaviour level already turned
    into its points (001: 自评 4级 → 16); None when the rater gave none. `weight` is what the points
    carried: a missing rater's weight moved to its `give_to` rater, 0 when absent.
    """

    rater: str
    name: str
    points: Decimal | None
    weight: Decimal
    name_en: str = ""


@dataclass(frozen=True)
class IndicatorResult:
    id: str
    name: str
    section: str
    inputs: Mapping[str, Decimal | None]  # what the rule read
    value: Decimal | None  # the measured value (a rate is a fraction: 0.75)
    value_text: str  # as shown: "75%", "28 秒", "3 次"
    applied: Why  # the band / step / level applied: "X ≥ 75% → 100"
    points: Decimal  # on the indicator's own scale (0 … max_points)
    max_points: Decimal
    weight: Decimal  # % of the section
    weighted: Decimal  # points / max_points × weight, rounded
    name_en: str = ""
    value_text_en: str = ""
    rater_points: tuple[RaterPoints, ...] = ()  # empty unless the indicator is rated (value: raters)

    def value_in(self, lang: str = "zh") -> str:
        return self.value_text_en if lang == "en" and self.value_text_en else self.value_text


@dataclass(frozen=True)
class SectionResult:
    id: str
    name: str
    weight: Decimal  # % of the total
    subtotal: Decimal  # Σ weighted points of its indicators (out of 100)
    weighted: Decimal  # subtotal × weight / 100, rounded
    name_en: str = ""
    in_total: bool = True  # False: a companion section (a pay item's score), not part of the total


@dataclass(frozen=True)
class AdjustmentResult:
    id: str
    name: str
    count: Decimal
    points: Decimal  # signed: + bonus points, − deductions
    why: Why
    name_en: str = ""


@dataclass(frozen=True)
class VetoResult:
    id: str
    name: str
    count: Decimal
    threshold: Decimal
    triggered: bool
    why: Why
    name_en: str = ""


@dataclass(frozen=True)
class BonusResult:
    """One pay item of the scheme (`pay:`; `bonus:` is the item "bonus"), or the sum of several."""

    amount: Decimal  # 元, rounded to the fen
    why: Why
    components: Mapping[str, Decimal] = field(default_factory=dict)
    id: str = ""  # the scheme's pay item id ("bonus" for the `bonus:` shorthand)
    name: str = ""
    name_en: str = ""


@dataclass(frozen=True)
class AppraisalKey:
    """What one appraisal is of: the archive, the mailer and results.json all key on it."""

    company: str
    department: str
    period: str  # "2026-10"
    scheme_id: str
    scheme_version: str
    scheme_hash: str = ""  # sha256 of the scheme's content; "" for a scheme built in a test

    def to_dict(self) -> dict[str, str]:
        return {"company": self.company, "department": self.department, "period": self.period,
                "scheme_id": self.scheme_id, "scheme_version": self.scheme_version, "scheme_hash": self.scheme_hash}


@dataclass(frozen=True)
class ScoredEmployee:
    """The scoring stage: indicators → sections → multiplier → adjustments → total. No grade, no pay yet."""

    employee: Employee
    indicators: tuple[IndicatorResult, ...]
    sections: tuple[SectionResult, ...]
    base_total: Decimal
    multiplier: Decimal | None
    adjustments: tuple[AdjustmentResult, ...]
    total: Decimal
    total_why: Why
    values: Mapping[str, Decimal | None]
    raters: Mapping[str, Why] = field(default_factory=dict)
    comment: str = ""
    row: int = 0  # the workbook row, for findings


@dataclass(frozen=True)
class Standing:
    """The team stage's verdict on one employee: place (ties share it) and ranking prize."""

    rank: int
    team_size: int
    award: Decimal | None = None


@dataclass(frozen=True)
class GradeOverride:
    """A grade imposed between the team stage and settlement (calibration, rules over earlier periods)."""

    label: str
    why: Why


@dataclass(frozen=True)
class HistoryOutcome:
    """One rule over consecutive periods applied to one employee (history/apply.py).

    status: "triggered" (the rule fires: `periods` is the run that fired it, oldest first),
    "undecidable" (earlier results are missing: `missing` names the periods, never a silent pass)
    or "clear" (a known period breaks the run).
    """

    rule_id: str
    name: str
    kind: str
    status: str
    why: Why
    outcome: str = ""  # 淘汰 / 额外奖金 / 公司有权提出解雇: what the scheme says follows
    periods: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    name_en: str = ""
    outcome_en: str = ""

    @property
    def triggered(self) -> bool:
        return self.status == "triggered"


@dataclass(frozen=True)
class PayItem:
    """A pay line added before settlement (额外奖金 of a history rule); amount in 元, to the fen."""

    id: str
    name: str
    amount: Decimal
    why: Why
    name_en: str = ""


@dataclass(frozen=True)
class Imposed:
    """What the engine's adjust hook imposes on one employee before pay is settled."""

    override: GradeOverride | None = None  # a grade (calibration, a history rule with `grade:`)
    history: tuple[HistoryOutcome, ...] = ()  # notes: every history rule's verdict
    extra_pay: tuple[PayItem, ...] = ()  # pay lines: a history rule's 额外奖金


@dataclass(frozen=True)
class EmployeeResult:
    employee: Employee
    scheme_id: str
    scheme_version: str
    indicators: tuple[IndicatorResult, ...]
    sections: tuple[SectionResult, ...]
    base_total: Decimal  # Σ section contributions, before multiplier and adjustments
    multiplier: Decimal | None
    adjustments: tuple[AdjustmentResult, ...]
    vetoes: tuple[VetoResult, ...]
    total: Decimal  # after multiplier, adjustments, floor and ceiling
    total_why: Why
    grade: str
    grade_en: str
    coefficient: Decimal
    coefficient_why: Why
    bonus: BonusResult | None  # the scheme's pay: its one item, or the sum of its items (`pay`)
    comment: str = ""
    rank: int | None = None  # filled by the team step
    award: Decimal | None = None  # ranking prize, filled by the team step
    raters: Mapping[str, Why] = field(default_factory=dict)  # per indicator: how raters combined
    values: Mapping[str, Decimal | None] = field(default_factory=dict)  # the row's inputs, as read
    key: AppraisalKey | None = None
    team_size: int | None = None  # filled by the team step
    row: int = 0  # the workbook row it came from
    history: tuple[HistoryOutcome, ...] = ()  # rules over consecutive periods (empty: none applied)
    extra_pay: tuple[PayItem, ...] = ()  # pay lines imposed before settlement (额外奖金)
    pay: tuple[BonusResult, ...] = ()  # every pay item of the scheme, in the scheme's order
    improvement: ImprovementStatus | None = None  # 改进计划 required / given (engine/improvement.py); None: neither

    @property
    def verdicts(self) -> tuple[HistoryOutcome, ...]:
        """The history rules that fired (淘汰, 额外奖金 …)."""
        return tuple(h for h in self.history if h.triggered)

    @property
    def undecided(self) -> tuple[HistoryOutcome, ...]:
        return tuple(h for h in self.history if h.status == "undecidable")


@dataclass(frozen=True)
class GradeCount:
    label: str
    label_en: str
    coefficient: Decimal
    count: int
    share: Decimal  # fraction of the team, exact


@dataclass(frozen=True)
class TeamResult:
    scheme_id: str
    scheme_version: str
    employees: tuple[EmployeeResult, ...]  # ranked order (ties share a place)
    distribution: tuple[GradeCount, ...]
    average: Decimal | None
    bonus_total: Decimal
    awards_total: Decimal
    key: AppraisalKey | None = None
