"""Render a parsed plain-text report into the shapes real publications take: web page, Word, PDF.

The format tests read each rendering back and compare it with the text version, so the
renderings copy how the LGA publishes (site furniture around the page, Word heading and list
styles, a paginated PDF with running footers) without adding or dropping report text. Helpers
at the end write the broken files users upload by mistake.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.shared import Pt
from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from importers.blocks import BlockKind, Document

RUNNING_FOOTER = "Adult Social Care Preparation for Assurance Peer Challenge"
RUNNING_HEADER = "Local Government Association"
_SUBHEADING = re.compile(
    r"^((key )?strengths?|considerations?|areas? (for|of) (development|improvement|consideration)"
    r"|message \d+|quality statement\b.*)$",
    re.I,
)
_TEAM_INTRO = re.compile(r"members of (the|this)\b.*\bteam (were|was|are)\b", re.I)
_FIGURES = [
    ("Documents read", re.compile(r"(\d[\d,]*)\s+(?:different\s+)?documents", re.I)),
    ("Meetings", re.compile(r"(\d[\d,]*)\s+meetings", re.I)),
    ("People met", re.compile(r"(\d[\d,]*)\s+(?:different\s+)?people\b", re.I)),
    ("Hours on site", re.compile(r"(\d[\d,]*)\s+hours", re.I)),
]


@dataclass
class Item:
    """One thing to render: a heading (level 1 = title), paragraph, bullet (level = depth) or table."""

    kind: str
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    team_member: bool = False


def _title_index(document: Document) -> int | None:
    for index, block in enumerate(document.blocks[:8]):
        lowered = block.text.lower()
        short_title = len(block.text.split()) <= 20 and not re.search(r"[.:;,]$", block.text)
        if ("peer challenge" in lowered or "peer review" in lowered) and short_title:
            return index
    return None


def _heading_level(text: str, level: int) -> int:
    if level >= 3 or _SUBHEADING.match(text):
        return 3
    return 2


def render_plan(document: Document) -> list[Item]:
    """The document's blocks as render items: title, headings at 2 levels, bullets, 2-column tables."""
    items: list[Item] = []
    title = _title_index(document)
    in_team = False
    for index, block in enumerate(document.blocks):
        if index == title:
            items.append(Item("heading", block.text, 1))
        elif block.kind is BlockKind.HEADING:
            items.append(Item("heading", block.text, _heading_level(block.text, block.level)))
        elif block.kind is BlockKind.LIST_ITEM:
            items.append(Item("bullet", block.text, max(1, min(block.level, 3)), team_member=in_team))
        elif block.kind is BlockKind.TABLE_CELL:
            if not items or items[-1].kind != "table":
                items.append(Item("table"))
            rows = items[-1].rows
            if not rows or len(rows[-1]) == 2:
                rows.append([])
            rows[-1].append(block.text)
        else:
            items.append(Item("paragraph", block.text))
        if block.kind is not BlockKind.LIST_ITEM:
            in_team = bool(_TEAM_INTRO.search(block.text))
    for item in items:
        for row in item.rows:
            row.extend([""] * (2 - len(row)))
    return items


def figures_table(text: str) -> list[list[str]]:
    """The on-site figures a paragraph states, as rows for a small table (as some reports add)."""
    return [[label, match.group(1)] for label, pattern in _FIGURES if (match := pattern.search(text))]


# --- HTML ---------------------------------------------------------------------------------------


def _html_item(item: Item) -> list[str]:
    text = html.escape(item.text)
    if item.kind == "heading":
        return [f"<h{item.level}>{text}</h{item.level}>"]
    if item.kind == "paragraph":
        return [f"<p>{text}</p>"]
    if item.kind == "table":
        rows = "".join(
            "<tr>" + "".join(f"<td><p>{html.escape(cell)}</p></td>" for cell in row) + "</tr>"
            for row in item.rows
        )
        return [f'<div class="table-wrapper"><table class="table"><tbody>{rows}</tbody></table></div>']
    return []


