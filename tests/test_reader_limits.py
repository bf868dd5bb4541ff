"""Readers bound their work and speak plainly: nesting, element and time limits, Unicode text,
corrupt files. Each case here was found failing (a traceback, a library's own message, a refusal
of good text) before the readers were changed."""

from __future__ import annotations

import re
import time
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document as new_word_document

from importers.formats import read_document
from importers.limits import READ_LIMITS, ReadLimits
from peergraph.core.errors import InputFileError

MAX_BYTES = 50 * 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# What a library's own exception text looks like when it leaks into a message.
LEAKED = re.compile(r"lxml|_Element|attribute '|Error\b|Exception|Traceback|line \d+, column", re.I)


def refusal(path: Path, limits: ReadLimits = READ_LIMITS) -> str:
    """The one-line message read_document refuses the file with (fails if it reads)."""
    with pytest.raises(InputFileError) as caught:
        read_document(path, MAX_BYTES, limits=limits)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path.name}: "), message
    assert not LEAKED.search(message), message
    return message


# --- HTML nesting, element count, time ---------------------------------------------------------

NESTINGS = {
    "lists": ("<ul><li>", "</li></ul>"),
    "spans-and-divs": ("<span><div>", "</div></span>"),
    "divs": ("<div>", "</div>"),
}


@pytest.mark.parametrize("levels", [300, 10_000])
@pytest.mark.parametrize("nesting", sorted(NESTINGS))
def test_deeply_nested_html_is_refused_quickly(tmp_path: Path, nesting: str, levels: int) -> None:
    opening, closing = NESTINGS[nesting]
    path = tmp_path / f"deep-{nesting}.html"
    path.write_text(
        "<html><body><h1>Torbay Council peer challenge</h1>"
        + opening * levels
        + "<p>The peer team met people.</p>"
        + closing * levels
        + "</body></html>"
    )
    started = time.monotonic()
    message = refusal(path)
    assert time.monotonic() - started < 10
    assert f"limit of {READ_LIMITS.depth}" in message and "nested" in message


def test_html_nested_just_within_the_limit_reads(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    levels = READ_LIMITS.depth - 5
    path.write_text("<html><body>" + "<div>" * levels + "<p>Staff are proud.</p>" + "</div>" * levels)
    assert read_document(path, MAX_BYTES).text == "Staff are proud."


def test_html_with_more_elements_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.html"
    path.write_text("<html><body><p>" + "<i>x</i>" * (READ_LIMITS.html_elements + 1) + "</p></body></html>")
    message = refusal(path)
    assert f"limit of {READ_LIMITS.html_elements:,}" in message and "elements" in message


def test_html_reading_past_the_time_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "slow.html"
    path.write_text("<html><body>" + "<p>The peer team met people.</p>" * 2000 + "</body></html>")
    message = refusal(path, ReadLimits(seconds=0.0))
    assert "time limit" in message


# --- DOCX nesting, element count, time, corruption ---------------------------------------------


def _docx_bytes(paragraphs: int = 1) -> bytes:
    word = new_word_document()
    for number in range(paragraphs):
        word.add_paragraph(f"Paragraph {number} of a peer challenge report.")
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, content if info.filename == name else source.read(info))
    return out.getvalue()


def _docx_with_body(body: str) -> bytes:
    document = f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    return _replace_part(_docx_bytes(), "word/document.xml", document.encode())


@pytest.mark.parametrize("levels", [150, 400])
def test_deeply_nested_docx_is_refused(tmp_path: Path, levels: int) -> None:
    """Content controls nested in content controls; past 256 the XML parser gives up by itself."""
    opening, closing = "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>"
    body = opening * levels + "<w:p><w:r><w:t>Staff are proud.</w:t></w:r></w:p>" + closing * levels
    path = tmp_path / "deep.docx"
    path.write_bytes(_docx_with_body(body))
    message = refusal(path)
    assert f"limit of {READ_LIMITS.depth}" in message and "nested" in message


def test_docx_with_more_elements_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.docx"
    path.write_bytes(_docx_bytes(paragraphs=300))
    message = refusal(path, ReadLimits(docx_elements=500))
    assert "limit of 500" in message and "elements" in message
    assert read_document(path, MAX_BYTES).text.startswith("Paragraph 0 of a peer challenge report.")


