"""Inline SVG line charts for the roll-up PDF: the team's average per period, each employee's trend.

Markup built here (every label escaped), like chart.py's grade chart: no image files, no fetch,
no JavaScript. A missing period breaks the line (a gap, never a dip to 0) and is marked on the
axis, so nobody reads an absent month as a bad one.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

from generator.history.periods import parse

LINE, REFERENCE, MISSING = "#1f4e79", "#9e9e9e", "#c62828"


def short_label(period: str, lang: str) -> str:
    """10月 / Oct, Q4, H2 on a narrow axis."""
    p = parse(period)
    if p is None:
        return period
    if p.kind == "month":
        return p.label(lang)[:3] if lang == "en" else f"{p.index}月"
    return str(p)[4:] or str(p)


def _scale(lo: Decimal, hi: Decimal, top: float, height: float):  # noqa: ANN202 - a tiny local mapper
    span = float(hi - lo) or 1.0
    return lambda v: top + height - height * (float(v - lo) / span)


def _runs(series: Sequence[Decimal | None], x: Sequence[float], y, n: int) -> list[list[str]]:  # noqa: ANN001
    """The points of `series` as runs broken at each missing value (a gap, never a dip to 0)."""
    runs: list[list[str]] = [[]]
    for i, v in enumerate(series[:n]):
        if v is None:
            runs.append([])
        else:
            runs[-1].append(f"{x[i]:.1f},{y(v):.1f}")
    return [run for run in runs if run]


def trend_chart(labels: Sequence[str], values: Sequence[Decimal | None], lo: Decimal, hi: Decimal, *,
                reference: Sequence[Decimal | None] = (), width: int = 230, height: int = 92, font: str = "",
                show_values: bool = True, missing_text: str = "") -> Markup:
    """A line through `values` (None = missing: the line breaks), optionally over a dashed `reference`."""
    n = max(len(labels), 1)
    left, right, top, bottom = 26, 8, 12, 18
    plot_w, plot_h = width - left - right, height - top - bottom
    x = [left + (plot_w * (i + 0.5) / n) for i in range(n)]
    y = _scale(lo, hi, top, plot_h)
    family = escape(font) if font else "sans-serif"
    size = 8 if width < 300 else 11
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="{family}" font-size="{size}">']
    for tick in (lo, (lo + hi) / 2, hi):
        ty = y(tick)
        parts.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" stroke="#e3e3e3"/>'
                     f'<text x="{left - 3}" y="{ty + 3:.1f}" text-anchor="end" fill="#777">{tick.normalize():f}</text>')

    def polyline(series: Sequence[Decimal | None], style: str) -> None:
        parts.extend(f'<polyline fill="none" points="{" ".join(run)}" {style}/>'
                     for run in _runs(series, x, y, n) if len(run) > 1)

    if reference:
        polyline(reference, f'stroke="{REFERENCE}" stroke-width="1" stroke-dasharray="3,2"')
    polyline(values, f'stroke="{LINE}" stroke-width="1.6"')
    for i, label in enumerate(labels):
        v = values[i] if i < len(values) else None
        parts.append(f'<text x="{x[i]:.1f}" y="{height - 5}" text-anchor="middle" '
                     f'fill="{MISSING if v is None else "#444"}">{escape(label)}</text>')
        if v is None:
            if missing_text:
                parts.append(f'<text x="{x[i]:.1f}" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
                             f'fill="{MISSING}">{escape(missing_text)}</text>')
            continue
        parts.append(f'<circle cx="{x[i]:.1f}" cy="{y(v):.1f}" r="2.2" fill="{LINE}"/>')
        if show_values:
            parts.append(f'<text x="{x[i]:.1f}" y="{y(v) - 4:.1f}" text-anchor="middle" fill="#222">{v:f}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _cross(cx: float, cy: float, r: float = 3) -> str:
    return f"M{cx - r:.1f},{cy - r:.1f}L{cx + r:.1f},{cy + r:.1f}M{cx - r:.1f},{cy + r:.1f}L{cx + r:.1f},{cy - r:.1f}"


def trend_sheet(cards: Sequence[tuple[str, Sequence[Decimal | None]]], labels: Sequence[str], lo: Decimal,
                hi: Decimal, *, reference: Sequence[Decimal | None] = (), cols: int = 4, font: str = "",
                show_values: bool = True) -> Markup:
    """Small multiples: one SVG holding a grid of (title, values) trend charts that share their axes.

    One SVG per page instead of one per employee, with the period labels under the bottom row and the
    scale left of the first column only: WeasyPrint's cost is per SVG and per text element, and a
    year of 1,000 employees is 1,000 charts. A missing period is a red × on the baseline."""
    cell_w, cell_h, head, left, axis = 250, 100, 24, 26, 14  # head: the title, then room for value labels
    rows = (len(cards) + cols - 1) // cols
    width, height = cols * cell_w, rows * (cell_h + axis)
    cell_h += axis  # each chart carries its period labels: the last row of a column may be short
    n = max(len(labels), 1)
    plot_w, plot_h = cell_w - left - 10, cell_h - head - 8 - axis
    family = escape(font) if font else "sans-serif"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="sheet" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="{family}" font-size="9">']
    grid, crosses, dots = [], [], []
    for k, (title, values) in enumerate(cards):
        ox, oy = (k % cols) * cell_w, (k // cols) * cell_h
        x = [ox + left + plot_w * (i + 0.5) / n for i in range(n)]
        y = _scale(lo, hi, oy + head, plot_h)
        parts.append(f'<rect x="{ox + 1}" y="{oy + 1}" width="{cell_w - 4}" height="{cell_h - 4}" fill="none" '
                     f'stroke="#c9d3de" stroke-width="0.6"/>'
                     f'<text x="{ox + 5}" y="{oy + 12}" fill="#111">{escape(title)}</text>')
        for tick in (lo, (lo + hi) / 2, hi):
            grid.append(f"M{ox + left},{y(tick):.1f}H{ox + cell_w - 10}")
            if k % cols == 0:
                parts.append(f'<text x="{ox + left - 3}" y="{y(tick) + 3:.1f}" text-anchor="end" '
                             f'fill="#777">{tick.normalize():f}</text>')
        for series, style in ((reference, f'stroke="{REFERENCE}" stroke-width="0.8" stroke-dasharray="3,2"'),
                              (values, f'stroke="{LINE}" stroke-width="1.4"')):
            for run in _runs(series, x, y, n):
                if len(run) > 1:
                    parts.append(f'<polyline fill="none" points="{" ".join(run)}" {style}/>')
                elif series is values:
                    dots.append(run[0])  # a month on its own between missing ones: still visible
        for i, v in enumerate(values[:n]):
            if v is None:
                crosses.append(_cross(x[i], oy + head + plot_h))
            elif show_values:
                parts.append(f'<text x="{x[i]:.1f}" y="{y(v) - 3:.1f}" text-anchor="middle" fill="#222">{v:f}</text>')
        # period labels under every chart of a quarter; of a year (12 labels a chart) under every third row
        # and the last chart of each column
        if n <= 6 or k + cols >= len(cards) or (k // cols) % 3 == 2:
            for i, label in enumerate(labels):
                parts.append(f'<text x="{x[i]:.1f}" y="{oy + head + plot_h + 11}" text-anchor="middle" '
                             f'fill="#444">{escape(label)}</text>')
    parts.insert(1, f'<path d="{"".join(grid)}" stroke="#e6e6e6" stroke-width="0.6" fill="none"/>')
    parts += [f'<circle cx="{d.split(",")[0]}" cy="{d.split(",")[1]}" r="1.8" fill="{LINE}"/>' for d in dots]
    if crosses:
        parts.append(f'<path d="{"".join(crosses)}" stroke="{MISSING}" stroke-width="1.3" fill="none"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


__all__ = ["short_label", "trend_chart", "trend_sheet"]
