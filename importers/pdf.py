"""Read a PDF report's text layer into blocks, rebuilding the structure the layout implies.

pdfplumber gives positioned text lines with their fonts. Running headers, footers and page
numbers are dropped; a line set larger than the body text (or a short bold line) is a heading;
a bullet glyph starts a list item, its indentation giving the depth; other lines join into
paragraphs until a wider gap, an indent or a change of style, including across page breaks.
Ruled tables become table cells, and their text is kept out of the paragraphs.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from importers.blocks import BlockKind, Document, RawBlock, build_document, clean_inline, join_hyphenated
from importers.boundary import reader_boundary
from importers.furniture import is_site_furniture
from importers.limits import read_checked_bytes
from peergraph.core.errors import InputFileError

_log = logging.getLogger(__name__)

# Glyphs that start a list item ("(cid:127)" is the WinAnsi bullet pdfminer cannot name, and
# U+F0B7/U+F0A7 are Word's Symbol/Wingdings bullets). Dashes and "1." also start items, but
# only where the line does not carry on the block above (a wrapped line may begin with "–").
_BULLET_GLYPHS = "•●▪■◦○‣∙·\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
_BULLET = re.compile(rf"^([{_BULLET_GLYPHS}])\s*(?=\S)")
_WEAK_MARKER = re.compile(r"^([–—-]|(\d{1,2}|[a-z]|[ivx]{1,4})[.)])\s+(?=\S)")
_CID = re.compile(r"\(cid:(\d+)\)")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_PAGE_NUMBER = re.compile(
    r"^(page\s+)?(\d{1,4}|(?=[ivx])x{0,3}(ix|iv|v?i{0,3}))(\s*(of|/)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$",
    re.I,
)
_TOC_LINE = re.compile(r"((\.\s?){3,}|…)\s*\d{1,4}$")  # a contents line: title, dot leaders, page
_ENDS_SENTENCE = re.compile(r"[.!?:;)\]\"'”’]\s*$")
_ABBREVIATION_END = re.compile(r"\b(e\.g|i\.e|cf|vs|viz|incl|approx|no)\.$", re.I)
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)

# Second halves of hyphenated compounds ("person-centred", "first-hand") that a line may break before.
_COMPOUND_TAILS = {
    "based",
    "led",
    "centred",
    "centered",
    "focused",
    "oriented",
    "related",
    "specific",
    "wide",
    "level",
    "term",
    "making",
    "hand",
    "facing",
    "funded",
    "owned",
    "driven",
    "informed",
    "around",
    "up",
    "out",
    "down",
    "off",
    "site",
    "time",
    "year",
    "day",
}
_NO_TEXT = "the PDF has no text layer (scanned images?); run OCR first"
_LONGEST_HEADING_WORDS = 30
_LONGEST_BOLD_HEADING_WORDS = 15  # large type running longer than this is a lead paragraph, not a heading
# A gap wider than this share of the font size separates words (TeX-made PDFs print no spaces).
_WORD_GAP = 0.15
# Word endings a typesetter may hyphenate before that are also words on their own.
_SUFFIXES = {
    "able",
    "ible",
    "ment",
    "ments",
    "ness",
    "less",
    "ship",
    "ships",
    "ings",
    "ers",
    "ful",
    "ally",
    "ance",
}
_SUSPENDED_BEFORE = {"and", "or", "to"}
_MARGIN_ZONE = 0.15  # running headers and footers sit in the top or bottom 15% of a page
_SAME_POSITION = 3.0  # points
_ALIGN = 2.5  # points: lines starting this close together are aligned


@dataclass
class Line:
    """One line of text on a page, with the layout facts the block rules need."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page_height: float
    first_word_width: float = 0.0
    """How wide the line's first word is: would it have fitted at the end of the line above?"""


@dataclass
class TableArea:
    page: int
    top: float
    cells: list[tuple[int, str]]
    """(column from 1, text) of each non-empty cell, row by row."""


@dataclass
class _OpenBlock:
    block: RawBlock
    last: Line
    continuation_x: float
    size: float
    lines: int = 1


