"""Charts as inline SVG strings: a heat-map and bar charts, with no script and no external asset.

Each chart is one `<svg>` with a `viewBox` (so it scales to its container), `role="img"`, a
`<title>` and a `<desc>` for assistive technology, and a `<title>` on every cell or bar for the
exact number. Every label passes through `html.escape`: the text comes from imported reports.
Pages show the same numbers in a table beside each chart.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\""
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
# GOV.UK palette: light to dark blue for counts; named colours for series.
HEAT = ("#ffffff", "#d2e2f1", "#a5c5e3", "#6b9fd0", "#3b7fc0", "#1d70b8", "#144e81", "#0b2d4a")
SERIES_COLOURS = {
    "strength": "#00703c",
    "area_for_development": "#d4351c",
    "mixed": "#4c2c92",
    "councils": "#1d70b8",
    "reviews": "#1d70b8",
    "findings": "#505a5f",
}
_ids = itertools.count(1)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _chart_id(prefix: str) -> str:
    return f"{prefix}-{next(_ids)}"


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def heat_colour(value: int, maximum: int) -> str:
    if value <= 0 or maximum <= 0:
        return HEAT[0]
    step = 1 + round((len(HEAT) - 2) * value / maximum)
    return HEAT[min(step, len(HEAT) - 1)]


def _ink(fill: str) -> str:
    """Dark text on light cells, white on dark ones (contrast over 4.5:1 either way)."""
    return "#ffffff" if fill in HEAT[4:] else TEXT


def heatmap_svg(
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[int]],
    *,
    title: str,
    description: str,
    unit: str = "",
    shades: Sequence[Sequence[float]] | None = None,
    cell_labels: Sequence[Sequence[str]] | None = None,
    cell_titles: Sequence[Sequence[str]] | None = None,
) -> Markup:
    """A grid of counts (rows × columns), darker for more, each cell labelled with its number.

    `shades` (0 to 1) colour the cells instead of the counts, e.g. a share of councils, so a
    region with many councils is not darker for that alone; `cell_labels` and `cell_titles`
    replace the number printed in a cell and its hover text.
    """
    chart = _chart_id("heatmap")
    label_w = 16 + 8 * min(40, max((len(r) for r in rows), default=10))
    cell_w, cell_h, head_h = 64, 30, 120
    width = label_w + cell_w * max(1, len(columns)) + 110  # room for the last slanted heading
    height = head_h + cell_h * max(1, len(rows)) + 10
    maximum = max((v for row in cells for v in row), default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart heatmap" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{chart}-t {chart}-d" {FONT} '
        f'font-size="14">',
        f'<title id="{chart}-t">{_e(title)}</title>',
        f'<desc id="{chart}-d">{_e(description)}</desc>',
    ]
    for j, column in enumerate(columns):
        x = label_w + cell_w * j + cell_w / 2
        parts.append(
            f'<text x="{x:.0f}" y="{head_h - 8}" transform="rotate(-40 {x:.0f} {head_h - 8})" '
            f'fill="{TEXT}"><title>{_e(column)}</title>{_e(_truncate(column, 18))}</text>'
        )
    for i, row in enumerate(rows):
        y = head_h + cell_h * i
        parts.append(
            f'<text x="{label_w - 8}" y="{y + cell_h / 2 + 5:.0f}" text-anchor="end" fill="{TEXT}">'
            f"<title>{_e(row)}</title>{_e(_truncate(row, 40))}</text>"
        )
        for j, column in enumerate(columns):
            value = cells[i][j] if j < len(cells[i]) else 0
            if shades is not None:
                fill = heat_colour(round(100 * shades[i][j]), 100)
            else:
                fill = heat_colour(value, maximum)
            x = label_w + cell_w * j
            hover = (
                cell_titles[i][j]
                if cell_titles is not None
                else f"{row} in {column}: {value}{' ' + unit if unit else ''}"
            )
            shown = cell_labels[i][j] if cell_labels is not None else str(value)
            parts.append(
                f"<g><title>{_e(hover)}</title>"
                f'<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" fill="{fill}" '
                f'stroke="{GRID}"/>'
                f'<text x="{x + cell_w / 2:.0f}" y="{y + cell_h / 2 + 5:.0f}" text-anchor="middle" '
                f'fill="{_ink(fill)}">{_e(shown)}</text></g>'
            )
    parts.append("</svg>")
    # Every piece above is either our own markup or passed through _e(): safe to insert as is.
    return Markup("".join(parts))


@dataclass(frozen=True)
class Series:
    key: str
    name: str
    values: Sequence[float]
    colour: str | None = None


def bar_chart_svg(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    stacked: bool = True,
    value_format: str = "{:g}",
    maximum: float | None = None,
) -> Markup:
    """Horizontal bars, one row per label; several series are stacked (or drawn side by side)."""
    chart = _chart_id("bars")
    label_w = 16 + 8 * min(36, max((len(label) for label in labels), default=10))
    plot_w, bar_h, gap, legend_h = 420, 22, 10, 34 if len(series) > 1 else 6
    rows_h = (bar_h * (1 if stacked else len(series)) + gap) * max(1, len(labels))
    width = label_w + plot_w + 90
    height = legend_h + rows_h + 10
    totals = [
        sum(s.values[i] for s in series) if stacked else max((s.values[i] for s in series), default=0)
        for i in range(len(labels))
    ]
    top = maximum if maximum is not None else max(totals, default=0)
    scale = plot_w / top if top > 0 else 0.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{chart}-t {chart}-d" {FONT} '
        f'font-size="14">',
        f'<title id="{chart}-t">{_e(title)}</title>',
        f'<desc id="{chart}-d">{_e(description)}</desc>',
    ]
    if len(series) > 1:
        key_x = label_w
        for s in series:
            colour = s.colour or SERIES_COLOURS.get(s.key, "#1d70b8")
            parts.append(
                f'<rect x="{key_x}" y="8" width="14" height="14" fill="{colour}"/>'
                f'<text x="{key_x + 20}" y="20" fill="{TEXT}">{_e(s.name)}</text>'
            )
            key_x += 40 + 8 * len(s.name)
    y = legend_h
    for i, label in enumerate(labels):
        block_h = bar_h * (1 if stacked else len(series))
        parts.append(
            f'<text x="{label_w - 8}" y="{y + block_h / 2 + 5:.0f}" text-anchor="end" fill="{TEXT}">'
            f"<title>{_e(label)}</title>{_e(_truncate(label, 36))}</text>"
        )
        x = float(label_w)
        for k, s in enumerate(series):
            value = s.values[i]
            colour = s.colour or SERIES_COLOURS.get(s.key, "#1d70b8")
            bar_w = value * scale
            bar_y = y if stacked else y + bar_h * k
            bar_x = x if stacked else float(label_w)
            if bar_w > 0:
                parts.append(
                    f'<rect x="{bar_x:.1f}" y="{bar_y}" width="{bar_w:.1f}" height="{bar_h - 2}" '
                    f'fill="{colour}"><title>{_e(label)}: {_e(value_format.format(value))} '
                    f"{_e(s.name.lower())}</title></rect>"
                )
            if stacked:
                x += bar_w
            else:
                parts.append(
                    f'<text x="{bar_x + bar_w + 6:.1f}" y="{bar_y + bar_h / 2 + 4:.0f}" fill="{TEXT}" '
                    f'font-size="13">{_e(value_format.format(value))}</text>'
                )
        if stacked:
            parts.append(
                f'<text x="{x + 6:.1f}" y="{y + bar_h / 2 + 4:.0f}" fill="{TEXT}" font-size="13">'
                f"{_e(value_format.format(totals[i]))}</text>"
            )
        parts.append(f'<line x1="{label_w}" x2="{label_w}" y1="{y - 2}" y2="{y + block_h}" stroke="{TEXT}"/>')
        y += block_h + gap
    parts.append("</svg>")
    # Every piece above is either our own markup or passed through _e(): safe to insert as is.
    return Markup("".join(parts))
