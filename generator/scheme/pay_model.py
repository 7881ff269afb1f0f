"""A scheme's pay: the formula kinds (`Bonus`), commission tiers and the named pay items of `pay:`.

Split from model.py by concept; the rest of the code reads them as model.X.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.scheme.intervals import Interval


@dataclass(frozen=True)
class Tier:
    range: Interval
    rate: Decimal  # a fraction: 6‰ → 0.006
    label: str = ""


@dataclass(frozen=True)
class Bonus:
    """The bonus formula. kinds:

    - score_percent:  base × total / 100                      (003: 750 × 得分%)
    - coefficient:    base × coefficient                       (月度绩效 × 考核系数)
    - commission:     amount × tier rate(rate) × total / 100   (000: 提点比例 by 咨询转化率)
    - profit_share:   profit × rate × coefficient × factor     (003: 净利润 × 15% × 系数 × 0.33)
    - qc:             (base − (baseline − workload) × per_unit) × QC ratio, bounded  (003 GS组)
    `base`/`amount`/... are constants or, with the *_input fields, workbook inputs.
    """

    kind: str
    base: Decimal | None = None
    base_input: str = ""
    amount_input: str = ""
    rate_input: str = ""
    tiers: tuple[Tier, ...] = ()
    rate: Decimal | None = None
    factor: Decimal = Decimal(1)
    baseline_input: str = ""
    workload_input: str = ""
    per_unit: Decimal = Decimal(1)
    qc_input: str = ""
    qc_low: Decimal = Decimal("0.70")
    qc_high: Decimal = Decimal("0.80")
    qc_slope: Decimal = Decimal(5)
    min: Decimal | None = None
    max: Decimal | None = None
    line: int = 0

    def inputs(self) -> tuple[str, ...]:
        names = (
            self.base_input,
            self.amount_input,
            self.rate_input,
            self.baseline_input,
            self.workload_input,
            self.qc_input,
        )
        return tuple(n for n in names if n)


@dataclass(frozen=True)
class PayDef:
    """One named pay item of `pay:` (003: 绩效工资 = 指标考核 + 销售额提成). `bonus:` is one item, id "bonus".

    score: "total" (the appraisal total), "section:<id>" (that section's subtotal, out of 100; usually a
    companion section with in_total: false) or "input:<id>" (a workbook input).
    """

    id: str
    name: str
    formula: Bonus
    name_en: str = ""
    score: str = "total"
    line: int = 0

    @property
    def score_kind(self) -> str:
        return self.score.split(":", 1)[0]

    @property
    def score_ref(self) -> str:
        return self.score.split(":", 1)[1] if ":" in self.score else ""


LEGACY_PAY_ID = "bonus"  # the id of the one item a `bonus:` block stands for (results.json, archive)
