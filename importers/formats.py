"""The one entry point for reading a report file in any supported format.

The reader is chosen by what the bytes are (a PDF header, a Word zip, an HTML page), so a
report saved with the wrong extension still reads; only then by the file's suffix.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from importers.blocks import Document, build_document
from importers.boundary import reader_boundary
from importers.docx import docx_to_document
from importers.encodings import unicode_text
from importers.html import html_to_document
from importers.limits import READ_LIMITS, ReadLimits, read_checked_bytes
from importers.pdf import pdf_to_document
from importers.text import decode_text, lines_to_blocks
from peergraph.core.errors import InputFileError

EXPECTED = "expected .txt, .md, .html, .pdf or .docx"
_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
# A doctype anywhere in the first KB, or an <html> tag opening a line (not one quoted mid-sentence).
_HTML_START = re.compile(rb"<!doctype\s+html|^\s*<html[\s>]", re.I | re.M)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@reader_boundary("text file")
def _text_to_document(data: bytes, source: str, limits: ReadLimits = READ_LIMITS) -> Document:
    path = Path(source)
    document = build_document(source, "text", lines_to_blocks(decode_text(data, path)))
    if not document.blocks:
        raise InputFileError(path, "no text in the file")
    return document


def _pdf_to_document(data: bytes, source: str, limits: ReadLimits = READ_LIMITS) -> Document:
    return pdf_to_document(data, source)


_READERS: dict[str, Callable[[bytes, str, ReadLimits], Document]] = {
    "text": _text_to_document,
    "html": html_to_document,
    "pdf": _pdf_to_document,
    "docx": docx_to_document,
}


def _zip_names(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return []


def sniff_format(data: bytes) -> str | None:
    """The format the bytes themselves declare, or None when they do not say."""
    head = data[:1024]
    if _PDF_HEADER.search(head):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and "word/document.xml" in _zip_names(data):
        return "docx"
    if data.startswith(_OLE2_MAGIC):
        return "docx"  # a legacy .doc: the Word reader explains that it needs .docx
    if _HTML_START.search(head):
        return "html"
    if (text := unicode_text(data[:2048])) is not None and _HTML_START.search(text.encode("utf-8")[:1024]):
        return "html"  # a page saved as UTF-16, or with a byte-order mark before <html>
    return None


def choose_format(data: bytes, path: Path) -> str:
    """The reader for these bytes: by content first, then by suffix; else a one-line error."""
    if sniffed := sniff_format(data):
        return sniffed
    suffix = path.suffix.lower()
    by_suffix = _SUFFIXES.get(suffix)
    if by_suffix is not None and not (by_suffix == "text" and data.startswith(b"PK\x03\x04")):
        return by_suffix
    if data.startswith(b"PK\x03\x04"):
        raise InputFileError(
            path, f"unsupported file type (a zip archive that is not a Word document); {EXPECTED}"
        )
    shown = f"'{suffix}'" if suffix else "(no extension)"
    raise InputFileError(path, f"unsupported file type {shown}; {EXPECTED}")


def read_document(path: Path, max_bytes: int, limits: ReadLimits = READ_LIMITS) -> Document:
    """Read a report file into blocks: existence, emptiness and size are checked once, here.

    `limits` bound the reading itself (nesting, element count, time); see importers/limits.py.
    """
    data = read_checked_bytes(path, max_bytes)
    return _READERS[choose_format(data, path)](data, str(path), limits)
