"""Each format reader on small hand-made files: exact blocks, furniture dropped, one-line errors."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document as new_word_document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from importers.blocks import BlockKind, Document
from importers.docx import read_docx
from importers.formats import read_document
from importers.html import read_html
from importers.pdf import read_pdf
from peergraph.core.errors import FileTooLargeError, InputFileError
from tests.renderers import (
    pdf_bytes,
    write_encrypted_pdf,
    write_image_only_pdf,
    write_junk,
    write_legacy_doc,
    write_not_a_zip,
    write_zip_without_document,
)

MAX_BYTES = 10 * 1024 * 1024
H, P, LI, TC = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL


def shape(document: Document) -> list[tuple[BlockKind, int, str]]:
    """The blocks as (kind, level, text), after checking each one cuts its text out of the document."""
    for block in document.blocks:
        assert document.text[block.start : block.end] == block.text
    return [(block.kind, block.level, block.text) for block in document.blocks]


# --- HTML ---------------------------------------------------------------------------------------

LGA_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Report | LGA</title>
<style>p { color: red }</style><script>var tracking = "Skip to main content";</script></head>
<body>
<a href="#main" class="skip-link">Skip to main content</a>
<div id="cookie-banner"><p>We use cookies to make this site work.</p><button>Accept all cookies</button></div>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li>Our support</li></ul></nav></header>
<nav aria-label="Breadcrumb" class="breadcrumbs"><ol><li>Home</li><li>Peer challenges</li></ol></nav>
<main id="main">
<article>
<header><h1>Trafford Council Peer Challenge</h1></header>
<p>Final report: <strong>September</strong> 2023</p>
<h2 id="cookie-policy-review">Background</h2>
<p>The peer team<br>met people &amp; partners.</p>
<ul>
  <li><strong>Karen Fuller</strong>, Director<ul><li>Lead peer</li></ul></li>
  <li><p>Second item</p></li>
</ul>
<h3>Figures</h3>
<div>Loose text in a div <em>with</em> emphasis.<div>Inner block.</div></div>
<table><tr><th>Documents</th><td>150</td></tr><tr><th>Meetings</th><td>31</td></tr></table>
<div class="share-this"><p>Share this page</p><a href="#">Twitter</a></div>
</article>
</main>
<aside><p>Related content</p></aside>
<footer><p>© Local Government Association</p><p>Local Government Association company number 11177145</p></footer>
</body></html>
"""


