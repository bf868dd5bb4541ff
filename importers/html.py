"""Read a report saved from the LGA website (or any HTML page) into blocks.

Site furniture (header, navigation, cookie banner, breadcrumbs, footer, share links) is removed
first; the report is the `<main>` element when there is one. Headings, paragraphs, nested list
items and table cells are then read in document order.
"""

from __future__ import annotations

import codecs
import re
from itertools import islice
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from importers.blocks import BlockKind, Document, RawBlock, build_document, clean_inline
from importers.boundary import reader_boundary
from importers.encodings import unicode_text
from importers.furniture import is_site_furniture
from importers.limits import READ_LIMITS, Deadline, ReadLimits, read_checked_bytes
from peergraph.core.errors import InputFileError

_DROPPED_TAGS = ["script", "style", "noscript", "template", "svg", "iframe", "button", "dialog"]
_SITE_SECTIONS = ["header", "footer"]
_ALWAYS_FURNITURE = ["nav", "aside"]
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary"}
_FURNITURE_NAME = re.compile(
    r"cookie|breadcrumb|skip-?link|share-?this|social-?share|share-?links|addtoany|sr-only|visually-?hidden",
    re.I,
)
# Content elements keep their ids (anchors made from heading text may read "cookie" or "sharing"),
# and the page's outer elements their classes (`<body class="cookie-consent-given">`).
_CONTENT_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "li",
    "td",
    "th",
    "table",
    "html",
    "body",
    "main",
    "article",
}
_SKIP_LINK = re.compile(r"^\s*skip\s+to\b", re.I)
_HEADING = re.compile(r"^h([1-6])$")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

_LIST_TAGS = {"ul", "ol"}
_PARAGRAPH_TAGS = {"p", "pre", "address", "dt", "dd", "figcaption", "caption", "summary", "legend"}
_CONTAINER_TAGS = {
    "html",
    "body",
    "main",
    "article",
    "section",
    "div",
    "blockquote",
    "figure",
    "details",
    "dl",
    "center",
    "fieldset",
    "hgroup",
    "header",
    "footer",
}
_BLOCK_TAGS = _LIST_TAGS | _PARAGRAPH_TAGS | _CONTAINER_TAGS | {"li", "table", "hr"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_START_TAG = re.compile(r"<[A-Za-z]")


def decode_html(data: bytes) -> str:
    """Bytes to text by byte-order mark or UTF-16's zero bytes, then `<meta charset>`, else UTF-8."""
    if (text := unicode_text(data)) is not None:
        return text
    encoding = "utf-8"
    if match := _META_CHARSET.search(data[:4096]):
        try:
            encoding = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            encoding = "utf-8"
    # As browsers do: Latin-1 and ASCII labels mean Windows-1252; UTF-16 without a BOM means UTF-8.
    if encoding in ("latin-1", "iso8859-1", "ascii"):
        encoding = "cp1252"
    elif encoding.startswith("utf-16"):
        encoding = "utf-8"
    return data.decode(encoding, errors="replace")


def _attribute_words(tag: Tag) -> str:
    classes = tag.get("class")
    class_text = " ".join(str(name) for name in classes) if isinstance(classes, list) else str(classes or "")
    return f"{tag.get('id') or ''} {class_text} {tag.get('aria-label') or ''}"


def _is_hidden(tag: Tag) -> bool:
    if tag.has_attr("hidden") or str(tag.get("aria-hidden") or "").lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(str(tag.get("style") or "")))


def _is_site_form(tag: Tag) -> bool:
    """A search or sign-up form; not a form that (as some CMSs do) wraps the whole page."""
    return tag.name == "form" and tag.find(["main", "article", "h1", "h2"]) is None


