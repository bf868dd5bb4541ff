"""Read a Word .docx report into blocks, in document order, paragraphs and tables interleaved.

Structure comes from styles: Title and Heading N (or an outline level) are headings, list
styles or Word numbering are list items with their depth, table cells are cells (a merged cell
once). A short bold line in body text is taken as a heading, marked as guessed.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from importers.blocks import BlockKind, Document, RawBlock, build_document, clean_inline
from importers.boundary import reader_boundary
from importers.limits import READ_LIMITS, Deadline, ReadLimits, read_checked_bytes
from peergraph.core.errors import InputFileError

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_EXPANDED_BYTES = 1 << 30  # a .docx inflating past 1 GB is a zip bomb, not a report
_DOCUMENT_PART = "word/document.xml"
# The parts python-docx reads, and the root element each must have, to say which one is damaged.
_PARTS_READ = {
    "[Content_Types].xml": "Types",
    "_rels/.rels": "Relationships",
    "word/_rels/document.xml.rels": "Relationships",
    _DOCUMENT_PART: "document",
    "word/styles.xml": "styles",
    "word/numbering.xml": "numbering",
    "word/settings.xml": "settings",
}

_W_P, _W_TBL, _W_TR, _W_TC, _W_SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
_W_SDT_CONTENT, _W_T, _W_TAB, _W_BR, _W_CR = (
    qn("w:sdtContent"),
    qn("w:t"),
    qn("w:tab"),
    qn("w:br"),
    qn("w:cr"),
)
_W_NO_BREAK_HYPHEN, _W_VAL = qn("w:noBreakHyphen"), qn("w:val")
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Deleted text, text boxes (their own paragraphs), alternate renderings and properties are not read.
_NOT_TEXT = {qn("w:del"), qn("w:txbxContent"), _MC_FALLBACK, qn("w:pPr"), qn("w:rPr"), qn("w:instrText")}

_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.I)
_LIST_STYLE = re.compile(r"^list\s+(bullet|number|paragraph)(?:\s+([1-9]))?$", re.I)
_TOC_STYLE = re.compile(r"^toc\s*[1-9]$", re.I)
_PUNCTUATED = re.compile(r"[.,;:!?]$")
_LONGEST_BOLD_HEADING_WORDS = 15


def element_text(element: Any) -> str:
    """Visible text of a paragraph or cell element: runs, hyperlinks, fields; tabs and breaks as spaces."""
    parts: list[str] = []

    def visit(node: Any) -> None:
        for child in node:
            tag = child.tag
            if tag in _NOT_TEXT:
                continue
            if tag == _W_T:
                parts.append(child.text or "")
            elif tag in (_W_TAB, _W_BR, _W_CR):
                parts.append(" ")
            elif tag == _W_NO_BREAK_HYPHEN:
                parts.append("-")
            elif tag == _W_P and parts:
                parts.append(" ")
                visit(child)
            else:
                visit(child)

    visit(element)
    return "".join(parts)


def _int_value(element: Any, default: int) -> int:
    """An element's w:val as a non-negative integer, or the default when missing or malformed."""
    try:
        return max(0, int(element.get(_W_VAL, default)))
    except (TypeError, ValueError):
        return default


def _style_chain(paragraph: Paragraph) -> Iterator[Any]:
    """The paragraph's style and the styles it is based on, nearest first."""
    style: Any = paragraph.style
    seen = 0
    while style is not None and seen < 10:
        yield style
        style = style.base_style
        seen += 1


def _outline_level(paragraph: Paragraph) -> int | None:
    """Heading level from an outline level set on the paragraph or its styles (0-8; 9 = body)."""
    sources = [paragraph._p.pPr, *(style.element.pPr for style in _style_chain(paragraph))]
    for ppr in sources:
        if ppr is None:
            continue
        outline = ppr.find(qn("w:outlineLvl"))
        if outline is not None:
            value = _int_value(outline, 9)
            return value + 1 if value < 9 else None
    return None


def heading_level(paragraph: Paragraph) -> int | None:
    """1 for Title, N for Heading N (or a style based on it), else the outline level."""
    for style in _style_chain(paragraph):
        name = style.name or ""
        if name.lower() == "title":
            return 1
        if match := _HEADING_STYLE.match(name):
            return int(match.group(1))
    return _outline_level(paragraph)