@dataclass
class _Layout:
    """Document-wide measures: body font size, normal leading, heading sizes, right edge."""

    body_size: float
    leading: float
    heading_sizes: list[float]
    left_edge: float
    right_edge: float
    paragraph_indent: float = 0.0
    """First-line indent that starts a paragraph, where paragraphs are marked that way (else 0)."""

    def heading_level(self, line: Line) -> int | None:
        for rank, size in enumerate(self.heading_sizes, 1):
            if abs(line.size - size) < 0.6:
                return rank
        return None


def _cid_text(text: str) -> str:
    """Glyphs as text: pdfminer's "(cid:N)" for unnamed glyphs (127 is the WinAnsi bullet, others
    are dropped) and typographic ligatures spelt out."""
    return _CID.sub(lambda m: "•" if m.group(1) == "127" else "", text).translate(_LIGATURES)


def _dominant(values: list[float]) -> float:
    return Counter(round(v * 2) / 2 for v in values).most_common(1)[0][0] if values else 0.0


def _line_from_chars(page: int, page_height: float, line: dict[str, Any]) -> Line | None:
    chars = [c for c in line["chars"] if c["text"].strip()]
    raw = _cid_text(line["text"])
    text = clean_inline(raw)
    if not chars or not text:
        return None
    if raw.rstrip().endswith("\u00ad"):
        text += "\u00ad"  # a soft hyphen at the line end: the word carries on below
    # Font facts come from the words, not from a bullet glyph set in another font or size.
    words = chars[1:] if len(chars) > 1 and _BULLET.match(_cid_text(chars[0]["text"]) + "x") else chars
    bold = sum(1 for c in words if _BOLD_FONT.search(str(c.get("fontname", "")))) >= 0.9 * len(words)
    first_word = chars[: min(len(text.split()[0]), len(chars))]
    return Line(
        page=page,
        text=text,
        x0=float(line["x0"]),
        x1=float(line["x1"]),
        top=float(line["top"]),
        bottom=float(line["bottom"]),
        size=_dominant([float(c["size"]) for c in words]),
        bold=bold,
        page_height=page_height,
        first_word_width=float(first_word[-1]["x1"]) - float(first_word[0]["x0"]),
    )


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (float(obj["x0"]) + float(obj["x1"])) / 2
    y = (float(obj["top"]) + float(obj["bottom"])) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _page_items(page: Any, number: int) -> tuple[list[Line | TableArea], int]:
    """A page's lines and ruled tables in reading order (top to bottom), and its character count."""
    # A ruled box around a single block of text (a callout) is not a table.
    tables = [table for table in page.find_tables() if len(table.cells) >= 2]
    boxes = [tuple(table.bbox) for table in tables]
    areas: list[Line | TableArea] = []
    for table, box in zip(tables, boxes, strict=True):
        cells = [
            (column, text)
            for row in table.extract()
            for column, cell in enumerate(row, 1)
            if cell and (text := clean_inline(_cid_text(cell)))
        ]
        areas.append(TableArea(number, float(box[1]), cells))
    text_page = page
    if boxes:
        text_page = page.filter(
            lambda obj: obj.get("object_type") != "char" or not any(_inside(obj, b) for b in boxes)
        )
    for raw in text_page.extract_text_lines(strip=True, return_chars=True, x_tolerance_ratio=_WORD_GAP):
        if line := _line_from_chars(number, float(page.height), raw):
            areas.append(line)
    areas.sort(key=lambda item: item.top)
    return areas, len(page.chars)


def _text_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _in_margin(line: Line) -> bool:
    return line.top < line.page_height * _MARGIN_ZONE or line.bottom > line.page_height * (1 - _MARGIN_ZONE)


def _running_lines(lines: list[Line], pages: int) -> set[int]:
    """Ids of lines repeated at the same place on most pages: running headers and footers."""
    if pages < 2:
        return set()
    by_text: dict[str, list[Line]] = {}
    for line in lines:
        if _in_margin(line):
            by_text.setdefault(_text_key(line.text), []).append(line)
    needed = max(2, math.ceil(pages * 0.5))
    running: set[int] = set()
    for group in by_text.values():
        for anchor in group:
            same_place = [other for other in group if abs(other.top - anchor.top) <= _SAME_POSITION]
            if len({other.page for other in same_place}) >= needed:
                running.update(id(other) for other in same_place)
    return running


