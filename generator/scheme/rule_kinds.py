"""Scoring rules of an indicator: one frozen dataclass per rule kind (see generator/rules/ for
how each one scores)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from generator.scheme.intervals import Interval


class Direction(enum.StrEnum):
    HIGHER = "higher_better"
    LOWER = "lower_better"


# ---- scoring rules: one dataclass per rule kind ------------------------------------


@dataclass(frozen=True)
class Band:
    range: Interval
    points: Decimal
    label: str = ""


@dataclass(frozen=True)
class BandsRule:
    bands: tuple[Band, ...]
    direction: Direction = Direction.HIGHER
    kind: str = "bands"


@dataclass(frozen=True)
class LinearRule:
    """Full marks at target; points per step below (deducted) and above (added)."""

    target: Decimal
    step: Decimal
    below: Decimal  # points lost per step on the bad side of the target
    above: Decimal = Decimal(0)  # points gained per step on the good side
    partial: bool = False  # False: only whole steps count (每降1%扣2分: 0.5% is no step)
    floor: Decimal = Decimal(0)
    cap: Decimal | None = None  # None: the indicator's max_points
    direction: Direction = Direction.HIGHER
    kind: str = "linear"


@dataclass(frozen=True)
class ProportionalRule:
    """points = completion × max_points (90% × 20 = 18), with a floor for low completion."""

    floor_below: Decimal | None = None  # completion under this gets floor_points
    floor_points: Decimal = Decimal(0)
    cap: Decimal | None = None  # None: max_points (over-completion earns no more)
    kind: str = "proportional"


@dataclass(frozen=True)
class DeductionItem:
    input: str
    points: Decimal  # deducted per occurrence (per 次 / per 天)
    name: str = ""
    cap: Decimal | None = None  # the most this one row may deduct (000: 扣分上限10分 stands on its row)


@dataclass(frozen=True)
class DeductionsRule:
    """Start from max_points, deduct per occurrence, never below floor (扣完为止)."""

    items: tuple[DeductionItem, ...]
    floor: Decimal = Decimal(0)
    cap: Decimal | None = None  # the most that may be deducted in all (扣分上限)
    kind: str = "deductions"


@dataclass(frozen=True)
class ProgressiveRule:
    """Occurrences beyond `free` cost first, first+step, first+2·step … (换班: −5, −10, −15)."""

    input: str
    free: int
    first: Decimal
    step: Decimal
    floor: Decimal = Decimal(0)
    cap: Decimal | None = None
    kind: str = "progressive"


@dataclass(frozen=True)
class LevelsRule:
    points: tuple[tuple[int, Decimal], ...]  # level → points, e.g. (1, 4) … (5, 20)
    kind: str = "levels"

    def lookup(self, level: int) -> Decimal | None:
        return dict(self.points).get(level)


@dataclass(frozen=True)
class DirectRule:
    """The value is the points (a score entered directly or combined from raters)."""

    kind: str = "direct"


Rule = BandsRule | LinearRule | ProportionalRule | DeductionsRule | ProgressiveRule | LevelsRule | DirectRule