def _numbering(ppr: Any) -> tuple[bool, int | None] | None:
    """Word numbering in paragraph properties: (numbered, indent level); numId 0 switches it off."""
    numbering = ppr.find(qn("w:numPr")) if ppr is not None else None
    if numbering is None:
        return None
    number_id = numbering.find(qn("w:numId"))
    if number_id is not None and number_id.get(_W_VAL) == "0":
        return False, None
    indent = numbering.find(qn("w:ilvl"))
    return True, _int_value(indent, 0) if indent is not None else None


def list_depth(paragraph: Paragraph) -> int | None:
    """Depth (1 = top) of a list paragraph: its numbering level, the style's number ("List Bullet 2"), else 1."""
    own = _numbering(paragraph._p.pPr)
    if own is not None and own[0]:
        return (own[1] or 0) + 1
    if own is not None:  # numbering explicitly removed
        return None
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style_match := _LIST_STYLE.match(name):
        return int(style_match.group(2) or 1)
    for style in _style_chain(paragraph):
        inherited = _numbering(style.element.pPr)
        if inherited is not None:
            return (inherited[1] or 0) + 1 if inherited[0] else None
    return None


def _style_bold(paragraph: Paragraph) -> bool:
    for style in _style_chain(paragraph):
        if style.font.bold is not None:
            return bool(style.font.bold)
    return False


def is_bold(paragraph: Paragraph) -> bool:
    """Every run with text is bold (set on the run, its character style or the paragraph style)."""
    default = _style_bold(paragraph)
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.bold
        if bold is None and run.style is not None and run.style.font.bold is not None:
            bold = run.style.font.bold
        if not (default if bold is None else bold):
            return False
    return True


def _looks_like_bold_heading(paragraph: Paragraph, text: str) -> bool:
    return (
        len(text.split()) <= _LONGEST_BOLD_HEADING_WORDS
        and not _PUNCTUATED.search(text)
        and (text[0].isupper() or text[0].isdigit())
        and is_bold(paragraph)
    )


class _BodyReader:
    """Walks the document body in order and collects raw blocks."""

    def __init__(self, word: WordDocument, deadline: Deadline | None = None) -> None:
        self.word = word
        self.deadline = deadline
        self.blocks: list[RawBlock] = []
        self.last_heading_level = 1

    def walk(self, container: Any) -> None:
        for child in container.iterchildren():
            if self.deadline is not None:
                self.deadline.check()
            if child.tag == _W_P:
                self.paragraph(Paragraph(child, self.word))
            elif child.tag == _W_TBL:
                self.table(child)
            elif child.tag == _W_SDT:
                content = child.find(_W_SDT_CONTENT)
                if content is not None:
                    self.walk(content)

    def paragraph(self, paragraph: Paragraph) -> None:
        text = clean_inline(element_text(paragraph._p))
        if not text:
            return
        style_name = (paragraph.style.name if paragraph.style is not None else "") or ""
        if _TOC_STYLE.match(style_name):
            return  # a contents-page line, not report text
        if (level := heading_level(paragraph)) is not None:
            self.last_heading_level = level
            self.blocks.append(RawBlock(BlockKind.HEADING, text, level))
        elif (depth := list_depth(paragraph)) is not None:
            self.blocks.append(RawBlock(BlockKind.LIST_ITEM, text, depth))
        elif _looks_like_bold_heading(paragraph, text):
            level = min(6, self.last_heading_level + 1)
            self.blocks.append(RawBlock(BlockKind.HEADING, text, level, guessed=True))
        else:
            self.blocks.append(RawBlock(BlockKind.PARAGRAPH, text))

    def table(self, table: Any) -> None:
        for column, cell in table_cells(table):
            text = clean_inline(element_text(cell))
            if text:
                self.blocks.append(RawBlock(BlockKind.TABLE_CELL, text, column))


