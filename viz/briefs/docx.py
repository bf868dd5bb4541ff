"""A brief as a Word document that drops into a council's own template.

Only Word's built-in style names carry the structure ("Title", "Subtitle", "Heading 1-3",
"Quote", "List Bullet", "Hyperlink", "Caption"), so pasting into or attaching a council's
template restyles it all; one extra paragraph style, "Citation", sits under each quote. Citations
are text plus a hyperlink to the passage in the web UI; the chart is a PNG picture with its
numbers in a table beneath.
"""

from __future__ import annotations

import io
import re

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from viz.briefs.chart import chart_png
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

CITATION = "Citation"
HYPERLINK = "Hyperlink"
TABLE_STYLE = "Light List Accent 1"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text Word can hold: no control characters (a report's page breaks, stray bytes)."""
    return _NOT_XML.sub(" ", text)


def _styles(document: Document) -> None:
    styles = document.styles
    citation = styles.add_style(CITATION, WD_STYLE_TYPE.PARAGRAPH)
    citation.base_style = styles["Normal"]
    citation.font.size = Pt(9)
    citation.font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)
    citation.paragraph_format.left_indent = Cm(1.25)
    citation.paragraph_format.space_after = Pt(10)
    link = styles.add_style(HYPERLINK, WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x1D, 0x70, 0xB8)
    link.font.underline = True


def add_hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """An external hyperlink run (python-docx has no API for one), in the Hyperlink style."""
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), HYPERLINK)
    props.append(style)
    run.append(props)
    node = OxmlElement("w:t")
    node.text = _clean(text)
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _quote(document: Document, quote: Quote) -> None:
    document.add_paragraph(_clean(quote.shown), style="Quote")
    cited = document.add_paragraph(_clean(f"[{quote.number}] {quote.cited_as}"), style=CITATION)
    if quote.link:
        cited.add_run(" — ")
        add_hyperlink(cited, "view the passage", quote.link)


def _table(document: Document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles[TABLE_STYLE]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = _clean(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = _clean(text)
    document.add_paragraph()


def render_docx(brief: Brief) -> bytes:
    document = docx.Document()
    _styles(document)
    props = document.core_properties
    props.title = _clean(brief.title)
    props.subject = _clean(brief.subtitle)
    props.author = "peergraph"
    props.comments = ""

    document.add_paragraph(_clean(brief.title), style="Title")
    document.add_paragraph(_clean(brief.subtitle), style="Subtitle")
    document.add_paragraph(_clean(brief.headline.sentence))
    for figure in brief.headline.figures:
        item = document.add_paragraph(style="List Bullet")
        item.add_run(str(figure.value)).bold = True
        item.add_run(" " + _clean(figure.label.lower()))

    document.add_heading(WHERE, level=1)
    document.add_picture(io.BytesIO(chart_png(brief.chart)), width=Cm(16))
    document.add_paragraph(_clean(brief.chart.title), style="Caption")
    _table(document, *chart_rows(brief.chart))
    if brief.scope.kind == "pattern" and brief.councils:
        document.add_heading(COUNCILS, level=2)
        _table(document, *council_rows(brief))
    if brief.scope.kind != "pattern" and brief.patterns:
        document.add_heading(RECURRING, level=2)
        _table(
            document,
            ["Pattern", "Councils", DEVELOPMENT, STRENGTHS],
            [[p.name, str(p.councils), str(p.development), str(p.strengths)] for p in brief.patterns],
        )

    for section in brief.sections:
        document.add_heading(_clean(section.title), level=1)
        document.add_paragraph(_clean(section.intro))
        for title, quotes in ((DEVELOPMENT, section.development), (STRENGTHS, section.strengths)):
            document.add_heading(title, level=2)
            if not quotes:
                document.add_paragraph(FOUND_NOTHING)
            for quote in quotes:
                _quote(document, quote)

    document.add_heading(GOOD_PRACTICE, level=1)
    if not brief.good_practice:
        document.add_paragraph(NO_GOOD_PRACTICE)
    for entry in brief.good_practice:
        document.add_heading(_clean(entry.topic), level=2)
        document.add_paragraph(_clean(good_practice_line(entry)))
        for quote in entry.quotes:
            _quote(document, quote)

    document.add_heading(RECOMMENDATIONS, level=1)
    if not brief.recommendations:
        document.add_paragraph(NO_RECOMMENDATIONS)
    for group in brief.recommendations:
        document.add_heading(_clean(group.title), level=2)
        summary = f"{plural(group.recommendations, 'recommendation')} to {plural(group.councils, 'council')}."
        if group.owners:
            summary += " " + owners_line(group.owners)
        document.add_paragraph(_clean(summary))
        for ranked in group.ranked:
            _quote(document, ranked.quote)
            cited = document.paragraphs[-1]
            cited.add_run().add_break()
            cited.add_run(_clean(ranked_line(ranked))).italic = True

    document.add_heading(OWNERS, level=1)
    if brief.owners:
        _table(
            document,
            ["Owner", "Recommendations", "Councils"],
            [[o.name, str(o.recommendations), str(o.councils)] for o in brief.owners],
        )
    else:
        document.add_paragraph("The reports name no owner for these recommendations.")

    progress = brief.progress
    document.add_heading(PROGRESS, level=1)
    document.add_paragraph(_clean(progress_sentence(progress)))
    if progress.actions:
        _table(
            document,
            ["Status", "Actions", "Share"],
            [[status_label(s), str(n), percent(progress.share(n))] for s, n in progress.by_status.items()],
        )
    elif not progress.councils_with_plans:
        document.add_paragraph(NO_PLANS)

    document.add_heading(SOURCES, level=1)
    for source in brief.sources:
        item = document.add_paragraph(_clean(f"{source.label}, {source.date_label}"), style="List Bullet")
        if source.link:
            item.add_run(" — ")
            add_hyperlink(item, "open the report", source.link)
    document.add_heading(ABOUT, level=1)
    for note in brief.notes:
        document.add_paragraph(_clean(note), style="List Bullet")
    document.add_paragraph(_clean(f"Built by peergraph on {brief.generated}."))

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