def test_html_blocks_from_the_main_element(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(LGA_PAGE, encoding="utf-8")
    document = read_html(path, MAX_BYTES)
    assert document.format == "html"
    assert shape(document) == [
        (H, 1, "Trafford Council Peer Challenge"),
        (P, 0, "Final report: September 2023"),
        (H, 2, "Background"),
        (P, 0, "The peer team met people & partners."),
        (LI, 1, "Karen Fuller, Director"),
        (LI, 2, "Lead peer"),
        (LI, 1, "Second item"),
        (H, 3, "Figures"),
        (P, 0, "Loose text in a div with emphasis."),
        (P, 0, "Inner block."),
        (TC, 1, "Documents"),
        (TC, 2, "150"),
        (TC, 1, "Meetings"),
        (TC, 2, "31"),
    ]


def test_html_site_furniture_is_dropped_without_a_main_element(tmp_path: Path) -> None:
    page = LGA_PAGE.replace('<main id="main">', "").replace("</main>", "")
    page = page.replace("<article>", "<div>").replace("</article>", "</div>")
    path = tmp_path / "no-main.html"
    path.write_text(page, encoding="utf-8")
    text = read_html(path, MAX_BYTES).text
    for furniture in (
        "Skip to main",
        "cookies",
        "Home",
        "Our support",
        "Share this",
        "Twitter",
        "©",
        "company",
    ):
        assert furniture not in text
    assert "Related content" not in text
    assert "Karen Fuller, Director" in text


def test_html_charset_from_meta_and_bom(tmp_path: Path) -> None:
    latin = tmp_path / "latin.html"
    latin.write_bytes(
        b'<html><head><meta charset="windows-1252"></head><body><p>People\x92s care \x96 now</p></body></html>'
    )
    assert read_html(latin, MAX_BYTES).text == "People’s care – now"
    bom = tmp_path / "bom.html"
    bom.write_bytes(b"\xef\xbb\xbf<p>Caf\xc3\xa9 support</p>")
    assert read_html(bom, MAX_BYTES).text == "Café support"


# --- plain text ---------------------------------------------------------------------------------


def test_text_tables_flattened_with_tabs_or_pipes_are_rows_of_cells(tmp_path: Path) -> None:
    path = tmp_path / "tables.md"
    path.write_text(
        "The peer team:\n\n"
        "| Name | Role |\n|------|:----:|\n| Jo Bloggs | Lead Peer |\n\n"
        "Sam Smith\tMember Peer\tAnyshire Council\n\n"
        "Ann Lee | Officer Peer | Otherplace Council\n\n"
        "See Adult social care peer challenges | Local Government Association.\n"
    )
    assert shape(read_document(path, MAX_BYTES)) == [
        (P, 0, "The peer team:"),
        (TC, 1, "Name"),
        (TC, 2, "Role"),
        (TC, 1, "Jo Bloggs"),
        (TC, 2, "Lead Peer"),
        (TC, 1, "Sam Smith"),
        (TC, 2, "Member Peer"),
        (TC, 3, "Anyshire Council"),
        (TC, 1, "Ann Lee"),
        (TC, 2, "Officer Peer"),
        (TC, 3, "Otherplace Council"),
        (P, 0, "See Adult social care peer challenges | Local Government Association."),
    ]


# --- PDF ----------------------------------------------------------------------------------------

Text = tuple[float, float, str, float, str]  # x, top, font, size, text
BODY = ("Helvetica", 10.5)


def draw_pdf(path: Path, pages: list[list[Text]]) -> Path:
    """A PDF with each line placed exactly (top measured down from the page top, as pdfplumber does)."""
    canvas = Canvas(str(path), pagesize=A4)
    height = A4[1]
    for number, lines in enumerate(pages, 1):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(62, height - 38, "Local Government Association")
        canvas.drawString(62, height - 810, "Adult Social Care Preparation for Assurance Peer Challenge")
        canvas.drawRightString(530, height - 810, str(number))
        for x, top, font, size, text in lines:
            canvas.setFont(font, size)
            canvas.drawString(x, height - top - size * 0.8, text)
        canvas.showPage()
    canvas.save()
    return path


def body(top: float, text: str, x: float = 70) -> Text:
    return (x, top, *BODY, text)


def bullet(top: float, text: str, depth: int = 1) -> list[Text]:
    x = 80 + (depth - 1) * 18
    return [(x, top, *BODY, "•"), (x + 12, top, *BODY, text)]


def hand_made_pdf(path: Path) -> Path:
    page_one: list[Text] = [
        (70, 80, "Helvetica-Bold", 20, "Peer challenge report"),
        (70, 120, "Helvetica-Bold", 15, "Background"),
        body(150, "The peer team met with councillors, officers and partners over three days and read a"),
        body(164, "range of documents provided by the council, including a self-assessment and organi-"),
        body(178, "sational charts. The team thanks everyone who took part."),
        body(200, "Specifically, the peer team considered the following:"),
        *bullet(222, "Assessing needs and planning care for people across the"),
        body(236, "borough and with its partners", x=92),
        *bullet(254, "Prevention and wellbeing"),
        *bullet(272, "Information and advice", depth=2),
        (70, 300, "Helvetica-Bold", 10.5, "Strengths"),
        body(322, "Staff are proud of the strength-"),
        body(336, "based approach that the council has developed with partners over many years, and"),
        body(350, "the council has a clear plan for improving services which is monitored through the"),
    ]
    page_two: list[Text] = [
        body(80, "Care Quality Commission assessment framework."),
        body(102, "The peer team were given access to at least 150 documents."),
    ]
    path = draw_pdf(path, [page_one, page_two])
    return path


def test_pdf_headings_bullets_paragraphs_and_joins(tmp_path: Path) -> None:
    document = read_pdf(hand_made_pdf(tmp_path / "report.pdf"), MAX_BYTES)
    assert document.format == "pdf"
    assert shape(document) == [
        (H, 1, "Peer challenge report"),
        (H, 2, "Background"),
        (
            P,
            0,
            "The peer team met with councillors, officers and partners over three days and read a range of "
            "documents provided by the council, including a self-assessment and organisational charts. "
            "The team thanks everyone who took part.",
        ),
        (P, 0, "Specifically, the peer team considered the following:"),
        (LI, 1, "Assessing needs and planning care for people across the borough and with its partners"),
        (LI, 1, "Prevention and wellbeing"),
        (LI, 2, "Information and advice"),
        (H, 3, "Strengths"),
        (
            P,
            0,
            "Staff are proud of the strength-based approach that the council has developed with partners "
            "over many years, and the council has a clear plan for improving services which is monitored "
            "through the Care Quality Commission assessment framework.",
        ),
        (P, 0, "The peer team were given access to at least 150 documents."),
    ]


def test_pdf_indented_paragraphs_wrapped_bold_heading_and_dash_lines(tmp_path: Path) -> None:
    """Paragraphs marked by a first-line indent, not spacing: a line level with the margin at the
    top of a page carries the paragraph on, even after a full stop."""
    bold = ("Helvetica-Bold", 10.5)
    page_one: list[Text] = [
        (70, 80, *bold, "Quality statements from the CQC guidance for local authorities,"),
        (70, 94, *bold, "November 2023"),
        body(120, "The council has a clear vision for adult social care which staff", x=88),
        body(133.5, "understand and share."),
        body(147, "Waiting lists are long, in some teams 3", x=88),
        body(160.5, "– 5 months, and the council knows this."),
        body(174, "The peer team heard that the council has made a strong start with", x=88),
        body(187.5, "its improvement plan and that staff are proud of it."),
    ]
    page_two: list[Text] = [
        body(80, "Partners described the plan as ambitious."),
        body(93.5, "A new paragraph starts here.", x=88),
    ]
    document = read_pdf(draw_pdf(tmp_path / "indented.pdf", [page_one, page_two]), MAX_BYTES)
    assert shape(document) == [
        (H, 1, "Quality statements from the CQC guidance for local authorities, November 2023"),
        (P, 0, "The council has a clear vision for adult social care which staff understand and share."),
        (P, 0, "Waiting lists are long, in some teams 3 – 5 months, and the council knows this."),
        (
            P,
            0,
            "The peer team heard that the council has made a strong start with its improvement plan and "
            "that staff are proud of it. Partners described the plan as ambitious.",
        ),
        (P, 0, "A new paragraph starts here."),
    ]


def test_pdf_running_header_footer_and_page_numbers_are_dropped(tmp_path: Path) -> None:
    sentences = ["The first page of the report.", "A second page.", "The third and last page."]
    pages = [[body(100, sentence)] for sentence in sentences]
    text = read_pdf(draw_pdf(tmp_path / "footers.pdf", pages), MAX_BYTES).text
    assert text == "\n\n".join(sentences)


def test_pdf_ruled_table_cells_are_not_repeated_as_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "table.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    height = A4[1]
    canvas.setFont(*BODY)
    canvas.drawString(70, height - 100, "The peer team recorded these figures.")
    rows = [("Documents read", "150"), ("Meetings", "31")]
    for row, (label, value) in enumerate(rows):
        top = height - 130 - row * 24
        canvas.rect(70, top - 24, 200, 24)
        canvas.rect(270, top - 24, 200, 24)
        canvas.drawString(76, top - 16, label)
        canvas.drawString(276, top - 16, value)
    canvas.drawString(70, height - 220, "They met many people.")
    canvas.save()
    assert shape(read_pdf(path, MAX_BYTES)) == [
        (P, 0, "The peer team recorded these figures."),
        (TC, 1, "Documents read"),
        (TC, 2, "150"),
        (TC, 1, "Meetings"),
        (TC, 2, "31"),
        (P, 0, "They met many people."),
    ]


def test_pdf_with_an_empty_user_password_is_read(tmp_path: Path) -> None:
    path = write_encrypted_pdf(tmp_path / "owner-locked.pdf", user_password="")
    assert read_pdf(path, MAX_BYTES).text == "Adult social care peer challenge."


# --- Word ---------------------------------------------------------------------------------------


def _numbered(paragraph: Paragraph, level: int) -> None:
    """Give a paragraph Word numbering at an indent level, as a list typed in Normal style has."""
    properties = paragraph._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    indent, number = OxmlElement("w:ilvl"), OxmlElement("w:numId")
    indent.set(qn("w:val"), str(level))
    number.set(qn("w:val"), "1")
    numbering.extend([indent, number])
    properties.append(numbering)


def hand_made_docx(path: Path) -> Path:
    word = new_word_document()
    word.add_paragraph("Peer challenge report", style="Title")
    word.add_paragraph("Background", style="Heading 1")
    intro = word.add_paragraph("The peer team met people")
    intro.add_run().add_break()
    intro.add_run("and read documents.")
    word.add_paragraph("Karen Fuller, Director", style="List Bullet")
    word.add_paragraph("Lead peer", style="List Bullet 2")
    _numbered(word.add_paragraph("Typed list item at level two"), 1)
    word.add_paragraph("First numbered point", style="List Number")
    section = word.styles.add_style("Report Section", WD_STYLE_TYPE.PARAGRAPH)
    section.base_style = word.styles["Normal"]
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "1")
    section.element.get_or_add_pPr().append(outline)
    word.add_paragraph("Key messages", style="Report Section")
    table = word.add_table(rows=3, cols=2)
    top = table.cell(0, 0).merge(table.cell(0, 1))
    top.text = "Figures"
    side = table.cell(1, 0).merge(table.cell(2, 0))
    side.text = "Activity"
    table.cell(1, 1).text = "150 documents"
    table.cell(2, 1).text = "31 meetings"
    word.add_paragraph().add_run("Strengths").bold = True
    word.add_paragraph("Staff are proud of their work.")
    word.save(str(path))
    return path