def table_cells(table: Any) -> Iterator[tuple[int, Any]]:
    """(column, cell element) row by row, columns from 1; a vertically merged cell is yielded once,
    at its first row."""
    for row in _children(table, _W_TR):
        for column, cell in enumerate(_children(row, _W_TC), 1):
            merge = cell.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            if merge is not None and merge.get(_W_VAL) != "restart":
                continue
            yield column, cell


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Direct children with a tag, looking through content controls (`w:sdt`) that wrap them."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)


def _open_word(data: bytes, source: str, limits: ReadLimits) -> WordDocument:
    """Open the bytes as a Word document, or say in one line why they are not one."""
    if data.startswith(_OLE2_MAGIC):
        raise InputFileError(source, "a legacy Word .doc file, not .docx; save it as .docx and try again")
    if not zipfile.is_zipfile(BytesIO(data)):
        raise InputFileError(source, "not a Word .docx file (not a zip archive)")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputFileError(source, "not a readable Word .docx file: the zip archive is corrupt") from None
    if sum(entry.file_size for entry in entries) > _MAX_EXPANDED_BYTES:
        raise InputFileError(source, "the .docx expands to over 1 GB; refusing to open it")
    document = next((entry for entry in entries if entry.filename == _DOCUMENT_PART), None)
    if document is None:
        raise InputFileError(source, "not a Word .docx file (no word/document.xml in the zip)")
    if document.file_size > limits.docx_xml_bytes:
        raise InputFileError(
            source,
            f"{_DOCUMENT_PART} expands to {document.file_size / 1048576:.0f} MB, "
            f"past the limit of {limits.docx_xml_bytes / 1048576:.0f} MB",
        )
    return docx.Document(BytesIO(data))


def _too_deep(source: str, limits: ReadLimits) -> InputFileError:
    return InputFileError(
        source, f"XML elements nested more than {limits.depth} deep, past the limit of {limits.depth}"
    )


def check_body_size(body: Any, source: str, limits: ReadLimits) -> None:
    """Refuse a document body whose XML nests deeper, or has more elements, than the limits allow."""
    depth = count = 0
    for event, _ in etree.iterwalk(body, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        count += 1
        if depth > limits.depth:
            raise _too_deep(source, limits)
        if count > limits.docx_elements:
            raise InputFileError(
                source,
                f"more than {limits.docx_elements:,} XML elements in the document, "
                f"past the limit of {limits.docx_elements:,}",
            )


def _corruption(data: bytes, source: str, limits: ReadLimits) -> InputFileError:
    """Why python-docx could not read the file, found by checking the parts it reads in turn."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            for name, root_name in _PARTS_READ.items():
                if name not in names:
                    continue
                try:
                    root = etree.fromstring(archive.read(name), parser)
                except etree.XMLSyntaxError as error:
                    if "excessive depth" in str(error).lower():  # the XML parser's own limit, 256
                        return _too_deep(source, limits)
                    return InputFileError(
                        source, f"not a readable Word .docx file: {name} is corrupt (not XML)"
                    )
                if etree.QName(root).localname != root_name:
                    return InputFileError(
                        source, f"not a readable Word .docx file: {name} is corrupt (not a {root_name} part)"
                    )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return InputFileError(source, "not a readable Word .docx file: the zip archive is corrupt")
    return InputFileError(source, "not a readable Word .docx file: the file is damaged or corrupt")


@reader_boundary("Word .docx file")
def docx_to_document(data: bytes, source: str, limits: ReadLimits = READ_LIMITS) -> Document:
    """Parse .docx bytes into a document of headings, paragraphs, list items and table cells.

    The body's nesting and element count are checked before it is walked, and the walk stops
    at the time limit.
    """
    deadline = Deadline(source, limits.seconds)
    try:
        word = _open_word(data, source, limits)
        body = word.element.body
        check_body_size(body, source, limits)
        reader = _BodyReader(word, deadline)
        reader.walk(body)
    except InputFileError:
        raise
    except Exception:
        raise _corruption(data, source, limits) from None
    document = build_document(source, "docx", reader.blocks)
    if not document.blocks:
        raise InputFileError(source, "no text in the Word document")
    return document


def read_docx(path: Path, max_bytes: int, limits: ReadLimits = READ_LIMITS) -> Document:
    """Read a .docx report."""
    return docx_to_document(read_checked_bytes(path, max_bytes), str(path), limits)