def _html_bullets(items: list[Item]) -> str:
    """Nested `<ul>` lists for a run of bullets, depth from each item's level."""
    out: list[str] = []
    depth = 0
    for item in items:
        if item.level > depth:
            for _ in range(item.level - depth):
                out.append("<ul><li>")
            depth = item.level
        else:
            for _ in range(depth - item.level):
                out.append("</li></ul>")
            depth = item.level
            out.append("</li><li>")
        name, _, rest = item.text.partition(",")
        if item.team_member and rest:
            out.append(f"<strong>{html.escape(name)}</strong>,{html.escape(rest)}")
        else:
            out.append(html.escape(item.text))
    out.extend("</li></ul>" for _ in range(depth))
    return "".join(out)


def render_html(document: Document, path: Path) -> Path:
    """A report page shaped like the LGA website: furniture around a `<main>` holding the report."""
    items = render_plan(document)
    title = next((i.text for i in items if i.kind == "heading" and i.level == 1), RUNNING_FOOTER)
    body: list[str] = []
    index = 0
    while index < len(items):
        if items[index].kind == "bullet":
            run_end = index
            while run_end < len(items) and items[run_end].kind == "bullet":
                run_end += 1
            body.append(_html_bullets(items[index:run_end]))
            index = run_end
            continue
        body.extend(_html_item(items[index]))
        index += 1
    page = f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(title)} | Local Government Association</title>
<link rel="stylesheet" href="/themes/lga/css/style.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body class="path-node page-node-type-publication">
<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<div id="sliding-popup" class="sliding-popup-bottom cookie-banner" role="alertdialog">
  <div class="eu-cookie-compliance-message"><h2>Cookies on local.gov.uk</h2>
  <p>We use cookies to make this site work and to collect information about how you use it.</p></div>
  <button type="button" class="agree-button">Accept all cookies</button>
  <button type="button" class="decline-button">Reject additional cookies</button>
</div>
<div class="alert-banner"><p><a href="/devolution">Visit our devolution and LGR hub for the latest information, support and resources</a></p></div>
<header role="banner" class="site-header">
  <a href="/" class="logo"><img src="/logo.svg" alt="Local Government Association"></a>
  <nav role="navigation" aria-label="Main navigation"><ul class="menu">
    <li><a href="/our-support">Our support</a></li><li><a href="/topics">Topics</a></li>
    <li><a href="/publications">Publications</a></li><li><a href="/events">Events</a></li>
  </ul></nav>
  <form class="search-form" action="/search"><label for="q">Search</label><input id="q" name="q"></form>
</header>
<nav class="breadcrumb" aria-label="Breadcrumb"><ol>
  <li><a href="/">Home</a></li><li><a href="/our-support">Our support</a></li>
  <li><a href="/our-support/peer-challenges">Peer challenges</a></li>
</ol></nav>
<main id="main-content" role="main">
<div class="layout-content"><article class="node node--type-publication">
<div class="field field--name-body">
{chr(10).join(body)}
</div>
<div class="share-this"><p>Share this page</p><ul><li><a href="#">Facebook</a></li><li><a href="#">X</a></li><li><a href="#">Email</a></li></ul></div>
</article></div>
</main>
<footer role="contentinfo" class="site-footer">
  <ul><li><a href="/contact">Contact us</a></li><li><a href="/privacy">Privacy</a></li><li><a href="/cookies">Cookies</a></li></ul>
  <p>© Local Government Association</p>
  <p>Local Government Association company number 11177145</p>
</footer>
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")
    return path


# --- Word ---------------------------------------------------------------------------------------

_WORD_HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2"}


def render_docx(document: Document, path: Path) -> Path:
    """A Word report: Title/Heading styles, List Bullet styles, Normal text, tables as tables."""
    word = new_word_document()
    word.styles["Normal"].font.name = "Arial"
    word.styles["Normal"].font.size = Pt(11)
    figures_done = False
    for item in render_plan(document):
        if item.kind == "heading":
            word.add_paragraph(item.text, style=_WORD_HEADING_STYLES[item.level])
        elif item.kind == "bullet":
            style = "List Bullet" if item.level == 1 else f"List Bullet {item.level}"
            paragraph = word.add_paragraph(style=style)
            name, _, rest = item.text.partition(",")
            if item.team_member and rest:
                paragraph.add_run(name).bold = True
                paragraph.add_run("," + rest)
            else:
                paragraph.add_run(item.text)
        elif item.kind == "table":
            _word_table(word, item.rows)
        else:
            word.add_paragraph(item.text)
            rows = figures_table(item.text)
            if not figures_done and len(rows) >= 2:
                _word_table(word, [["Peer challenge activity", "Number"], *rows])
                figures_done = True
    section = word.sections[0]
    section.footer.paragraphs[0].text = RUNNING_FOOTER
    section.header.paragraphs[0].text = RUNNING_HEADER
    word.save(str(path))
    return path