def _is_page_number(line: Line, first_or_last: bool) -> bool:
    return bool(_PAGE_NUMBER.match(line.text)) and (first_or_last or _in_margin(line))


def drop_page_furniture(items: list[Line | TableArea], pages: int) -> list[Line | TableArea]:
    """Remove running headers/footers, page numbers and contents-page leader lines."""
    lines = [item for item in items if isinstance(item, Line)]
    running = _running_lines(lines, pages)
    edges: set[int] = set()
    for page in {line.page for line in lines}:
        on_page = [line for line in lines if line.page == page]
        edges.update({id(on_page[0]), id(on_page[-1])})
    kept: list[Line | TableArea] = []
    for item in items:
        if isinstance(item, Line) and (
            id(item) in running
            or _is_page_number(item, id(item) in edges)
            or _TOC_LINE.search(item.text)
            or is_site_furniture(item.text)
        ):
            continue
        kept.append(item)
    return kept


def _measure_layout(lines: list[Line]) -> _Layout:
    weights: Counter[float] = Counter()
    for line in lines:
        weights[round(line.size * 2) / 2] += len(line.text)
    body_size = weights.most_common(1)[0][0] if weights else 10.0
    gaps = [
        later.top - earlier.top
        for earlier, later in itertools.pairwise(lines)
        if earlier.page == later.page
        and abs(earlier.size - body_size) < 0.6
        and abs(later.size - body_size) < 0.6
        and 0.9 * body_size < later.top - earlier.top < 1.7 * body_size
    ]
    leading = _dominant(gaps) if gaps else 1.2 * body_size
    larger = sorted({round(line.size * 2) / 2 for line in lines if line.size > body_size + 0.8}, reverse=True)
    body = [line for line in lines if abs(line.size - body_size) < 0.6] or lines
    left_edge = _dominant([line.x0 for line in body if not _BULLET.match(line.text)] or [0.0])
    # Nearly every full line reaches the right margin; one overlong line (a URL) must not move it.
    ends = sorted(line.x1 for line in body)
    right_edge = ends[int(len(ends) * 0.95)] if ends else 0.0
    return _Layout(body_size, leading, larger, left_edge, right_edge)


def looks_like_bold_heading(text: str) -> bool:
    """Bold text short and unpunctuated enough to be a heading rather than an emphasised sentence."""
    return (
        len(text.split()) <= _LONGEST_BOLD_HEADING_WORDS
        and not re.search(r"[.,;:!?]$", text)
        and (text[:1].isupper() or text[:1].isdigit())
    )


def _ends_sentence(text: str) -> bool:
    """The text ends a sentence (a closing "e.g." or "i.e." does not)."""
    return bool(_ENDS_SENTENCE.search(text)) and not _ABBREVIATION_END.search(text)


def _is_marked(text: str) -> bool:
    """The line starts with a bullet glyph, a dash or an item number."""
    return bool(_BULLET.match(text) or _WEAK_MARKER.match(text))


def _marker_indents(xs: list[float]) -> list[float]:
    """Distinct x positions of list markers, leftmost first: their rank is the list depth."""
    indents: list[float] = []
    for x in sorted(xs):
        if not indents or x - indents[-1] > _ALIGN * 2:
            indents.append(x)
    return indents


def _list_depth(x: float, indents: list[float]) -> int:
    for depth, indent in enumerate(indents, 1):
        if abs(x - indent) <= _ALIGN * 2:
            return depth
    return 1


