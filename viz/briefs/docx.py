"""A brief's outline as a Word document on A4 that drops into a council's own template.

Only Word's built-in style names carry the structure ("Title", "Subtitle", "Heading 1-3",
"Quote", "List Bullet", "List Number", "Hyperlink", "Caption"), so pasting into or attaching a
council's template restyles it all; one extra paragraph style, "Citation", sits under each quote.
Citations are text, with a hyperlink to the passage only when the brief has a base URL; the chart
is a PNG picture with alt text and its numbers in a table beneath. The page is A4 with 2 cm
margins, and the text is marked as British English.
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
from docx.shared import Cm, Emu, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from viz.briefs.blocks import (
    Block,
    ChartBlock,
    Figures,
    Heading,
    ListBlock,
    Outline,
    Paragraph,
    QuoteBlock,
    TableBlock,
)
from viz.briefs.chart import chart_png

MARGIN = Cm(2)
TEXT_WIDTH = Mm(210) - 2 * MARGIN
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


def _a4(document: Document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)


def _language(document: Document, language: str) -> None:
    """Mark the default run language (spelling, hyphenation, screen readers) as `language`."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_props = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if run_props is None:
        return
    lang = run_props.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_props.append(lang)
    lang.set(qn("w:val"), language)


def add_hyperlink(paragraph: DocxParagraph, text: str, url: str) -> None:
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


def _table(writer: _Writer, block: TableBlock) -> None:
    document = writer.document
    writer.paragraph(block.caption, "Caption")
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = document.styles[TABLE_STYLE]
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = _clean(text)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = _clean(text)
    # The first column names things and gets room for them (as in the PDF); numbers share the rest.
    columns = len(block.header)
    first = TEXT_WIDTH * (0.4 if columns > 2 else 0.5)
    widths = [first] + [(TEXT_WIDTH - first) / max(1, columns - 1)] * (columns - 1)
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(int(width))  # the grid, which LibreOffice reads
        for cell in column.cells:
            cell.width = Emu(int(width))  # each cell, which Word reads
    document.add_paragraph()


class _Writer:
    """Adds paragraphs in named styles, looking each style's id up once.

    python-docx's `paragraph.style = name` scans every style in the document on each call (most of
    a brief's rendering time); setting the paragraph's style id directly does the same in no time.
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self.ids = {style.name: style.style_id for style in document.styles}

    def paragraph(self, text: str = "", style: str | None = None) -> DocxParagraph:
        paragraph = self.document.add_paragraph(_clean(text))
        if style is not None:
            paragraph._p.style = self.ids[style]
        return paragraph


def _block(writer: _Writer, block: Block) -> None:
    document = writer.document
    add = writer.paragraph
    if isinstance(block, Heading):
        add(block.text, f"Heading {block.level}")
    elif isinstance(block, Paragraph):
        paragraph = add(block.text, "Caption" if block.role == "note" else None)
        if block.role == "lead":
            for run in paragraph.runs:
                run.font.size = Pt(13)
    elif isinstance(block, Figures):
        for figure in block.items:
            item = add(style="List Bullet")
            item.add_run(str(figure.value)).bold = True
            item.add_run(" " + _clean(figure.label.lower()))
    elif isinstance(block, QuoteBlock):
        add(block.text, "Quote")
        cited = add(block.citation, CITATION)
        if block.link:
            cited.add_run(" — ")
            add_hyperlink(cited, "view the passage", block.link)
        if block.note:
            cited.add_run().add_break()
            cited.add_run(_clean(block.note)).italic = True
    elif isinstance(block, ListBlock):
        for entry in block.items:
            item = add(entry.text, "List Number" if block.numbered else "List Bullet")
            if entry.link:
                item.add_run(" — ")
                add_hyperlink(item, entry.link_text or entry.link, entry.link)
    elif isinstance(block, TableBlock):
        _table(writer, block)
    elif isinstance(block, ChartBlock):
        document.add_picture(io.BytesIO(chart_png(block.chart)), width=Cm(16))
        picture = document.inline_shapes[-1]
        picture._inline.docPr.set("descr", _clean(block.alt))
        picture._inline.docPr.set("title", _clean(block.chart.title))
        add(block.chart.title, "Caption")
    else:
        raise TypeError(f"no DOCX for {type(block).__name__}")


def render_docx(outline: Outline) -> bytes:
    document = docx.Document()
    _a4(document)
    _styles(document)
    _language(document, outline.language)
    props = document.core_properties
    props.title = _clean(outline.title)
    props.subject = _clean(outline.subtitle)
    props.author = outline.author
    props.language = outline.language
    props.comments = ""

    writer = _Writer(document)
    writer.paragraph(outline.title, "Title")
    writer.paragraph(outline.subtitle, "Subtitle")
    for block in outline.blocks:
        _block(writer, block)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
