"""The brief's one chart, findings by region (or by council), drawn two ways from one `ChartData`.

- SVG for HTML and PDF, through `viz.charts.bar_chart_svg` (escaped labels, a title and the alt
  text as its description, no script); Typst draws the same SVG into the PDF, as a figure with alt text;
- PNG for DOCX and Markdown, drawn with Pillow (already installed with pdfplumber and
  ReportLab), so no plotting library is needed; its font is Pillow's built-in scalable one.

Horizontal stacked bars: areas for development, then strengths, with the total at the end.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from viz.briefs.blocks import ChartData
from viz.charts import SERIES_COLOURS, Series, bar_chart_svg

DEVELOPMENT = ("Areas for development", SERIES_COLOURS["area_for_development"])
STRENGTHS = ("Strengths", SERIES_COLOURS["strength"])
INK = "#0b0c0c"


def chart_svg(chart: ChartData, description: str | None = None) -> str:
    """The chart as one inline `<svg>` element (every label escaped), `description` its `<desc>`."""
    return str(
        bar_chart_svg(
            chart.labels,
            [
                Series("area_for_development", DEVELOPMENT[0], chart.development),
                Series("strength", STRENGTHS[0], chart.strengths),
            ],
            title=chart.title,
            description=description or chart.description,
        )
    )


@dataclass(frozen=True)
class _Layout:
    """Where everything goes, in abstract units (one unit is a point in PDF, SCALE pixels in PNG)."""

    width: float
    height: float
    label_w: float
    plot_w: float
    legend_h: float
    bar_h: float
    gap: float
    top: int

    def bar_y(self, index: int) -> float:
        return self.legend_h + index * (self.bar_h + self.gap)

    def length(self, value: int) -> float:
        return self.plot_w * value / self.top if self.top else 0.0


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _layout(chart: ChartData, width: float = 460.0) -> _Layout:
    longest = max((len(label) for label in chart.labels), default=10)
    label_w = min(200.0, 12 + 5.6 * min(longest, 34))
    totals = [d + s for d, s in zip(chart.development, chart.strengths, strict=True)]
    bar_h, gap, legend_h = 16.0, 8.0, 26.0
    return _Layout(
        width=width,
        height=legend_h + max(1, len(chart.labels)) * (bar_h + gap) + 4,
        label_w=label_w,
        plot_w=width - label_w - 40,
        legend_h=legend_h,
        bar_h=bar_h,
        gap=gap,
        top=max(totals, default=0),
    )


def chart_png(chart: ChartData, scale: float = 3.0) -> bytes:
    """The chart as a PNG, `scale` pixels per point (3: sharp when printed at 460 pt wide)."""
    from PIL import Image, ImageDraw, ImageFont

    layout = _layout(chart)
    image = Image.new("RGB", (round(layout.width * scale), round(layout.height * scale)), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=round(9.5 * scale))

    def box(x: float, y: float, w: float, h: float, fill: str) -> None:
        draw.rectangle([x * scale, y * scale, (x + w) * scale - 1, (y + h) * scale - 1], fill=fill)

    def text(x: float, y: float, value: str, anchor: str = "lm") -> None:
        draw.text((x * scale, y * scale), value, fill=INK, font=font, anchor=anchor)

    x = layout.label_w
    for name, colour in (DEVELOPMENT, STRENGTHS):
        box(x, 6, 10, 10, colour)
        text(x + 14, 11, name)
        x += 24 + 5.2 * len(name)
    for index, label in enumerate(chart.labels):
        y = layout.bar_y(index)
        text(layout.label_w - 6, y + layout.bar_h / 2, _truncate(label, 34), anchor="rm")
        start = layout.label_w
        for value, (_, colour) in zip(
            (chart.development[index], chart.strengths[index]), (DEVELOPMENT, STRENGTHS), strict=True
        ):
            length = layout.length(value)
            if length > 0:
                box(start, y, length, layout.bar_h - 2, colour)
            start += length
        text(start + 4, y + layout.bar_h / 2, str(chart.development[index] + chart.strengths[index]))
        draw.line(
            [(layout.label_w * scale, (y - 2) * scale), (layout.label_w * scale, (y + layout.bar_h) * scale)],
            fill=INK,
            width=max(1, round(scale / 2)),
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
