"""A brief as PDF, with ReportLab's platypus (BSD): real headings, bookmarks and a vector chart.

Headings become PDF outline entries (the bookmarks pane), areas for development and strengths sit
side by side in a two-column table (one pair of quotes a row, so it splits across pages), and the
chart is a ReportLab drawing, so it stays sharp and its labels stay text. Text is set in Bitstream
Vera, which ships inside ReportLab and is embedded, so curly quotes and dashes print the same on
every machine. Imported text is XML-escaped before ReportLab's paragraph markup sees it.
"""

from __future__ import annotations

import html
import io
import re
from functools import lru_cache
from itertools import zip_longest
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from viz.briefs.chart import chart_drawing
from viz.briefs.labels import percent, plural, status_label
from viz.briefs.model import Brief, Quote
from viz.briefs.text import (
    ABOUT,
    COUNCILS,
    DEVELOPMENT,
    FOUND_NOTHING,
    GOOD_PRACTICE,
    NO_GOOD_PRACTICE,
    NO_PLANS,
    NO_RECOMMENDATIONS,
    OWNERS,
    PROGRESS,
    RECOMMENDATIONS,
    RECURRING,
    SOURCES,
    STRENGTHS,
    WHERE,
    chart_rows,
    council_rows,
    good_practice_line,
    owners_line,
    progress_sentence,
    ranked_line,
)

FONT = "Vera"
INK = colors.HexColor("#0b0c0c")
GREY = colors.HexColor("#505a5f")
LINE = colors.HexColor("#b1b4b6")
BLUE = colors.HexColor("#1d70b8")
RED = colors.HexColor("#d4351c")
GREEN = colors.HexColor("#00703c")
MARGIN = 2 * cm
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@lru_cache(maxsize=1)
def _fonts() -> str:
    """Register Vera (regular, bold, italic, bold italic) once; ReportLab finds it in its own folder."""
    from reportlab.lib.fonts import addMapping

    for name, file in (
        ("Vera", "Vera.ttf"),
        ("Vera-Bold", "VeraBd.ttf"),
        ("Vera-Italic", "VeraIt.ttf"),
        ("Vera-BoldItalic", "VeraBI.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, file))
    addMapping(FONT, 0, 0, "Vera")
    addMapping(FONT, 1, 0, "Vera-Bold")
    addMapping(FONT, 0, 1, "Vera-Italic")
    addMapping(FONT, 1, 1, "Vera-BoldItalic")
    return FONT


def _e(text: object) -> str:
    return html.escape(_CONTROL.sub(" ", str(text)), quote=True)


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    font = _fonts()
    body = ParagraphStyle("Body", fontName=font, fontSize=10, leading=14, textColor=INK, spaceAfter=6)
    return {
        "body": body,
        "title": ParagraphStyle(
            "Title", parent=body, fontName="Vera-Bold", fontSize=22, leading=27, spaceAfter=6
        ),
        "subtitle": ParagraphStyle("Subtitle", parent=body, fontSize=11, textColor=GREY, spaceAfter=14),
        "headline": ParagraphStyle("Headline", parent=body, fontSize=12, leading=17, spaceAfter=10),
        "h1": ParagraphStyle(
            "Heading1",
            parent=body,
            fontName="Vera-Bold",
            fontSize=15,
            leading=19,
            spaceBefore=16,
            spaceAfter=8,
            textColor=INK,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "Heading2",
            parent=body,
            fontName="Vera-Bold",
            fontSize=12,
            leading=15,
            spaceBefore=10,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "Heading3",
            parent=body,
            fontName="Vera-Bold",
            fontSize=10.5,
            leading=13,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "quote": ParagraphStyle(
            "Quote", parent=body, fontName="Vera-Italic", leftIndent=12, spaceAfter=2, alignment=TA_LEFT
        ),
        "cite": ParagraphStyle(
            "Citation", parent=body, fontSize=8, leading=10.5, leftIndent=12, textColor=GREY, spaceAfter=10
        ),
        "cell": ParagraphStyle("Cell", parent=body, fontSize=9, leading=11.5, spaceAfter=0),
        "caption": ParagraphStyle("Caption", parent=body, fontSize=8.5, textColor=GREY),
    }


class _Heading(Paragraph):
    """A heading paragraph that leaves a bookmark and an outline entry where it lands."""

    def __init__(self, text: str, style: ParagraphStyle, level: int) -> None:
        super().__init__(_e(text), style)
        self.outline_text = text
        self.outline_level = level


class _Brief(BaseDocTemplate):
    def __init__(self, out: io.BytesIO, brief: Brief) -> None:
        super().__init__(
            out,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=brief.title,
            subject=brief.subtitle,
            author="peergraph",
            creator="peergraph",
        )
        self.footer = brief.title
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._footer)])
        self._bookmarks = 0

    def _footer(self, canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, 1.2 * cm, self.footer[:110])
        canvas.drawRightString(A4[0] - MARGIN, 1.2 * cm, f"Page {doc.page}")
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Heading):
            self._bookmarks += 1
            key = f"h{self._bookmarks}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=flowable.outline_level, closed=False)