def _is_furniture_element(tag: Tag) -> bool:
    """An element that wraps the report on a web page rather than belonging to it."""
    if tag.decomposed:  # already removed with an ancestor
        return False
    if tag.name in _ALWAYS_FURNITURE or str(tag.get("role") or "").lower() in _FURNITURE_ROLES:
        return True
    if _is_site_form(tag):
        return True
    # Hidden parts of the site go; hidden parts of the report (collapsed accordions) stay.
    if _is_hidden(tag) and not _inside_content(tag):
        return True
    if tag.name not in _CONTENT_TAGS and _FURNITURE_NAME.search(_attribute_words(tag)):
        return True
    return tag.name == "a" and bool(_SKIP_LINK.match(tag.get_text(" ")))


def _inside_content(tag: Tag) -> bool:
    return any(parent.name in ("main", "article") for parent in tag.parents)


def remove_furniture(soup: BeautifulSoup, deadline: Deadline | None = None) -> None:
    """Delete scripts, site header/footer, navigation, banners, cookie notices and skip links."""
    for tag in soup.find_all(_DROPPED_TAGS):
        tag.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, Comment | Declaration | ProcessingInstruction)):
        node.extract()
    # A <header> or <footer> inside the article holds its title or notes; only the site's go.
    for tag in soup.find_all(_SITE_SECTIONS):
        if not tag.decomposed and not _inside_content(tag):
            tag.decompose()
    for tag in soup.find_all(True):
        if deadline is not None:
            deadline.check()
        if _is_furniture_element(tag):
            tag.decompose()


def content_root(soup: BeautifulSoup) -> Tag:
    """The element holding the report: `<main>`, `[role=main]`, `<article>`, else the body."""
    role_main = soup.find(lambda tag: str(tag.get("role") or "").lower() == "main")
    for candidate in (soup.find("main"), role_main, soup.find("article")):
        if isinstance(candidate, Tag) and clean_inline(candidate.get_text(" ")):
            return candidate
    return soup.body or soup


def _list_depth(tag: Tag, root: Tag) -> int:
    depth = 0
    for parent in tag.parents:
        if parent is root:
            break
        if parent.name in _LIST_TAGS:
            depth += 1
    return max(depth, 1)


class _BlockCollector:
    """Walks the content tree, emitting one raw block per heading, paragraph, item and cell."""

    def __init__(self, root: Tag, deadline: Deadline | None = None) -> None:
        self.root = root
        self.deadline = deadline
        self.blocks: list[RawBlock] = []
        self._loose: list[str] = []  # inline text directly inside a container, not yet emitted

    def add(self, kind: BlockKind, text: str, level: int = 0) -> None:
        text = clean_inline(text)
        if text and not is_site_furniture(text):
            self.blocks.append(RawBlock(kind, text, level))

    def flush_loose_text(self) -> None:
        text = "".join(self._loose)
        self._loose = []
        self.add(BlockKind.PARAGRAPH, text)

    def walk(self, tag: Tag) -> None:
        """Read a container's children; loose text between block elements becomes paragraphs."""
        for child in tag.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, Doctype):
                    self._loose.append(str(child))
            elif isinstance(child, Tag):
                self.element(child)
        self.flush_loose_text()

    def element(self, tag: Tag) -> None:
        if self.deadline is not None:
            self.deadline.check()
        name = tag.name
        if name == "br":
            # Two line breaks in a row separate paragraphs of loose text; one is a space.
            if self._loose and self._loose[-1] == "\n\n":
                self._loose.pop()
                self.flush_loose_text()
            else:
                self._loose.append("\n\n")
            return
        if name not in _BLOCK_TAGS and not _HEADING.match(name) and not self._holds_blocks(tag):
            self._loose.append(inline_text(tag))
            return
        self.flush_loose_text()
        if heading := _HEADING.match(name):
            self.add(BlockKind.HEADING, inline_text(tag), int(heading.group(1)))
        elif name in _PARAGRAPH_TAGS:
            self.add(BlockKind.PARAGRAPH, inline_text(tag))
        elif name == "li":
            self.list_item(tag)
        elif name == "table":
            self.table(tag)
        elif name != "hr":
            self.walk(tag)

    @staticmethod
    def _holds_blocks(tag: Tag) -> bool:
        """An inline element (a `<span>`, an `<a>`) that wraps paragraphs or lists is a container."""
        return tag.find(lambda t: t.name in _BLOCK_TAGS or bool(_HEADING.match(t.name))) is not None

    def list_item(self, tag: Tag) -> None:
        parts: list[str] = []
        nested: list[Tag] = []
        for child in tag.children:
            if isinstance(child, Tag) and (child.name in _LIST_TAGS or child.name == "table"):
                nested.append(child)
            elif isinstance(child, Tag):
                parts.append(
                    " " + inline_text(child) + " " if child.name in _BLOCK_TAGS else inline_text(child)
                )
            elif isinstance(child, NavigableString):
                parts.append(str(child))
        self.add(BlockKind.LIST_ITEM, "".join(parts), _list_depth(tag, self.root))
        for child in nested:
            self.element(child)

    def table(self, tag: Tag) -> None:
        caption = tag.find("caption")
        if isinstance(caption, Tag):
            self.add(BlockKind.PARAGRAPH, inline_text(caption))
        row: Tag | None = None
        column = 0
        for cell in tag.find_all(["td", "th"]):
            if cell.find_parent("table") is not tag:
                continue
            cell_row = cell.find_parent("tr")
            column = column + 1 if cell_row is row else 1
            row = cell_row
            self.add(BlockKind.TABLE_CELL, inline_text(cell), column)