def test_docx_styles_lists_and_tables_in_order(tmp_path: Path) -> None:
    document = read_docx(hand_made_docx(tmp_path / "report.docx"), MAX_BYTES)
    assert document.format == "docx"
    assert shape(document) == [
        (H, 1, "Peer challenge report"),
        (H, 1, "Background"),
        (P, 0, "The peer team met people and read documents."),
        (LI, 1, "Karen Fuller, Director"),
        (LI, 2, "Lead peer"),
        (LI, 2, "Typed list item at level two"),
        (LI, 1, "First numbered point"),
        (H, 2, "Key messages"),
        (TC, 1, "Figures"),
        (TC, 1, "Activity"),
        (TC, 2, "150 documents"),
        (TC, 2, "31 meetings"),
        (H, 3, "Strengths"),
        (P, 0, "Staff are proud of their work."),
    ]


# --- read_document: dispatch and bad input -------------------------------------------------------


def test_read_document_dispatches_by_content_despite_the_suffix(tmp_path: Path) -> None:
    pdf = tmp_path / "report.txt"
    pdf.write_bytes(pdf_bytes(["A peer challenge saved with the wrong name."]))
    word = hand_made_docx(tmp_path / "report.pdf")
    page = tmp_path / "report.md"
    page.write_text(LGA_PAGE, encoding="utf-8")
    text = tmp_path / "report.markdown"
    text.write_text("# Background\n\nThe peer team met people.\n", encoding="utf-8")
    assert read_document(pdf, MAX_BYTES).format == "pdf"
    assert read_document(word, MAX_BYTES).format == "docx"
    assert read_document(page, MAX_BYTES).format == "html"
    assert shape(read_document(text, MAX_BYTES)) == [
        (H, 1, "Background"),
        (P, 0, "The peer team met people."),
    ]


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _truncated_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    return path