class _BlockBuilder:
    """Feeds lines in reading order, deciding for each whether it starts a block or continues one.

    Bold body-size lines gather into a "bold run"; at the end a run short and unpunctuated enough
    becomes a (guessed) heading, so a bold heading that wraps after a comma stays one heading.
    """

    def __init__(self, layout: _Layout, vocabulary: set[str]) -> None:
        self.layout = layout
        self.vocabulary = vocabulary
        self.blocks: list[RawBlock] = []
        self.open: _OpenBlock | None = None
        self.next_line: Line | None = None  # the line after the one being placed, for look-ahead
        self.bold_runs: set[int] = set()  # ids of paragraph blocks every line of which is bold
        self.item_x: dict[int, float] = {}  # list item block id -> x of its marker
        self.indents: list[float] = []  # first-line indents of multi-line paragraphs
        self.flush_starts = 0  # multi-line paragraphs whose first line is not indented

    def table(self, area: TableArea) -> None:
        self.open = None
        self.blocks.extend(RawBlock(BlockKind.TABLE_CELL, text, column) for column, text in area.cells)

    def line(self, line: Line) -> None:
        level = self.layout.heading_level(line)
        if level is not None:
            self._heading(line, level)
            return
        marker = _BULLET.match(line.text) or self._weak_marker(line)
        if marker is not None:
            self._start(RawBlock(BlockKind.LIST_ITEM, line.text[marker.end() :], 1), line, line.x0)
            self.item_x[id(self.blocks[-1])] = line.x0
            return
        current = self.open
        in_bold_run = current is not None and id(current.block) in self.bold_runs
        if line.bold:
            if (
                in_bold_run
                and current is not None
                and current.last.page == line.page
                and self._continues(line)
            ):
                self._extend(line)
            else:
                self._start(RawBlock(BlockKind.PARAGRAPH, line.text), line, line.x0)
                self.bold_runs.add(id(self.blocks[-1]))
            return
        heading_above = in_bold_run and current is not None and looks_like_bold_heading(current.block.text)
        if current is not None and not heading_above and self._continues(line):
            self.bold_runs.discard(id(current.block))  # it was bold lead-in text of a paragraph
            self._extend(line)
            return
        self._start(RawBlock(BlockKind.PARAGRAPH, line.text), line, line.x0)

    def _weak_marker(self, line: Line) -> re.Match[str] | None:
        """A dash or "1." starts an item unless the line carries on an unfinished line above."""
        marker = _WEAK_MARKER.match(line.text)
        current = self.open
        if marker is None or current is None or not self._continues(line):
            return marker
        return marker if re.search(r"[.:;!?]$", current.last.text) else None

    def finish(self) -> list[RawBlock]:
        """The blocks, with list depths by indent, short bold runs as guessed headings, and
        over-long headings as paragraphs."""
        guessed_level = len(self.layout.heading_sizes) + 1
        indents = _marker_indents(list(self.item_x.values()))
        for block in self.blocks:
            if block.kind is BlockKind.LIST_ITEM:
                block.level = _list_depth(self.item_x[id(block)], indents)
            elif id(block) in self.bold_runs and looks_like_bold_heading(block.text):
                block.kind, block.level, block.guessed = BlockKind.HEADING, guessed_level, True
            elif block.kind is BlockKind.HEADING and len(block.text.split()) > _LONGEST_HEADING_WORDS:
                block.kind, block.level = BlockKind.PARAGRAPH, 0
        return self.blocks

    @property
    def paragraphs_are_indented(self) -> bool:
        """Most paragraphs start with an indented line (so an unindented line continues one)."""
        return len(self.indents) >= 3 and len(self.indents) > 2 * self.flush_starts

    def _heading(self, line: Line, level: int) -> None:
        current = self.open
        if (
            current is not None
            and current.block.kind is BlockKind.HEADING
            and current.block.level == level
            and current.last.page == line.page
            and line.top - current.last.top <= line.size * 1.45
        ):
            self._extend(line)
            return
        self._start(RawBlock(BlockKind.HEADING, line.text, level), line, line.x0)

    def _continues(self, line: Line) -> bool:
        current = self.open
        if current is None or current.block.kind is BlockKind.HEADING:
            return False
        if abs(line.size - current.size) > 0.6:
            return False
        if current.block.kind is BlockKind.LIST_ITEM:
            # Under the item's text, and the line above was full: an indented paragraph after a
            # list can start level with the item's text, but the item's last line had room left.
            aligned = (
                line.x0 > current.continuation_x + _ALIGN
                and self._was_full(current.last, line)
                and not self._starts_indented_paragraph(current.last, line)
            )
        elif current.lines == 1 and current.last.x0 > self.layout.left_edge + _ALIGN:
            aligned = line.x0 < current.last.x0 - _ALIGN  # under an indented first line, not level with it
        else:
            aligned = abs(line.x0 - current.continuation_x) <= _ALIGN
        if not aligned:
            return False
        if line.page == current.last.page:
            return 0 < line.top - current.last.top <= self._max_line_gap
        return self._continues_over_page(current, line)

    def _starts_indented_paragraph(self, last: Line, line: Line) -> bool:
        """Where list text and paragraph indents line up, a line at that indent is a paragraph's
        first line if the line after it goes back to the margin (or, with no line after it, if
        it starts a sentence after a finished one)."""
        indent = self.layout.paragraph_indent
        if not (indent > 0 and abs(line.x0 - (self.layout.left_edge + indent)) <= 1.0):
            return False
        after = self.next_line
        if after is not None and self._is_next_line_of_block(line, after):
            if abs(after.x0 - self.layout.left_edge) <= _ALIGN:
                return True
            if abs(after.x0 - line.x0) <= _ALIGN:
                return False
        return _ends_sentence(last.text) and line.text[:1].isupper()

    def _is_next_line_of_block(self, line: Line, after: Line) -> bool:
        """The line below is set like this one, at the normal line spacing (not a heading or item)."""
        return (
            after.page == line.page
            and abs(after.size - line.size) <= 0.6
            and after.bold == line.bold
            and not _is_marked(after.text)
            and 0 < after.top - line.top <= self._max_line_gap
        )

    @property
    def _max_line_gap(self) -> float:
        return self.layout.leading + max(1.5, 0.12 * self.layout.leading)

    def _was_full(self, last: Line, line: Line) -> bool:
        """The line above had no room for this line's first word, so the text wrapped."""
        space = 0.3 * last.size
        return last.x1 + space + line.first_word_width > self.layout.right_edge - 1.0

    def _continues_over_page(self, current: _OpenBlock, line: Line) -> bool:
        """Whether a block carries on at the top of the next page (the line is already aligned).

        It does under a full list item line, on a lower-case start, or where paragraphs begin with
        an indent. Otherwise a page break exactly at a sentence end cannot be told from a
        paragraph end; keeping two paragraphs apart loses less than merging them.
        """
        last = current.last
        if current.block.kind is BlockKind.LIST_ITEM or line.text[:1].islower():
            return True
        if self.layout.paragraph_indent > 0:
            return True
        if _ends_sentence(last.text):
            return False
        return last.x1 >= self.layout.right_edge - 0.2 * (self.layout.right_edge - last.x0)

    def join_lines(self, left: str, right: str) -> str:
        """Join a wrapped line; at a line-end hyphen, the document's own spelling decides."""
        if left.endswith("\u00ad"):  # a soft hyphen: the word continues on the next line
            return left[:-1] + right
        if re.search(r"(\s-|[–—])$", left):  # a dash between words, not a hyphen
            return f"{left} {right}"
        fragment = re.search(r"([A-Za-z]+)-$", left)
        word = re.match(r"[A-Za-z]+", right)
        if fragment and word and word.group(0).lower() in _SUSPENDED_BEFORE:
            return f"{left} {right}"  # "short- and long-term"
        if fragment and word and self._keeps_hyphen(fragment.group(1).lower(), word.group(0)):
            return left + right
        if fragment and word and f"{fragment.group(1)}{word.group(0)}".lower() in self.vocabulary:
            return left[:-1] + right
        return join_hyphenated(left, right)

    def _keeps_hyphen(self, first: str, second: str) -> bool:
        """A hard hyphen the line broke after ("self-assessment"), not a word hyphenated to fit."""
        lowered = second.lower()
        if f"{first}-{lowered}" in self.vocabulary:
            return True  # printed whole elsewhere
        if f"{first}{lowered}" in self.vocabulary:
            return False
        if second[0].isupper():
            return True  # "Self-Assessment", "post-COVID"
        # Both halves are words in their own right ("in-house"); a suffix ("develop-ment") is not.
        return lowered in _COMPOUND_TAILS or (
            {first, lowered} <= self.vocabulary and len(lowered) >= 3 and lowered not in _SUFFIXES
        )

    def _start(self, block: RawBlock, line: Line, continuation_x: float) -> None:
        self.blocks.append(block)
        self.open = _OpenBlock(block, line, continuation_x, line.size)

    def _extend(self, line: Line) -> None:
        current = self.open
        assert current is not None
        text = current.block.text
        current.block.text = self.join_lines(text, line.text)
        if current.lines == 1 and current.block.kind is BlockKind.PARAGRAPH:
            current.continuation_x = line.x0
            if current.last.x0 > line.x0 + _ALIGN:
                self.indents.append(current.last.x0 - line.x0)
            else:
                self.flush_starts += 1
        current.last = line
        current.lines += 1


