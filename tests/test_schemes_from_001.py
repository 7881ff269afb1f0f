"""The two forms of seed 001 that had no scheme: 售后服务岗评分标准 and 月度绩效考核评分表, each with a
hand-worked employee against the seed's own rule."""

from __future__ import annotations

from decimal import Decimal

from generator.engine import compute
from generator.scheme.loader import load_builtin
from tests.conftest import row


def test_aftersales_standard_is_the_sum_of_the_five_items() -> None:
    # 001: "一、专业知识(30分) … 二、客户满意度(30分) … 三、工作效率(20分) … 四、团队合作(10分) … 五、改进意见(10分)"
    s = load_builtin("aftersales-standard")
    r = compute(s, row({"knowledge": 26, "satisfaction": "27.5", "efficiency": 17, "teamwork": 9, "improvement": 6}))
    assert [i.points for i in r.indicators] == [Decimal(26), Decimal("27.5"), Decimal(17), Decimal(9), Decimal(6)]
    assert r.total == Decimal("85.50")  # 26 + 27.5 + 17 + 9 + 6
    assert r.grade == "良" and r.coefficient == Decimal("1.1")  # 003: 81~90 良 1.1


def test_aftersales_standard_keeps_each_item_within_its_points() -> None:
    s = load_builtin("aftersales-standard")
    assert [(i.id, i.max_points) for _sec, i in s.indicators()] == [
        ("knowledge", 30), ("satisfaction", 30), ("efficiency", 20), ("teamwork", 10), ("improvement", 10)]
    assert sum(i.max_points for _sec, i in s.indicators()) == 100


def test_monthly_general_weights_each_score() -> None:
    # 001: "绩效考核总分 = 工作质量得分 * 30% + 工作效率得分 * 20% + 工作态度得分 * 15% + 团队合作得分 * 15%
    #       + 创新能力得分 * 10% + 学习能力得分 * 10%"
    s = load_builtin("monthly-general")
    r = compute(s, row({"quality": 90, "efficiency": 80, "attitude": 95, "teamwork": 85, "innovation": 70,
                        "learning": 75}))
    # 27 + 16 + 14.25 + 12.75 + 7 + 7.5 = 84.5
    assert [i.weighted for i in r.indicators] == [Decimal("27"), Decimal("16"), Decimal("14.25"), Decimal("12.75"),
                                                  Decimal("7"), Decimal("7.5")]
    assert r.total == Decimal("84.50") and r.grade == "良"


def test_monthly_general_rounds_half_up() -> None:
    s = load_builtin("monthly-general")
    # 30% × 88.35 = 26.505 → alone it would round half up to 26.51; the total keeps exact parts then rounds
    r = compute(s, row({"quality": "88.35", "efficiency": 0, "attitude": 0, "teamwork": 0, "innovation": 0,
                        "learning": 0}))
    assert r.total == Decimal("26.51")