def _quote(quote: Quote, styles: dict[str, ParagraphStyle], *, extra: str = "") -> list[Flowable]:
    link = f' — <a href="{_e(quote.link)}" color="#1d70b8">view the passage</a>' if quote.link else ""
    more = f"<br/><i>{_e(extra)}</i>" if extra else ""
    return [
        Paragraph(_e(quote.shown), styles["quote"]),
        Paragraph(f"[{quote.number}] {_e(quote.cited_as)}{link}{more}", styles["cite"]),
    ]


def _table(
    header: list[str], rows: list[list[str]], width: float, styles: dict[str, ParagraphStyle]
) -> Table:
    cell = styles["cell"]
    head = ParagraphStyle("Head", parent=cell, fontName="Vera-Bold")
    data = [[Paragraph(_e(h), head) for h in header]] + [
        [Paragraph(_e(v), cell) for v in row] for row in rows
    ]
    first = width * (0.46 if len(header) > 3 else 0.5)
    rest = (width - first) / max(1, len(header) - 1)
    table = Table(data, colWidths=[first] + [rest] * (len(header) - 1), repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 1, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _sides(
    development: list[Quote], strengths: list[Quote], width: float, styles: dict[str, ParagraphStyle]
) -> Table:
    rows: list[list[Any]] = [
        [
            Paragraph(_e(DEVELOPMENT), ParagraphStyle("Dev", parent=styles["h2"], textColor=RED)),
            Paragraph(_e(STRENGTHS), ParagraphStyle("Str", parent=styles["h2"], textColor=GREEN)),
        ]
    ]
    for left, right in zip_longest(development, strengths):
        rows.append([_quote(left, styles) if left else "", _quote(right, styles) if right else ""])
    table = Table(rows, colWidths=[width / 2, width / 2], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (0, 1), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("LINEBEFORE", (0, 1), (0, -1), 2, RED),
                ("LINEBEFORE", (1, 1), (1, -1), 2, GREEN),
            ]
        )
    )
    return table