def inline_text(tag: Tag) -> str:
    """The text of an element as printed: strings joined as they are, `<br>` and blocks as spaces."""
    parts: list[str] = []
    for node in tag.descendants:
        if isinstance(node, NavigableString):
            if not isinstance(node, Doctype):
                parts.append(str(node))
        elif isinstance(node, Tag) and (node.name == "br" or node.name in _BLOCK_TAGS or node.name == "td"):
            parts.append(" ")
    return "".join(parts)


def check_tree_size(soup: BeautifulSoup, source: str, limits: ReadLimits) -> None:
    """Refuse a page whose elements nest deeper, or number more, than the limits allow."""
    count = 0
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        tag, depth = stack.pop()
        if depth > limits.depth:
            raise InputFileError(
                source,
                f"HTML elements nested more than {limits.depth} deep, past the limit of {limits.depth}",
            )
        for child in tag.children:
            if isinstance(child, Tag):
                count += 1
                stack.append((child, depth + 1))
        if count > limits.html_elements:
            raise _too_many_elements(source, limits)


def _too_many_elements(source: str, limits: ReadLimits) -> InputFileError:
    return InputFileError(
        source,
        f"more than {limits.html_elements:,} HTML elements, past the limit of {limits.html_elements:,}",
    )


@reader_boundary("HTML page")
def html_to_document(data: bytes, source: str, limits: ReadLimits = READ_LIMITS) -> Document:
    """Parse HTML bytes into a document of headings, paragraphs, list items and table cells.

    Before the tree is built, the start tags are counted (a page past the element limit is never
    built); the built tree's depth and size are checked before anything walks it.
    """
    deadline = Deadline(source, limits.seconds)
    markup = decode_html(data)
    if sum(1 for _ in islice(_START_TAG.finditer(markup), limits.html_elements + 1)) > limits.html_elements:
        raise _too_many_elements(source, limits)
    soup = BeautifulSoup(markup, "lxml")
    check_tree_size(soup, source, limits)
    deadline.check()
    remove_furniture(soup, deadline)
    collector = _BlockCollector(content_root(soup), deadline)
    collector.walk(collector.root)
    document = build_document(source, "html", collector.blocks)
    if not document.blocks:
        raise InputFileError(source, "no readable text in the HTML page")
    return document


def read_html(path: Path, max_bytes: int, limits: ReadLimits = READ_LIMITS) -> Document:
    """Read an .html/.htm report page."""
    return html_to_document(read_checked_bytes(path, max_bytes), str(path), limits)