def _vocabulary(lines: list[Line]) -> set[str]:
    """Words the document prints whole, lower-cased: all but the first and last word of each line."""
    words: set[str] = set()
    for line in lines:
        inner = line.text.lower().split()[1:-1]
        words.update(word for token in inner for word in re.findall(r"[a-z]+(?:-[a-z]+)*", token))
    return words


def items_to_blocks(items: list[Line | TableArea]) -> list[RawBlock]:
    """Turn a whole document's lines and tables (furniture removed) into raw blocks.

    A first pass learns whether paragraphs start with an indent; if so, the blocks are built
    again knowing that, which decides paragraphs broken over a page at a sentence end.
    """
    lines = [item for item in items if isinstance(item, Line)]
    layout = _measure_layout(lines)
    vocabulary = _vocabulary(lines)
    builder = _build(items, layout, vocabulary)
    if builder.paragraphs_are_indented:
        layout.paragraph_indent = _dominant(builder.indents)
        builder = _build(items, layout, vocabulary)
    return builder.finish()


def _build(items: list[Line | TableArea], layout: _Layout, vocabulary: set[str]) -> _BlockBuilder:
    builder = _BlockBuilder(layout, vocabulary)
    for index, item in enumerate(items):
        if isinstance(item, TableArea):
            builder.table(item)
        else:
            following = items[index + 1] if index + 1 < len(items) else None
            builder.next_line = following if isinstance(following, Line) else None
            builder.line(item)
    return builder


