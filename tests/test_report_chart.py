"""The inline SVG grade chart: bar heights follow the counts, labels are escaped and fit."""

from __future__ import annotations

import re
from decimal import Decimal

from generator.model.results import GradeCount
from generator.report.chart import grade_chart


def grades(*rows: tuple[str, str, int]) -> list[GradeCount]:
    total = sum(n for _, _, n in rows)
    return [GradeCount(label=zh, label_en=en, coefficient=Decimal(1), count=n,
                       share=Decimal(n) / Decimal(total)) for zh, en, n in rows]


def test_bar_heights_are_proportional_to_counts() -> None:
    svg = str(grade_chart(grades(("优", "A", 4), ("良", "B", 2), ("中", "C", 0), ("差", "D", 2))))
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert heights[0] == 2 * heights[1] and heights[2] == 0 and heights[3] == heights[1]
    assert "4(50%)" in svg and "0(0%)" in svg and ">优<" in svg


def test_labels_are_escaped_and_long_ones_wrap() -> None:
    five = [("<script>", "Basically qualified and more", 1), ("良", "Good", 1), ("中", "Fair", 1), ("差", "Poor", 1),
            ("劣", "Fail", 1)]
    svg = str(grade_chart(grades(*five), lang="en"))
    assert "<script>" not in svg and "Basically" in svg
    assert svg.count("<tspan") == 6  # the long label takes two lines, the others one
    svg_zh = str(grade_chart(grades(("<script>", "", 1),)))
    assert "&lt;scr" in svg_zh and "<script>" not in svg_zh
