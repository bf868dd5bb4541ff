"""Fuzz the text, HTML and Word readers with generated and mutated files (slow; a few minutes).

Each input must either read or be refused with a one-line InputFileError naming the file, with
no library's own words in it, and within the time limit; anything else fails. Run with `-s` to
see how many inputs each reader took and how many it read or refused:

    .venv/bin/pytest -q -s -m slow tests/test_reader_fuzz.py
"""

from __future__ import annotations

import re
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document as new_word_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.blocks import Document
from importers.formats import read_document
from importers.limits import READ_LIMITS
from peergraph.core.errors import InputFileError

pytestmark = pytest.mark.slow

MAX_BYTES = 50 * 1024 * 1024
# Reading may overrun the limit by the one step in progress when the deadline is checked.
TIME_ALLOWED = READ_LIMITS.seconds + 5
LEAKED = re.compile(r"lxml|_Element|attribute '|Error\b|Exception|Traceback|line \d+, column", re.I)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]
FUZZ = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

OUTCOMES: dict[str, Counter[str]] = {}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("fuzz")
    for reader, counts in sorted(OUTCOMES.items()):
        total = sum(counts.values())
        print(f"\nfuzz {reader}: {total} inputs, {counts['read']} read, {counts['refused']} refused")


def read_or_refuse(workdir: Path, reader: str, data: bytes, suffix: str) -> None:
    """The property: reads, or refuses in one plain line naming the file, in time."""
    path = workdir / f"input{suffix}"
    path.write_bytes(data)
    started = time.monotonic()
    try:
        document = read_document(path, MAX_BYTES)
    except InputFileError as error:
        message = str(error)
        assert "\n" not in message, message
        assert message.startswith(f"{path.name}: "), message
        assert not LEAKED.search(message), message
        outcome = "refused"
    else:
        assert isinstance(document, Document)
        for block in document.blocks:
            assert document.text[block.start : block.end] == block.text
        outcome = "read"
    elapsed = time.monotonic() - started
    assert elapsed < TIME_ALLOWED, f"{len(data)} bytes took {elapsed:.1f} s"
    OUTCOMES.setdefault(reader, Counter())[outcome] += 1


def mutated(data: bytes) -> st.SearchStrategy[bytes]:
    """The bytes with a few random flips, insertions, deletions and a possible truncation."""

    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        buffer = bytearray(data)
        for _ in range(draw(st.integers(1, 12))):
            if not buffer:
                break
            at = draw(st.integers(0, len(buffer) - 1))
            action = draw(st.sampled_from(["flip", "insert", "delete", "zero"]))
            if action == "flip":
                buffer[at] ^= 1 << draw(st.integers(0, 7))
            elif action == "insert":
                buffer[at:at] = draw(st.binary(min_size=1, max_size=64))
            elif action == "delete":
                del buffer[at : at + draw(st.integers(1, 256))]
            else:
                buffer[at : at + 32] = bytes(32)
        if draw(st.booleans()):
            buffer = buffer[: draw(st.integers(0, len(buffer)))]
        return bytes(buffer)

    return mutate()


# --- text ---------------------------------------------------------------------------------------

REPORT_TEXT = (
    "Adult Social Care Preparation for Assurance Peer Challenge\n\nFinal report: March 2024\n\n"
    "Background\n\nExampleshire County Council asked the LGA to undertake a peer challenge.\n\n"
    "The members of the peer challenge team were:\n\n- Jo Bloggs, Director, Anyshire Council\n"
    "- Cllr Sam Smith, Member Peer\n\nKey messages\n\nStaff are proud of their work.\tYes\t3\n"
)


@st.composite
def mixed_encodings(draw: st.DrawFn) -> bytes:
    chunks = draw(st.lists(st.tuples(st.text(max_size=400), st.sampled_from(ENCODINGS)), max_size=8))
    return b"".join(text.encode(encoding, errors="replace") for text, encoding in chunks)


TEXT_INPUTS = st.one_of(
    st.binary(max_size=8192),
    st.builds(lambda t, e: t.encode(e, errors="replace"), st.text(max_size=3000), st.sampled_from(ENCODINGS)),
    mixed_encodings(),
    mutated(REPORT_TEXT.encode("utf-8")),
    mutated(REPORT_TEXT.encode("utf-16")),
    st.builds(
        lambda n, t: (t * n).encode(), st.integers(1, 20_000), st.sampled_from(["*", "**", "\t", "|", "- "])
    ),
)


@settings(FUZZ, max_examples=700)
@given(data=TEXT_INPUTS)
def test_fuzz_text_reader(workdir: Path, data: bytes) -> None:
    read_or_refuse(workdir, "text", data, ".txt")


# --- HTML ---------------------------------------------------------------------------------------

PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Report</title><script>var x = 1;</script>'
    '</head><body><nav><a href="/">Home</a></nav><main><article><h1>Peer challenge report</h1>'
    "<p>Final report: <strong>March</strong> 2024</p><h2>Background</h2><p>The peer team met people.</p>"
    "<ul><li>Jo Bloggs, Director<ul><li>Lead peer</li></ul></li></ul>"
    "<table><tr><th>Name</th><td>Role</td></tr><tr><td>Sam Smith</td><td>Member Peer</td></tr></table>"
    "</article></main><footer>© LGA</footer></body></html>"
)
TAGS = ["div", "span", "ul", "li", "ol", "table", "tr", "td", "p", "b", "a", "section", "main", "h2", "form"]


@st.composite
def nested_page(draw: st.DrawFn) -> bytes:
    tags = draw(st.lists(st.sampled_from(TAGS), min_size=1, max_size=4))
    levels = draw(st.integers(0, 20_000))
    opening = "".join(f"<{tag}>" for tag in tags)
    closing = "".join(f"</{tag}>" for tag in reversed(tags)) if draw(st.booleans()) else ""
    page = "<html><body>" + opening * levels + "<p>Staff are proud.</p>" + closing * levels
    return page.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


@st.composite
def many_attributes(draw: st.DrawFn) -> bytes:
    count = draw(st.integers(0, 100_000))
    name = draw(st.sampled_from(["class", "data-x", "id", "style", "hidden", "aria-hidden"]))
    attributes = " ".join(f'{name}{i}="v{i}"' for i in range(count))
    return f"<html><body><div {attributes}><p>Staff are proud.</p></div></body></html>".encode()


FRAGMENTS = [
    "<p>",
    "</p>",
    "<ul>",
    "<li>",
    "</li>",
    "<table>",
    "<tr>",
    "<td>",
    "<br>",
    "<br><br>",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "<![CDATA[",
    "]]>",
    "<?xml?>",
    "<h1>",
    "</h3>",
    "<div hidden>",
    '<div style="display:none">',
    "<main>",
    "<article>",
    "<nav>",
    "Peer challenge ",
    "\x00",
    "<span>",
    "</span>",
    '<meta charset="utf-16">',
    '<meta charset="nonsense">',
    "<svg>",
    "<math>",
]


@st.composite
def tag_soup(draw: st.DrawFn) -> bytes:
    parts = draw(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=300))
    return "".join(parts).encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


HTML_INPUTS = st.one_of(
    nested_page(),
    many_attributes(),
    tag_soup(),
    mutated(PAGE.encode("utf-8")),
    mutated(PAGE.encode("utf-16")),
    st.builds(lambda data: b"<!DOCTYPE html>" + data, st.binary(max_size=4096)),
)


@settings(FUZZ, max_examples=500)
@given(data=HTML_INPUTS)
def test_fuzz_html_reader(workdir: Path, data: bytes) -> None:
    read_or_refuse(workdir, "html", data, ".html")


# --- Word ---------------------------------------------------------------------------------------


def _template_docx() -> bytes:
    word = new_word_document()
    word.add_paragraph("Peer challenge report", style="Title")
    word.add_paragraph("Background", style="Heading 1")
    word.add_paragraph("The peer team met people and read documents.")
    word.add_paragraph("Jo Bloggs, Director, Anyshire Council", style="List Bullet")
    table = word.add_table(rows=2, cols=2)
    for row, cells in enumerate([("Name", "Role"), ("Sam Smith", "Member Peer")]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


TEMPLATE = _template_docx()
PART_NAMES = zipfile.ZipFile(BytesIO(TEMPLATE)).namelist()
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _with_part(name: str, content: bytes, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    source = zipfile.ZipFile(BytesIO(TEMPLATE))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, content if info.filename == name else source.read(info))
        if name not in PART_NAMES:
            archive.writestr(name, content)
    return out.getvalue()


@st.composite
def replaced_part(draw: st.DrawFn) -> bytes:
    name = draw(st.sampled_from([*PART_NAMES, "word/numbering.xml", "customXml/item1.xml"]))
    levels = draw(st.integers(0, 3000))
    tag = draw(st.sampled_from(["w:sdt", "w:tbl", "w:p", "w:r", "w:hyperlink", "foo"]))
    closing = f"</{tag}>" * levels if draw(st.booleans()) else ""
    deep = f'<w:document xmlns:w="{W_NS}"><w:body>' + f"<{tag}>" * levels + closing + "</w:body></w:document>"
    content = draw(
        st.one_of(
            st.binary(max_size=2048),
            st.just(deep.encode()),
            st.builds(lambda text: f"<{text}/>".encode(errors="replace"), st.text(min_size=1, max_size=20)),
            mutated(zipfile.ZipFile(BytesIO(TEMPLATE)).read(name) if name in PART_NAMES else b"<x/>"),
        )
    )
    return _with_part(name, content, draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])))


DOCX_INPUTS = st.one_of(
    mutated(TEMPLATE),
    replaced_part(),
    st.builds(lambda data: b"PK\x03\x04" + data, st.binary(max_size=4096)),
)


@settings(FUZZ, max_examples=400)
@given(data=DOCX_INPUTS)
def test_fuzz_docx_reader(workdir: Path, data: bytes) -> None:
    read_or_refuse(workdir, "docx", data, ".docx")
