"""An inline SVG bar chart of the grade distribution, for the team PDF.

Built as markup here (labels escaped) so it needs no image file, no fetch and no JavaScript;
WeasyPrint draws inline SVG natively.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

from generator.core.numbers import fmt_percent
from generator.core.text import pick, t
from generator.model.results import GradeCount

WIDTH, HEIGHT = 520, 220
PAD_LEFT, PAD_BOTTOM, PAD_TOP = 48, 52, 28
COLORS = ("#2e7d32", "#558b2f", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a", "#37474f")


def _width(text: str) -> float:
    """Rough width in px at 13 px: CJK characters are square, Latin ones about half."""
    return sum(13 if unicodedata.east_asian_width(ch) in "WF" else 7 for ch in text)


def _lines(label: str, room: float) -> list[str]:
    """Wrap a grade label onto at most two lines that fit under its bar."""
    if _width(label) <= room:
        return [label]
    words = label.split(" ")
    if len(words) == 1:  # Chinese: split the characters in half
        half = (len(label) + 1) // 2
        return [label[:half], label[half:]]
    first: list[str] = []
    while words and _width(" ".join([*first, words[0]])) <= room:
        first.append(words.pop(0))
    if not first:
        first.append(words.pop(0))
    return [" ".join(first), " ".join(words)] if words else [" ".join(first)]


def _label(cx: float, y: float, label: str, slot: float) -> str:
    lines = _lines(label, slot - 6)
    size = 13 if all(_width(line) <= slot - 6 for line in lines) else 11
    spans = "".join(f'<tspan x="{cx:.1f}" dy="{0 if i == 0 else size + 2}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text x="{cx:.1f}" y="{y}" text-anchor="middle" font-size="{size}" fill="#222">{spans}</text>'


def grade_chart(distribution: Sequence[GradeCount], lang: str = "zh", font: str = "") -> Markup:
    n = max(len(distribution), 1)
    top = max((g.count for g in distribution), default=0)
    scale_max = max(top, 1)
    plot_w = WIDTH - PAD_LEFT - 16
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / n
    bar_w = min(slot * 0.6, 90)
    family = escape(font) if font else "sans-serif"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{family}" font-size="13">',
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP + plot_h}" x2="{WIDTH - 8}" y2="{PAD_TOP + plot_h}" stroke="#555"/>',
    ]
    # Horizontal guide lines at whole counts keep the scale readable without an axis library.
    step = max(1, round(scale_max / 4))
    for tick in range(0, scale_max + 1, step):
        y = PAD_TOP + plot_h - plot_h * tick / scale_max
        parts.append(f'<line x1="{PAD_LEFT}" y1="{y:.1f}" x2="{WIDTH - 8}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{PAD_LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{tick}</text>')
    for i, g in enumerate(distribution):
        h = plot_h * g.count / scale_max
        x = PAD_LEFT + slot * i + (slot - bar_w) / 2
        y = PAD_TOP + plot_h - h
        label = pick(g.label, g.label_en, lang)
        share = fmt_percent(g.share, 1) if g.share != Decimal(0) else "0%"
        color = COLORS[i % len(COLORS)]
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{color}"/>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 6:.1f}" text-anchor="middle" fill="#222">'
                     f"{t('report.aside', lang, text=g.count, aside=share)}</text>")
        parts.append(_label(x + bar_w / 2, PAD_TOP + plot_h + 18, label, slot))
    parts.append("</svg>")
    return Markup("".join(parts))