def _furniture_only_html(path: Path) -> Path:
    path.write_text(
        "<html><body><nav>Home</nav><footer>© Local Government Association</footer></body></html>"
    )
    return path


def _rtf(path: Path) -> Path:
    path.write_text(r"{\rtf1\ansi Adult social care peer challenge}")
    return path


def _plain_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("report.txt", "Adult social care peer challenge")
    return path


BAD_INPUTS: list[tuple[str, Callable[[Path], Path], str]] = [
    ("missing.txt", lambda path: path, "no such file"),
    ("empty.txt", _empty, "the file is empty"),
    ("junk.txt", write_junk, "binary data, not a text document"),
    ("junk.pdf", write_junk, "not a readable PDF"),
    ("truncated.pdf", _truncated_pdf, "not a readable PDF"),
    ("locked.pdf", write_encrypted_pdf, "the PDF is encrypted"),
    ("scanned.pdf", write_image_only_pdf, "the PDF has no text layer (scanned images?); run OCR first"),
    ("renamed.docx", write_not_a_zip, "not a Word .docx file (not a zip archive)"),
    ("bundle.docx", write_zip_without_document, "not a Word .docx file (no word/document.xml in the zip)"),
    ("old.doc", write_legacy_doc, "a legacy Word .doc file"),
    ("old-renamed.docx", write_legacy_doc, "a legacy Word .doc file"),
    ("furniture.html", _furniture_only_html, "no readable text"),
    ("report.rtf", _rtf, "unsupported file type '.rtf'; expected .txt, .md, .html, .pdf or .docx"),
    ("reports.zip", _plain_zip, "unsupported file type"),
]


@pytest.mark.parametrize(("name", "make", "reason"), BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_is_one_line_naming_the_file(
    tmp_path: Path, name: str, make: Callable[[Path], Path], reason: str
) -> None:
    path = make(tmp_path / name)
    with pytest.raises(InputFileError) as caught:
        read_document(path, MAX_BYTES)
    message = str(caught.value)
    assert message.startswith(f"{name}: ")
    assert reason in message
    assert "\n" not in message


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(pdf_bytes(["Adult social care peer challenge."]))
    with pytest.raises(FileTooLargeError) as caught:
        read_document(path, max_bytes=100)
    assert str(caught.value).startswith("big.pdf: the file is")
    assert "limit" in str(caught.value)
