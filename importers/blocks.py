"""The block structure every format reader yields: one normalised text, and blocks that index it.

A reader turns a file into a `Document`: headings (with a level), paragraphs, list items
(with a depth) and table cells, in reading order. Each block's `text` is exactly
`document.text[block.start:block.end]`, so every later span can be cut back out of the text
that `peergraph parse --text` prints.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str
    start: int
    end: int
    level: int = 0
    """Heading level (1 = title) for headings; nesting depth (1 = top) for list items."""


@dataclass(slots=True)
class Document:
    source: str
    format: str
    text: str
    blocks: list[Block]

    def __post_init__(self) -> None:
        for block in self.blocks:
            assert self.text[block.start : block.end] == block.text, block


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BOLD = re.compile(r"\*\*")


def clean_inline(text: str) -> str:
    """One line of block text: NFC, no bold marks, no control characters, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _BOLD.sub("", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


@dataclass
class DocumentBuilder:
    """Appends blocks to one text, separated by blank lines, keeping offsets exact."""

    source: str
    format: str
    _parts: list[str] = field(default_factory=list)
    _blocks: list[Block] = field(default_factory=list)
    _length: int = 0

    def add(self, kind: BlockKind, text: str, level: int = 0) -> Block | None:
        text = clean_inline(text)
        if not text:
            return None
        if self._parts:
            self._parts.append("\n\n")
            self._length += 2
        block = Block(kind, text, self._length, self._length + len(text), level)
        self._parts.append(text)
        self._length += len(text)
        self._blocks.append(block)
        return block

    @property
    def blocks(self) -> list[Block]:
        return self._blocks

    def build(self) -> Document:
        return Document(self.source, self.format, "".join(self._parts), list(self._blocks))


@dataclass(slots=True)
class RawBlock:
    """A block before offsets are assigned; readers collect these, then repair and build."""

    kind: BlockKind
    text: str
    level: int = 0
    guessed: bool = False
    """A heading inferred from layout (short line, no full stop) rather than marked up."""


_ENDS_SENTENCE = re.compile(r"[.!?:;)\]\"'”’]\s*$")
_KEEP_HYPHEN_PREFIXES = {
    "self",
    "co",
    "non",
    "pre",
    "re",
    "multi",
    "cross",
    "long",
    "short",
    "well",
    "high",
    "low",
    "part",
    "full",
    "ex",
    "post",
    "anti",
    "semi",
    "sub",
    "inter",
    "under",
    "over",
    "day",
    "year",
    "person",
    "strengths",
    "risk",
    "data",
    "place",
    "age",
    "one",
    "two",
    "three",
    "four",
    "five",
}


def join_hyphenated(left: str, right: str) -> str:
    """Join text broken at a line or page end, dropping a soft hyphen but keeping compounds."""
    left = left.rstrip()
    right = right.lstrip()
    if left.endswith("-") and right[:1].islower():
        fragment = re.split(r"[\s/(]", left[:-1])[-1].lower()
        if fragment in _KEEP_HYPHEN_PREFIXES or not fragment.isalpha():
            return left + right
        return left[:-1] + right
    return f"{left} {right}"


def join_broken_blocks(blocks: list[RawBlock]) -> list[RawBlock]:
    """Mend paragraphs and list items split by a page break or a hard line break.

    A block that does not end a sentence, followed by a paragraph that starts in lower case,
    is one block that a page or column break cut in two.
    """
    mended: list[RawBlock] = []
    for block in blocks:
        previous = mended[-1] if mended else None
        if (
            previous is not None
            and block.kind is BlockKind.PARAGRAPH
            and (previous.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) or previous.guessed)
            and block.text[:1].islower()
            and not _ENDS_SENTENCE.search(previous.text)
        ):
            if previous.kind is BlockKind.HEADING:
                previous.kind = BlockKind.PARAGRAPH
            previous.text = join_hyphenated(previous.text, block.text)
            continue
        mended.append(RawBlock(block.kind, block.text, block.level, block.guessed))
    return mended


_REPEATABLE = 20
"""Paragraphs and list items at least this long are never meant twice in a row."""


def drop_doubled_blocks(blocks: list[RawBlock]) -> list[RawBlock]:
    """Drop a paragraph or list item that repeats the one just before it, word for word.

    A copy of a report with every line written twice otherwise doubles every finding; a report
    never says the same paragraph twice in a row (repeats elsewhere in it are kept).
    """
    kept: list[RawBlock] = []
    for block in blocks:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
            and block.kind is previous.kind
            and len(block.text) >= _REPEATABLE
            and clean_inline(block.text) == clean_inline(previous.text)
        ):
            continue
        kept.append(block)
    return kept


def build_document(source: str, format: str, blocks: list[RawBlock]) -> Document:
    builder = DocumentBuilder(source, format)
    for block in drop_doubled_blocks(join_broken_blocks(blocks)):
        builder.add(block.kind, block.text, block.level)
    return builder.build()
