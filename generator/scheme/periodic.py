"""Parts of a scheme that act around a period's results rather than on them: how archived periods
roll up into quarters and years (`rollup:`) and who signs the printed form (`signoff:`). Re-exported
by scheme/model.py, where the rest of the code reads them as model.X."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class RollupAwards:
    """Prizes decided over a longer period (000 季度优异奖 800/600/300 by the quarter's score)."""

    prizes: tuple[Decimal, ...]
    per: str = "quarter"  # the period the places are decided for: quarter | half | year
    name: str = ""
    name_en: str = ""


@dataclass(frozen=True)
class RollupRule:
    """How `archive report` rolls a scheme's periods up into a quarter, half-year or year.

    `score` ranks the team: "sum" (000: 将每月绩效得分相加) or "average". The period's grade always
    comes from the average, since the grade bands are on one period's scale (a sum of three months
    is not a 0–100 score).
    """

    score: str = "average"  # "sum" | "average"
    awards: RollupAwards | None = None


@dataclass(frozen=True)
class SignRole:
    """One signature box of the paper form: 填表人, 审核人, 上级主管领导 …"""

    name: str
    name_en: str = ""


@dataclass(frozen=True)
class SignOff:
    """The sign-off block as the scheme's form has it: its roles in order and, when the form says
    so (003: 一式二份), how many copies are made. A scheme without one prints the default block."""

    roles: tuple[SignRole, ...]
    copies: int | None = None