def test_docx_reading_past_the_time_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "slow.docx"
    path.write_bytes(_docx_bytes(paragraphs=50))
    assert "time limit" in refusal(path, ReadLimits(seconds=0.0))


CORRUPT_PARTS = [
    ("[Content_Types].xml", b"<Foo/>"),
    ("[Content_Types].xml", b"not xml at all"),
    ("_rels/.rels", b"<foo/>"),
    ("word/_rels/document.xml.rels", b"garbage"),
    ("word/document.xml", b"<foo/>"),
    ("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body><w:p>'.encode()),
    ("word/styles.xml", b"<foo/>"),
]


@pytest.mark.parametrize(("part", "content"), CORRUPT_PARTS, ids=[f"{p}-{c[:6]!r}" for p, c in CORRUPT_PARTS])
def test_corrupt_docx_gets_a_plain_corrupt_reason(tmp_path: Path, part: str, content: bytes) -> None:
    path = tmp_path / "corrupt.docx"
    path.write_bytes(_replace_part(_docx_bytes(), part, content))
    message = refusal(path)
    assert "corrupt" in message and part in message


def test_docx_with_a_damaged_zip_entry_is_corrupt(tmp_path: Path) -> None:
    data = bytearray(_docx_bytes(paragraphs=40))
    start = data.find(b"word/document.xml") + 40  # inside the compressed document, past its header
    data[start : start + 64] = bytes(64)
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(data))
    assert "corrupt" in refusal(path)


def test_docx_whose_document_part_is_too_large_is_refused(tmp_path: Path) -> None:
    padding = "<w:p/>" * 2000
    path = tmp_path / "large.docx"
    path.write_bytes(_docx_with_body(padding))
    message = refusal(path, ReadLimits(docx_xml_bytes=1000))
    assert "word/document.xml" in message and "limit" in message


# --- PDF corruption -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage",
        b"%PDF-1.4\n" + bytes(range(256)) * 20,
        b"%PDF-1.4\n1 0 obj\n<< /Length 99999 >>\nstream\nBT ET\nendstream\nendobj\ntrailer << /Root 1 0 R >>",
    ],
)
def test_corrupt_pdf_gets_a_plain_corrupt_reason(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(content)
    message = refusal(path)
    assert "not a readable PDF" in message and "corrupt" in message


# --- Unicode text -------------------------------------------------------------------------------

TEXT = "Peer challenge report\n\nTorbay Council’s peer team met people – and partners.\n"
EXPECTED = "Peer challenge report\n\nTorbay Council’s peer team met people – and partners."
ENCODINGS = {
    "utf-16-with-bom": "utf-16",
    "utf-16-le": "utf-16-le",
    "utf-16-be": "utf-16-be",
    "utf-16-le-with-bom": "utf-16-le",
    "utf-16-be-with-bom": "utf-16-be",
    "utf-8-with-bom": "utf-8-sig",
}
BOMS = {"utf-16-le-with-bom": "\ufeff", "utf-16-be-with-bom": "\ufeff"}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_unicode_text_files_read_as_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes((BOMS.get(name, "") + TEXT).encode(ENCODINGS[name]))
    assert read_document(path, MAX_BYTES).text == EXPECTED


@pytest.mark.parametrize("name", ["utf-16-with-bom", "utf-16-le", "utf-16-be", "utf-8-with-bom"])
def test_unicode_html_pages_read(tmp_path: Path, name: str) -> None:
    page = "<!DOCTYPE html><html><body><p>Torbay Council’s peer team – and partners.</p></body></html>"
    path = tmp_path / f"{name}.html"
    path.write_bytes(page.encode(ENCODINGS[name]))
    document = read_document(path, MAX_BYTES)
    assert document.format == "html"
    assert document.text == "Torbay Council’s peer team – and partners."


def test_utf16_html_saved_as_text_is_still_html(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes("<!DOCTYPE html><html><body><p>Staff are proud.</p></body></html>".encode("utf-16"))
    assert read_document(path, MAX_BYTES).format == "html"


def test_binary_data_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(256)) * 64)
    assert "binary data" in refusal(path)