def _is_password_error(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, PDFPasswordIncorrect) or any(
            isinstance(a, PDFPasswordIncorrect) for a in seen.args
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _read_pages(data: bytes, source: str) -> tuple[list[Line | TableArea], int, int]:
    """Every page's lines and tables, the page count and the character count.

    An empty user password is tried, so a PDF locked only against editing still reads; any
    pdfminer failure becomes a one-line error naming the file (pdfminer's own account of it is
    logged at debug level, not shown).
    """
    items: list[Line | TableArea] = []
    pages = chars = 0
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                page_items, page_chars = _page_items(page, number)
                items.extend(page_items)
                pages, chars = number, chars + page_chars
                page.close()
    except Exception as error:
        if _is_password_error(error):
            raise InputFileError(source, "the PDF is encrypted (it needs a password to open)") from None
        _log.debug("%s: pdfminer could not read it", Path(source).name, exc_info=True)
        raise InputFileError(source, "not a readable PDF: the file is damaged or corrupt") from None
    return items, pages, chars


@reader_boundary("PDF")
def pdf_to_document(data: bytes, source: str) -> Document:
    """Parse PDF bytes into a document; one-line errors for damaged, locked or scanned files."""
    if b"%PDF-" not in data[:1024]:
        raise InputFileError(source, "not a readable PDF: it does not start with a %PDF- header")
    # pdfminer logs every recoverable oddity of a file as a warning; only real failures matter here.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    items, pages, chars = _read_pages(data, source)
    if pages == 0:
        raise InputFileError(source, "not a readable PDF: it has no pages")
    if chars == 0 or not any(isinstance(item, Line) for item in items):
        raise InputFileError(source, _NO_TEXT)
    document = build_document(source, "pdf", items_to_blocks(drop_page_furniture(items, pages)))
    if not document.blocks:
        raise InputFileError(source, "the PDF has no text besides page headers, footers and numbers")
    return document


def read_pdf(path: Path, max_bytes: int) -> Document:
    """Read a .pdf report's text layer."""
    return pdf_to_document(read_checked_bytes(path, max_bytes), str(path))
