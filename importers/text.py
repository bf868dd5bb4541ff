"""Read plain text and Markdown reports (web-page text, or a PDF's text saved with `**` marks).

Blank lines separate groups; inside a group each line is a heading, a list item, a paragraph,
or the continuation of the line before (a wrapped line, an unclosed `**bold**` run).
"""

from __future__ import annotations

import re
from pathlib import Path

from importers.blocks import BlockKind, Document, RawBlock, build_document, clean_inline
from importers.encodings import unicode_text
from importers.furniture import is_site_furniture
from importers.limits import read_checked_bytes
from peergraph.core.errors import InputFileError

_BULLET = re.compile(r"^(?P<indent>\s*)(?:[•●▪◦‣∙·*\-–]|\d{1,2}[.)]|[a-z][.)])\s+(?P<text>\S.*)$")
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_TOC_LINE = re.compile(r"(\.{3,}|…)\s*\t?\s*\d*\s*$|\t\s*\d{1,3}\s*$")
# Markup of common HTML elements left in saved web text ("<ul style=…>", "<br>") is dropped; any
# other angle-bracketed text (a quoted "<script>", a "<https://…>" link) is report text and kept.
_TAG = re.compile(
    r"</?(?:ul|ol|li|p|br|span|div|strong|em|b|i|u|a|table|thead|tbody|tr|td|th|h[1-6]|font|sup|sub)\b[^<>]{0,200}/?>",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?:;,]\s*(\*\*)?\s*$")
_TABLE_RULE = re.compile(r"^\|?(\s*:?-{3,}:?\s*\|)+\s*(:?-{3,}:?\s*)?$")


def decode_text(data: bytes, path: Path) -> str:
    """Bytes to text: by byte-order mark, unmarked UTF-16, UTF-8, else Windows-1252; refuse binary data."""
    text = unicode_text(data)
    if text is None:
        if b"\x00" in data[:65536]:
            raise InputFileError(path, "binary data, not a text document")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(sample) * 0.01 or sample.count("\ufffd") > len(sample) * 0.01:
        raise InputFileError(path, "binary data, not a text document")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")


def looks_like_heading(line: str) -> bool:
    """A short title-like line with no closing punctuation."""
    text = clean_inline(line)
    if not text or len(text) > 100 or len(text.split()) > 15:
        return False
    if _SENTENCE_END.search(text) or text.endswith(("-", "–", "|")):
        return False
    return text[0].isupper() or text[0].isdigit()


def table_row(line: str) -> list[str] | None:
    """The cells of a table row flattened to text: tab-separated, or pipe-separated as Markdown
    writes it ("| a | b |") or as a copied table pastes ("a | b | c"); None for any other line.

    One pipe inside a sentence ("Peer challenges | Local Government Association", a page title)
    does not make a row; a Markdown rule line ("|---|:--|") is a row with no cells.
    """
    stripped = line.strip()
    if "\t" in (inner := stripped.strip("|").strip()):
        return [clean_inline(cell) for cell in inner.split("\t")]
    if "|" not in stripped:
        return None
    cells = [clean_inline(cell) for cell in stripped.strip("|").split("|")]
    if _TABLE_RULE.match(stripped):
        return []
    filled = [cell for cell in cells if cell]
    if (stripped.startswith("|") and len(filled) >= 2) or stripped.count(" | ") >= 2:
        return cells
    return None


def _indent_depth(indent: str) -> int:
    return max(1, len(indent.expandtabs(4)) // 2)


def lines_to_blocks(text: str) -> list[RawBlock]:
    """Group lines into raw blocks; shared by the text reader and by readers of extracted text."""
    blocks: list[RawBlock] = []
    open_block: RawBlock | None = None  # the block a continuation line may extend
    for raw in text.split("\n"):
        line = _TAG.sub(" ", raw).rstrip()
        stripped = line.strip().strip("|").strip()
        if not stripped:
            open_block = None
            continue
        if is_site_furniture(stripped) or _TOC_LINE.search(line):
            open_block = None
            continue
        if (cells := table_row(line)) is not None:
            for column, cell in enumerate(cells, 1):
                if cell:
                    blocks.append(RawBlock(BlockKind.TABLE_CELL, cell, column))
            open_block = None
            continue
        if open_block is not None and (
            open_block.text.count("**") % 2 == 1
            or (not _SENTENCE_END.search(open_block.text) and stripped[:1].islower())
        ):
            if open_block.kind is BlockKind.HEADING:  # a guessed heading was a wrapped sentence
                open_block.kind = BlockKind.PARAGRAPH
            open_block.text = f"{open_block.text} {stripped}"
            continue
        if heading := _MD_HEADING.match(stripped):
            blocks.append(RawBlock(BlockKind.HEADING, heading["text"], len(heading["hashes"])))
            open_block = None
            continue
        if bullet := _BULLET.match(line):
            open_block = RawBlock(BlockKind.LIST_ITEM, bullet["text"], _indent_depth(bullet["indent"]))
            blocks.append(open_block)
            continue
        if looks_like_heading(stripped) and stripped.count("**") % 2 == 0:
            open_block = RawBlock(BlockKind.HEADING, stripped, 2, guessed=True)
            blocks.append(open_block)
            continue
        open_block = RawBlock(BlockKind.PARAGRAPH, stripped)
        blocks.append(open_block)
    return blocks


def read_text(path: Path, max_bytes: int) -> Document:
    """Read a .txt or .md report into blocks over one normalised text."""
    text = decode_text(read_checked_bytes(path, max_bytes), path)
    document = build_document(str(path), "text", lines_to_blocks(text))
    if not document.blocks:
        raise InputFileError(path, "no text in the file")
    return document