def render_pdf(brief: Brief) -> bytes:
    styles = _styles()
    out = io.BytesIO()
    doc = _Brief(out, brief)
    width = doc.width
    story: list[Flowable] = [
        Paragraph(_e(brief.title), styles["title"]),
        Paragraph(_e(brief.subtitle), styles["subtitle"]),
        Paragraph(_e(brief.headline.sentence), styles["headline"]),
        Paragraph(
            " · ".join(f"<b>{f.value}</b> {_e(f.label.lower())}" for f in brief.headline.figures),
            styles["body"],
        ),
        _Heading(WHERE, styles["h1"], 0),
        chart_drawing(brief.chart, width, FONT),
        Paragraph(_e(brief.chart.title), styles["caption"]),
        _table(*chart_rows(brief.chart), width, styles),
    ]
    if brief.scope.kind == "pattern" and brief.councils:
        story += [_Heading(COUNCILS, styles["h2"], 1), _table(*council_rows(brief), width, styles)]
    if brief.scope.kind != "pattern" and brief.patterns:
        story += [
            _Heading(RECURRING, styles["h2"], 1),
            _table(
                ["Pattern", "Councils", DEVELOPMENT, STRENGTHS],
                [[p.name, str(p.councils), str(p.development), str(p.strengths)] for p in brief.patterns],
                width,
                styles,
            ),
        ]

    for section in brief.sections:
        story += [_Heading(section.title, styles["h1"], 0), Paragraph(_e(section.intro), styles["body"])]
        if section.development and section.strengths:
            story.append(_sides(section.development, section.strengths, width, styles))
            continue
        # One side empty: no half-empty columns, one after the other.
        for title, quotes in ((DEVELOPMENT, section.development), (STRENGTHS, section.strengths)):
            story.append(_Heading(title, styles["h2"], 1))
            if not quotes:
                story.append(Paragraph(FOUND_NOTHING, styles["body"]))
            story += [KeepTogether(_quote(q, styles)) for q in quotes]

    story.append(_Heading(GOOD_PRACTICE, styles["h1"], 0))
    if not brief.good_practice:
        story.append(Paragraph(NO_GOOD_PRACTICE, styles["body"]))
    for entry in brief.good_practice:
        block: list[Flowable] = [
            _Heading(entry.topic, styles["h3"], 1),
            Paragraph(_e(good_practice_line(entry)), styles["body"]),
        ]
        for quote in entry.quotes:
            block += _quote(quote, styles)
        story.append(KeepTogether(block))

    story.append(_Heading(RECOMMENDATIONS, styles["h1"], 0))
    if not brief.recommendations:
        story.append(Paragraph(NO_RECOMMENDATIONS, styles["body"]))
    for group in brief.recommendations:
        summary = f"{plural(group.recommendations, 'recommendation')} to {plural(group.councils, 'council')}."
        if group.owners:
            summary += " " + owners_line(group.owners)
        story += [_Heading(group.title, styles["h2"], 1), Paragraph(_e(summary), styles["body"])]
        for ranked in group.ranked:
            story.append(KeepTogether(_quote(ranked.quote, styles, extra=ranked_line(ranked))))

    story.append(_Heading(OWNERS, styles["h1"], 0))
    if brief.owners:
        story.append(
            _table(
                ["Owner", "Recommendations", "Councils"],
                [[o.name, str(o.recommendations), str(o.councils)] for o in brief.owners],
                width,
                styles,
            )
        )
    else:
        story.append(Paragraph("The reports name no owner for these recommendations.", styles["body"]))

    progress = brief.progress
    story += [_Heading(PROGRESS, styles["h1"], 0), Paragraph(_e(progress_sentence(progress)), styles["body"])]
    if progress.actions:
        story.append(
            _table(
                ["Status", "Actions", "Share"],
                [
                    [status_label(s), str(n), percent(progress.share(n))]
                    for s, n in progress.by_status.items()
                ],
                width,
                styles,
            )
        )
    elif not progress.councils_with_plans:
        story.append(Paragraph(NO_PLANS, styles["body"]))

    story.append(_Heading(SOURCES, styles["h1"], 0))
    items = []
    for source in brief.sources:
        text = _e(f"{source.label}, {source.date_label}")
        if source.link:
            text += f' — <a href="{_e(source.link)}" color="#1d70b8">open the report</a>'
        items.append(ListItem(Paragraph(text, styles["body"]), leftIndent=12))
    if items:
        story.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=12))
    story.append(_Heading(ABOUT, styles["h1"], 0))
    story.append(
        ListFlowable(
            [ListItem(Paragraph(_e(note), styles["body"]), leftIndent=12) for note in brief.notes],
            bulletType="bullet",
            start="•",
            leftIndent=12,
        )
    )
    story += [Spacer(1, 6), Paragraph(_e(f"Built by peergraph on {brief.generated}."), styles["caption"])]
    doc.build(story)
    return out.getvalue()