def _word_table(word: WordDocument, rows: list[list[str]]) -> None:
    table = word.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text


# --- PDF ----------------------------------------------------------------------------------------

_BODY = ParagraphStyle(
    "body",
    fontName="Helvetica",
    fontSize=10.5,
    leading=14,
    alignment=TA_JUSTIFY,
    spaceAfter=8,
    embeddedHyphenation=1,  # break at soft hyphens and hard hyphens, drawing a "-" at the line end
)
_CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=9.5, leading=12, alignment=TA_LEFT)
_MARGIN = 2.2 * cm


def _heading_style(name: str, font: str, size: float, before: float, after: float) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=size * 1.25,
        spaceBefore=before,
        spaceAfter=after,
        keepWithNext=1,
    )


def _lga_header_and_footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    width, height = A4
    canvas.saveState()
    canvas.setFont("Helvetica", 8.5)
    if doc.page > 1:
        canvas.drawString(_MARGIN, height - 1.3 * cm, RUNNING_HEADER)
    canvas.drawString(_MARGIN, 1.3 * cm, RUNNING_FOOTER)
    canvas.drawRightString(width - _MARGIN, 1.3 * cm, str(doc.page))
    canvas.restoreState()


def _typed_header_and_footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    width, height = A4
    canvas.saveState()
    canvas.setFont("Times-Italic", 9)
    canvas.drawString(_MARGIN, height - 1.4 * cm, RUNNING_FOOTER)
    canvas.drawRightString(width - _MARGIN, height - 1.4 * cm, f"Page {doc.page}")
    canvas.restoreState()


@dataclass(frozen=True)
class PdfLook:
    """How a PDF is typeset: fonts and spacing, the bullet glyph, running header/footer, cover page."""

    body: ParagraphStyle
    headings: dict[int, ParagraphStyle]
    bullet: str
    running: Callable[[Canvas, SimpleDocTemplate], None]
    cover_page: bool

    def bullet_style(self, level: int) -> ParagraphStyle:
        indent = 18 * level
        return ParagraphStyle(
            f"bullet{level}",
            parent=self.body,
            alignment=TA_LEFT,
            firstLineIndent=0,
            leftIndent=indent,
            bulletIndent=indent - 12,
            bulletFontName=self.body.fontName,
            spaceAfter=min(4, self.body.spaceAfter),
        )


LGA_LOOK = PdfLook(
    body=_BODY,
    headings={
        1: _heading_style("h1", "Helvetica-Bold", 20, 0, 14),
        2: _heading_style("h2", "Helvetica-Bold", 15, 10, 8),
        3: _heading_style("h3", "Helvetica-Bold", 12.5, 6, 6),
    },
    bullet="•",
    running=_lga_header_and_footer,
    cover_page=True,
)
# As a council might export from Word: Times, ragged right, paragraphs marked by a first-line
# indent with no space between them, dash bullets, headings in bold at body size below the title.
TYPED_LOOK = PdfLook(
    body=ParagraphStyle(
        "typed",
        fontName="Times-Roman",
        fontSize=11,
        leading=13.5,
        alignment=TA_LEFT,
        firstLineIndent=18,
        embeddedHyphenation=1,
    ),
    headings={
        1: _heading_style("t1", "Times-Bold", 18, 0, 10),
        2: _heading_style("t2", "Times-Bold", 11, 8, 4),
        3: _heading_style("t3", "Times-Bold", 11, 6, 2),
    },
    bullet="–",
    running=_typed_header_and_footer,
    cover_page=False,
)


_LONG_WORD = re.compile(r"\b[a-z]{12,}\b")
_PREFIXES_KEPT_BY_READERS = {"inter", "under", "over", "multi", "cross", "strengths", "person", "place"}


def _soft_hyphen(match: re.Match[str]) -> str:
    """Allow a break mid-word, as typesetting hyphenation does, but not after a compound prefix."""
    word = match.group(0)
    cut = len(word) // 2
    while word[:cut] in _PREFIXES_KEPT_BY_READERS:
        cut += 1
    return f"{word[:cut]}\u00ad{word[cut:]}"


