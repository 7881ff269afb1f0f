from __future__ import annotations

from decimal import Decimal as D

from generator.history.consecutive import PeriodStanding, evaluate, evaluate_all
from generator.scheme.model import HistoryRule

BELOW_35 = HistoryRule(id="out", name="淘汰", kind="below_in_a_row", times=2, threshold=D(35), outcome="淘汰")
LAST_3 = HistoryRule(id="last", name="末位", kind="last_in_a_row", times=3, outcome="淘汰")
FIRST_3 = HistoryRule(id="first", name="第一", kind="first_in_a_row", times=3, outcome="额外奖金")


def s(period: str, total: str, rank: int, size: int = 5) -> PeriodStanding:
    return PeriodStanding(period=period, total=D(total), rank=rank, team_size=size)


def test_two_scores_in_a_row_below_35() -> None:
    hit = evaluate(BELOW_35, [s("2026-08", "80", 1), s("2026-09", "34.99", 5), s("2026-10", "20", 5)])
    assert hit is not None and hit.periods == ("2026-09", "2026-10")
    assert "淘汰" in hit.why.zh
    # exactly 35 is not below 35
    assert evaluate(BELOW_35, [s("2026-09", "35", 5), s("2026-10", "20", 5)]) is None
    # a run broken by a good month does not count
    assert evaluate(BELOW_35, [s("2026-08", "30", 5), s("2026-09", "60", 3), s("2026-10", "30", 5)]) is None


def test_three_times_last_and_first() -> None:
    history = [s("2026-08", "50", 5), s("2026-09", "52", 5), s("2026-10", "49", 5)]
    assert evaluate(LAST_3, history) is not None
    assert evaluate(LAST_3, history[:2]) is None  # only two periods known
    tied_first = [s("2026-08", "99", 1), s("2026-09", "98", 1), s("2026-10", "97", 1)]
    assert [h.rule.id for h in evaluate_all([BELOW_35, LAST_3, FIRST_3], tied_first)] == ["first"]


def test_one_person_team_is_never_last() -> None:
    alone = [s("2026-08", "50", 1, 1), s("2026-09", "50", 1, 1), s("2026-10", "50", 1, 1)]
    assert evaluate(LAST_3, alone) is None