def hyphenatable(text: str) -> str:
    """Escaped paragraph markup with soft hyphens in long words (reportlab breaks lines there)."""
    return _LONG_WORD.sub(_soft_hyphen, escape(text))


def _pdf_table(rows: list[list[str]]) -> list[Flowable]:
    width = A4[0] - 2 * _MARGIN
    cells = [[Paragraph(escape(cell), _CELL) for cell in row] for row in rows]
    table = Table(cells, colWidths=[width / 2, width / 2])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return [table, Spacer(1, 10)]


def _pdf_flowables(items: list[Item], look: PdfLook) -> list[Flowable]:
    flowables: list[Flowable] = []
    for item in items:
        if item.kind == "heading":
            flowables.append(Paragraph(escape(item.text), look.headings[item.level]))
        elif item.kind == "bullet":
            name, _, rest = item.text.partition(",")
            text = hyphenatable(item.text)
            if item.team_member and rest:
                text = f"<b>{escape(name)}</b>,{escape(rest)}"
            flowables.append(Paragraph(text, look.bullet_style(item.level), bulletText=look.bullet))
        elif item.kind == "table":
            flowables.extend(_pdf_table(item.rows))
        else:
            flowables.append(Paragraph(hyphenatable(item.text), look.body))
    return flowables


def render_pdf(document: Document, path: Path, look: PdfLook = LGA_LOOK) -> Path:
    """An A4 report as the LGA prints it: bold headings by size, bullets, justified text that
    breaks across pages, a running footer and page numbers (or another look)."""
    template = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=2.4 * cm,
        bottomMargin=2.4 * cm,
        title=RUNNING_FOOTER,
        author="Local Government Association",
    )
    items = render_plan(document)
    flowables = _pdf_flowables(items, look)
    # A cover page: the title and the lines under it, then the report proper from a new page.
    if look.cover_page and any(item.kind == "heading" and item.level == 1 for item in items[:3]):
        first_section = next(
            (i for i, item in enumerate(items) if item.kind == "heading" and item.level == 2), None
        )
        if first_section is not None and first_section <= 6:
            flowables.insert(first_section, PageBreak())
    template.build(flowables, onFirstPage=look.running, onLaterPages=look.running)
    return path


def render_typed_pdf(document: Document, path: Path) -> Path:
    """The same report in the plainer look of a PDF exported from a word processor."""
    return render_pdf(document, path, TYPED_LOOK)


# --- Broken files -------------------------------------------------------------------------------


def pdf_bytes(paragraphs: list[str]) -> bytes:
    """A small one-page PDF with a text layer."""
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph(escape(text), _BODY) for text in paragraphs])
    return buffer.getvalue()


def write_encrypted_pdf(path: Path, user_password: str = "secret") -> Path:
    """A PDF that needs a password to open (an empty user password opens without one)."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf_bytes(["Adult social care peer challenge."]))))
    writer.encrypt(user_password=user_password, owner_password="owner-password", algorithm="AES-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def write_image_only_pdf(path: Path) -> Path:
    """A 'scanned' PDF: pages of drawn shapes with no text layer."""
    canvas = Canvas(str(path), pagesize=A4)
    for page in range(2):
        canvas.setFillColor(colors.lightgrey)
        canvas.rect(2 * cm, 2 * cm, 17 * cm, 25 * cm, fill=1)
        for line in range(30):
            canvas.setFillColor(colors.black)
            canvas.rect(3 * cm, (25 - line * 0.7) * cm, (10 + (line + page) % 5) * cm, 0.3 * cm, fill=1)
        canvas.showPage()
    canvas.save()
    return path


def write_not_a_zip(path: Path) -> Path:
    path.write_text("This was saved as plain text and renamed, so it is not a Word document.\n" * 5)
    return path


def write_zip_without_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("notes/readme.txt", "Not a Word document.")
    return path


def write_legacy_doc(path: Path) -> Path:
    """The start of an OLE2 compound file, as Word 97-2003 .doc files are."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Word.Document.8" + bytes(2048))
    return path


def write_junk(path: Path) -> Path:
    """Binary noise (deterministic) under whatever name the caller gives."""
    path.write_bytes(bytes((index * 97 + 13) % 256 for index in range(8192)))
    return path
