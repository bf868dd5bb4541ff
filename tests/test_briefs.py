"""Learning briefs on the five seeds: three scopes, four formats, every quote checked against its source.

The briefs are built once per module over a copy of the seeded store and written in every
format; the tests then read the files back as a user's tools would (python-docx, pdftoppm,
pypdf, pikepdf for the PDF's structure tree) and check headings, quotes, citations, page size,
tagging, links, counts against the pattern pages, repeats, anonymity and self-containment.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import docx
import pikepdf
import pytest
import typer
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader
from rapidfuzz import fuzz
from typer.testing import CliRunner

from graph.reads import reviews as reads
from graph.reads.models import RecommendationOut
from graph.reads.patterns import pattern_detail, patterns_overview, tag_rows
from graph.store import GraphStore, open_store
from graph.store import queries as q
from importers.councils import load_councils
from peergraph.cli.brief import brief_command
from peergraph.core.errors import BadRequestError, NotFoundError, PeergraphError
from peergraph.core.settings import Settings
from tests.fixtures import MAX_BYTES, app_client, copy_store, writable_store
from viz.briefs import FORMATS, MEDIA_TYPES, Brief, build_brief, render, write_brief
from viz.briefs.advice import is_firm, prescription, question
from viz.briefs.anonymise import Anonymiser
from viz.briefs.blocks import ChartBlock, Heading, Paragraph
from viz.briefs.build import sentence_keys
from viz.briefs.docx import CITATION
from viz.briefs.similar import SAME_RECOMMENDATION, alike_pairs, ratio_key

BASE_URL = "http://briefs.test"
SCOPES: dict[str, dict[str, object]] = {
    "pattern": {"patterns": ["key_person_dependency"]},
    "theme": {"theme": 3},
    "region": {"region": "South West"},
}
PLAIN = [(scope, False) for scope in SCOPES]
ANONYMISED = [(scope, True) for scope in SCOPES]


@pytest.fixture(scope="module")
def store(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    path = copy_store(seed_db, tmp_path_factory.mktemp("briefs") / "graph.lbug")
    with open_store(Settings(db=path, neo4j_uri=None), read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def briefs(store: GraphStore) -> dict[tuple[str, bool], Brief]:
    return {
        (scope, anonymise): build_brief(store, anonymise=anonymise, base_url=BASE_URL, **kwargs)  # type: ignore[arg-type]
        for scope, kwargs in SCOPES.items()
        for anonymise in (False, True)
    }


@pytest.fixture(scope="module")
def unlinked(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The pattern brief with no base URL, in every format."""
    brief = build_brief(store, **SCOPES["pattern"])  # type: ignore[arg-type]
    folder = tmp_path_factory.mktemp("unlinked")
    return {fmt: write_brief(brief, folder / f"brief.{fmt}") for fmt in FORMATS}


@pytest.fixture(scope="module")
def files(
    briefs: dict[tuple[str, bool], Brief], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, bool, str], Path]:
    folder = tmp_path_factory.mktemp("brief-files")
    return {
        (scope, anonymise, fmt): write_brief(brief, folder / f"{scope}{'-anon' if anonymise else ''}.{fmt}")
        for (scope, anonymise), brief in briefs.items()
        for fmt in FORMATS
    }


def _docx_text(path: Path) -> str:
    """Every piece of text in a .docx: body, headers, properties, hyperlink targets."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        )


def _pdf_text(path: Path) -> str:
    """The text of every page, the metadata, the bookmarks and every link's target."""
    reader = PdfReader(path)
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    outline = " ".join(str(getattr(entry, "title", "")) for entry in _flatten(reader.outline))
    links = [
        str(annot.get_object().get("/A", {}).get("/URI", ""))
        for page in reader.pages
        for annot in page.get("/Annots") or []
    ]
    return "\n".join([metadata, outline, *links, *(page.extract_text() or "" for page in reader.pages)])


def _flatten(outline: Sequence[object]) -> Iterator[object]:
    for entry in outline:
        if isinstance(entry, list):
            yield from _flatten(entry)
        else:
            yield entry


def _squash(text: str) -> str:
    return " ".join(text.split())


# --- every scope, every format ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("scope", "anonymise"), PLAIN + ANONYMISED)
def test_a_brief_is_written_in_every_format(
    files: dict[tuple[str, bool, str], Path], scope: str, anonymise: bool, fmt: str
) -> None:
    data = files[scope, anonymise, fmt].read_bytes()

    magic = {"md": b"# Learning brief", "html": b"<!doctype html>", "docx": b"PK", "pdf": b"%PDF-"}
    assert data.startswith(magic[fmt])
    assert len(data) > 2000


@pytest.mark.parametrize(("scope", "anonymise"), PLAIN + ANONYMISED)
def test_every_quote_is_verbatim_from_its_cited_passage(
    store: GraphStore, briefs: dict[tuple[str, bool], Brief], scope: str, anonymise: bool
) -> None:
    brief = briefs[scope, anonymise]
    quotes = brief.quotes()
    reviews = {q.citation.review_id: reads.review(store, q.citation.review_id) for q in quotes}
    texts = {rid: reads.review_text(store, rid) for rid in reviews}

    assert quotes
    for quote in quotes:
        review = reviews[quote.citation.review_id]
        texts_by_id = {i.id: i.text for i in review.findings} | {i.id: i.text for i in review.recommendations}
        item_text = texts_by_id[quote.item_id]
        start, end = quote.citation.span
        assert quote.verbatim
        assert quote.source_text == item_text
        assert quote.text in item_text
        assert quote.text in texts[quote.citation.review_id][start:end]
        if not anonymise:
            assert quote.shown == quote.text
            assert quote.council_label == reviews[quote.citation.review_id].council
            assert quote.link == f"{BASE_URL}/ui/reviews/{quote.citation.review_id}#item-{quote.item_id}"


@pytest.mark.parametrize("scope", SCOPES)
def test_quotes_hear_every_council_before_a_second_from_any(
    briefs: dict[tuple[str, bool], Brief], scope: str
) -> None:
    for section in briefs[scope, False].sections:
        for quotes in (section.development, section.strengths):
            councils = [q.citation.council_id for q in quotes]
            distinct = len(set(councils))
            assert len(set(councils[:distinct])) == distinct


def test_quotes_are_numbered_in_reading_order(briefs: dict[tuple[str, bool], Brief]) -> None:
    for brief in briefs.values():
        assert [q.number for q in brief.quotes()] == list(range(1, len(brief.quotes()) + 1))


def test_the_pattern_brief_has_its_headline_and_content(briefs: dict[tuple[str, bool], Brief]) -> None:
    brief = briefs["pattern", False]

    assert brief.headline.councils == 5 and brief.headline.regions == 3
    assert brief.headline.first_date == "2023-09" and brief.headline.last_date == "2024-06"
    assert "September 2023 to June 2024" in brief.headline.sentence
    assert brief.sections[0].development and brief.recommendations
    assert brief.chart.labels == ["North East", "North West", "South West"]
    assert (
        sum(brief.chart.development) + sum(brief.chart.strengths)
        == brief.headline.development + brief.headline.strengths
    )


# --- the same counts as the pattern pages -------------------------------------------------------


def test_a_pattern_brief_counts_what_the_pattern_page_counts(
    store: GraphStore, briefs: dict[tuple[str, bool], Brief]
) -> None:
    brief = briefs["pattern", False]
    detail = pattern_detail(store, "key_person_dependency")
    page = detail.pattern

    (counted,) = brief.patterns
    assert counted.model_dump() == page.model_dump()
    headline = brief.headline
    assert (headline.councils, headline.regions, headline.development, headline.strengths) == (
        page.councils,
        page.regions,
        page.development,
        page.strengths,
    )
    assert {(c.label, c.region, c.development, c.strengths) for c in brief.councils} == {
        (c.council, c.region, c.development, c.strengths) for c in detail.councils
    }
    chart = brief.chart
    assert {
        (label, showing, reviewed)
        for label, showing, reviewed in zip(chart.labels, chart.showing, chart.reviewed, strict=True)
    } == {(r.region, r.councils, r.reviewed_councils) for r in detail.regions}
    for region in chart.labels:
        index = chart.labels.index(region)
        in_region = [c for c in detail.councils if c.region == region]
        assert chart.development[index] == sum(c.development for c in in_region)
        assert chart.strengths[index] == sum(c.strengths for c in in_region)
    figures = {f.label: f.value for f in headline.figures}
    assert figures["Areas for development"] == page.development and figures["Councils"] == page.councils


def test_a_region_brief_counts_patterns_as_the_patterns_page_does(
    store: GraphStore, briefs: dict[tuple[str, bool], Brief]
) -> None:
    overview = {p.id: p for p in patterns_overview(store, region="South West")}

    listed = briefs["region", False].patterns
    assert listed
    for counted in listed:
        assert counted.model_dump() == overview[counted.id].model_dump()


# --- no sentence twice ------------------------------------------------------------------------------


@pytest.mark.parametrize(("scope", "anonymise"), PLAIN + ANONYMISED)
def test_no_sentence_is_quoted_twice(
    briefs: dict[tuple[str, bool], Brief], scope: str, anonymise: bool
) -> None:
    quoted: list[str] = []
    for quote in briefs[scope, anonymise].quotes():
        quoted += sorted(sentence_keys(quote.text))

    assert quoted and len(quoted) == len(set(quoted))


@pytest.mark.parametrize("scope", SCOPES)
def test_no_sentence_of_the_written_brief_repeats(
    files: dict[tuple[str, bool, str], Path], scope: str
) -> None:
    text = files[scope, False, "md"].read_text("utf-8")
    # Prose and quotes; not tables, headings, or the citation and count lines under each quote.
    prose = [
        line.lstrip("> -0123456789.").strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith(("|", "![", "#", "> —", "> *"))
    ]
    sentences = [
        key for line in prose for key in sentence_keys(line.replace("\\", "")) if len(key.split()) >= 6
    ]

    repeated = {key for key in sentences if sentences.count(key) > 1}
    assert sentences and not repeated


# --- what this means, and questions to ask ----------------------------------------------------------


@pytest.mark.parametrize("scope", SCOPES)
def test_what_this_means_is_drawn_from_the_brief_s_numbers(
    briefs: dict[tuple[str, bool], Brief], scope: str
) -> None:
    brief = briefs[scope, False]
    meaning = " ".join(brief.meaning)

    assert len(brief.meaning) >= 2
    if brief.recommendations:
        top = brief.recommendations[0]
        assert f"{top.title} ({top.recommendations} recommendation" in meaning
    if brief.owners:
        assert f"the {brief.owners[0].name} ({brief.owners[0].recommendations} recommendation" in meaning
    if scope == "pattern":
        assert f"shows in {brief.patterns[0].councils} of the 5 councils reviewed" in meaning


@pytest.mark.parametrize("scope", SCOPES)
def test_questions_to_ask_come_from_firm_recommendations_in_scope(
    store: GraphStore, briefs: dict[tuple[str, bool], Brief], scope: str
) -> None:
    brief = briefs[scope, False]
    assert brief.outline is not None
    in_scope = [r for r in _recommendations_in_scope(store, scope) if is_firm(r)]
    clauses = {clause for r in in_scope if (clause := prescription(r.text))}
    section = _section(brief, "Questions to ask")

    for asked in brief.questions:
        assert asked.asked.startswith("Peer teams told ") and asked.asked.endswith("?")
        assert any(f" that {clause}:" in asked.asked for clause in clauses), asked.asked
        if asked.quote_number is not None:
            assert any(q.number == asked.quote_number for q in brief.quotes())
    assert len({q.asked for q in brief.questions}) == len(brief.questions)
    assert bool(brief.questions) == bool(clauses)
    assert [b.kind for b in section] == (["list"] if clauses else ["paragraph"])


def _section(brief: Brief, title: str) -> list[object]:
    """The blocks under a level-1 heading of the brief's outline."""
    assert brief.outline is not None
    blocks = brief.outline.blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == title) + 1
    ends = [i for i in range(start, len(blocks)) if isinstance(b := blocks[i], Heading) and b.level == 1]
    return list(blocks[start : ends[0] if ends else len(blocks)])


def _recommendations_in_scope(store: GraphStore, scope: str) -> list[RecommendationOut]:
    everything = reads.recommendations(store, limit=500).items
    if scope == "pattern":
        tagged = {row["item_id"] for row in tag_rows(store, pattern="key_person_dependency")}
        return [r for r in everything if r.id in tagged]
    if scope == "theme":
        return [r for r in everything if r.theme == 3]
    return reads.recommendations(store, region="South West", limit=500).items


def test_a_question_reads_as_an_adviser_would_ask_it() -> None:
    clause = prescription(
        "To undertake a piece of data-led analysis of discharge pathways, including modelling."
    )
    assert clause == "they undertake a piece of data-led analysis of discharge pathways"
    assert question(clause, 3, ["Director of Adult Social Services"], (0, 0)) == (
        "Peer teams told 3 councils that they undertake a piece of data-led analysis of discharge pathways: "
        "what has been done about it so far (the reports name Director of Adult Social Services to lead it)?"
    )
    assert question(clause, 1, [], (1, 4)).endswith(
        "action plans show 1 of 4 actions complete: what is holding the rest back?"
    )
    assert prescription("Torbay should review this.") is None  # too short to mean much
    assert prescription("The peer challenge did not find any areas of immediate concern.") is None
    assert prescription("However, this needs to be timely, focused and further embedded.") is None
    assert prescription("This strategy needs to be timely, focused and further embedded.") == (
        "this strategy needs to be timely, focused and further embedded"
    )
    assert prescription("Finding ways to share key knowledge more widely would help the council.") == (
        "finding ways to share key knowledge more widely would help the council"
    )
    assert prescription(
        "The offer is well developed, but it is important to prove its impact on outcomes."
    ) == ("it is important to prove its impact on outcomes")
    assert prescription("Torbay Council should review its front door and its waiting lists.") == (
        "Torbay Council should review its front door and its waiting lists"
    )


def test_theme_and_region_briefs_list_recurring_patterns_and_owners(
    briefs: dict[tuple[str, bool], Brief],
) -> None:
    theme, region = briefs["theme", False], briefs["region", False]

    assert theme.patterns[0].id == "safeguarding"
    assert theme.good_practice and all(e.quotes or e.shown_above for e in theme.good_practice)
    assert {o.name for o in theme.owners} >= {"Safeguarding Adults Board"}
    assert region.chart.axis == "Council" and len(region.chart.labels) == 3
    assert {q.citation.council for q in region.quotes()} == {
        "Torbay Council",
        "Somerset Council",
        "Gloucestershire County Council",
    }


# --- HTML and Markdown: headings, quotes and citations as the outline has them -----------------------


@pytest.mark.parametrize(("scope", "anonymise"), PLAIN + ANONYMISED)
def test_html_has_the_outline_s_headings_quotes_and_citations(
    files: dict[tuple[str, bool, str], Path],
    briefs: dict[tuple[str, bool], Brief],
    scope: str,
    anonymise: bool,
) -> None:
    brief = briefs[scope, anonymise]
    assert brief.outline is not None
    page = BeautifulSoup(files[scope, anonymise, "html"].read_text("utf-8"), "html.parser")
    quotes = page.find_all("blockquote")

    assert page.html is not None and page.html["lang"] == "en-GB"
    assert [h.get_text() for h in page.find_all("h1")] == [brief.title]
    assert [(int(h.name[1]) - 1, h.get_text()) for h in page.find_all(["h2", "h3", "h4"])] == [
        (h.level, h.text) for h in brief.outline.headings()
    ]
    assert [q.p.get_text() for q in quotes] == [q.shown for q in brief.quotes()]
    for element, quote in zip(quotes, brief.quotes(), strict=True):
        assert element.cite.get_text().startswith(f"[{quote.number}] {quote.cited_as}")
    (chart,) = [b for b in brief.outline.blocks if isinstance(b, ChartBlock)]
    assert page.find("svg").find("desc").get_text() == chart.alt


def _unescape_markdown(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize(("scope", "anonymise"), PLAIN + ANONYMISED)
def test_markdown_has_the_outline_s_headings_quotes_and_citations(
    files: dict[tuple[str, bool, str], Path],
    briefs: dict[tuple[str, bool], Brief],
    scope: str,
    anonymise: bool,
) -> None:
    brief = briefs[scope, anonymise]
    assert brief.outline is not None
    lines = files[scope, anonymise, "md"].read_text("utf-8").splitlines()
    headings = [
        (len(marks) - 1, _unescape_markdown(text))
        for line in lines
        if (match := re.match(r"^(#{1,4}) (.*)$", line))
        for marks, text in [match.groups()]
    ]
    quoted = [
        _unescape_markdown(line[2:])
        for line in lines
        if line.startswith("> ") and not line.startswith(("> —", "> *"))
    ]
    cited = [_unescape_markdown(line[4:]) for line in lines if line.startswith("> — ")]

    assert headings[0] == (0, brief.title)
    assert headings[1:] == [(h.level, h.text) for h in brief.outline.headings()]
    assert quoted == [" ".join(q.shown.split()) for q in brief.quotes()]
    for line, quote in zip(cited, brief.quotes(), strict=True):
        assert line.startswith(f"[{quote.number}] {quote.cited_as}")


# --- DOCX -------------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", SCOPES)
def test_docx_has_real_headings_quotes_citations_and_links(
    files: dict[tuple[str, bool, str], Path], briefs: dict[tuple[str, bool], Brief], scope: str
) -> None:
    brief = briefs[scope, False]
    assert brief.outline is not None
    document = docx.Document(str(files[scope, False, "docx"]))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name if paragraph.style else "", []).append(paragraph.text)
    links = {rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")}
    headings = [
        (int(name.removeprefix("Heading ")), text)
        for paragraph in document.paragraphs
        if (name := paragraph.style.name if paragraph.style else "").startswith("Heading ")
        for text in [paragraph.text]
    ]

    assert by_style["Title"] == [brief.title]
    assert headings == [(h.level, h.text) for h in brief.outline.headings()]
    assert {
        "What this means",
        "Where it shows",
        "Good practice to learn from",
        "Recommendations most often made",
        "Questions to ask",
        "Action-plan progress",
        "Reports quoted",
    } <= {text for level, text in headings if level == 1}
    assert by_style["Quote"] == [q.shown for q in brief.quotes()]
    citations = by_style[CITATION]
    for quote in brief.quotes():
        assert any(c.startswith(f"[{quote.number}] {quote.cited_as}") for c in citations)
        assert quote.link in links
    (chart,) = document.inline_shapes
    assert chart._inline.docPr.get("descr") == next(
        b.alt for b in brief.outline.blocks if isinstance(b, ChartBlock)
    )


@pytest.mark.parametrize(("scope", "anonymise"), PLAIN + ANONYMISED)
def test_docx_is_a4_in_british_english(
    files: dict[tuple[str, bool, str], Path], scope: str, anonymise: bool
) -> None:
    document = docx.Document(str(files[scope, anonymise, "docx"]))

    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert {round(m.cm, 1) for m in (section.left_margin, section.right_margin)} == {2.0}
    assert 'w:val="en-GB"' in _docx_text(files[scope, anonymise, "docx"])


# --- PDF --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("scope", "anonymise"), PLAIN + ANONYMISED)
def test_pdf_turns_into_page_images(
    files: dict[tuple[str, bool, str], Path], scope: str, anonymise: bool, tmp_path: Path
) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed (Debian package poppler-utils)")
    pdf = files[scope, anonymise, "pdf"]

    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)

    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(PdfReader(pdf).pages) >= 2
    assert all(page.read_bytes().startswith(b"\x89PNG") and page.stat().st_size > 2000 for page in pages)


@pytest.mark.parametrize("scope", SCOPES)
def test_pdf_has_bookmarks_and_every_quote_and_citation(
    files: dict[tuple[str, bool, str], Path], briefs: dict[tuple[str, bool], Brief], scope: str
) -> None:
    brief = briefs[scope, False]
    reader = PdfReader(files[scope, False, "pdf"])
    # A line that breaks after a hyphen comes back from text extraction with a space after it.
    text = _squash(" ".join(page.extract_text() or "" for page in reader.pages)).replace("- ", "-")
    bookmarks = {str(getattr(entry, "title", "")) for entry in _flatten(reader.outline)}

    assert {"Where it shows", "Good practice to learn from", "Recommendations most often made"} <= bookmarks
    assert reader.metadata is not None and reader.metadata.title == brief.title
    for quote in brief.quotes():
        assert _squash(quote.shown).replace("- ", "-") in text
        assert _squash(f"[{quote.number}] {quote.cited_as}").replace("- ", "-") in text


def _structure(node: object, found: list[tuple[str, str | None, str | None]]) -> None:
    """Every structure element under `node`, in document (reading) order: (type, title, alt)."""
    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
        found.append(
            (
                str(node.S),
                str(node.T) if "/T" in node else None,
                str(node.Alt) if "/Alt" in node else None,
            )
        )
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        _structure(kid, found)


@pytest.mark.parametrize(("scope", "anonymise"), PLAIN + ANONYMISED)
def test_pdf_is_tagged_a4_with_headings_in_order_and_the_chart_s_alt_text(
    files: dict[tuple[str, bool, str], Path],
    briefs: dict[tuple[str, bool], Brief],
    scope: str,
    anonymise: bool,
) -> None:
    brief = briefs[scope, anonymise]
    assert brief.outline is not None
    path = files[scope, anonymise, "pdf"]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    elements: list[tuple[str, str | None, str | None]] = []
    with pikepdf.open(path) as pdf:
        language = str(pdf.Root.Lang)
        marked = bool(pdf.Root.MarkInfo.Marked)
        sizes = {tuple(round(float(v)) for v in page.mediabox) for page in pdf.pages}
        _structure(pdf.Root.StructTreeRoot, elements)
    headings = [(int(kind[2:]), title) for kind, title, _ in elements if re.fullmatch(r"/H\d", kind)]
    alts = [alt for kind, _, alt in elements if kind == "/Figure"]

    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$", info, re.MULTILINE)
    assert sizes == {(0, 0, 595, 842)}
    assert marked and language == "en-GB"
    assert [kind for kind, _, _ in elements][:2] == ["/Document", "/Title"]
    assert headings == [(h.level, h.text) for h in brief.outline.headings()]
    (chart,) = [b for b in brief.outline.blocks if isinstance(b, ChartBlock)]
    assert alts == [chart.alt]
    assert len([kind for kind, _, _ in elements if kind == "/BlockQuote"]) == len(brief.quotes())


# --- anonymity --------------------------------------------------------------------------------


def _names_of_reviewed_councils(store: GraphStore) -> list[str]:
    table = load_councils()
    forms: list[str] = []
    for council in reads.councils(store).items:
        known = table.by_id(council.id)
        forms += [council.name, council.short_name, *(known.forms if known else ())]
    return sorted(set(forms), key=len, reverse=True)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("scope", SCOPES)
def test_an_anonymised_brief_names_no_council(
    store: GraphStore, files: dict[tuple[str, bool, str], Path], scope: str, fmt: str
) -> None:
    path = files[scope, True, fmt]
    text = {"docx": _docx_text, "pdf": _pdf_text}.get(fmt, lambda p: p.read_text("utf-8"))(path)
    names = _names_of_reviewed_councils(store)

    assert "Trafford Council" in names and "GCC" in names
    for name in names:
        assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE), name
    assert "/ui/reviews/" not in text
    assert not re.search(r"E0[68]\d{6}|E10\d{6}", text)
    plain = {"docx": _docx_text, "pdf": _pdf_text}.get(fmt, lambda p: p.read_text("utf-8"))(
        files[scope, False, fmt]
    )
    assert "/ui/reviews/" in plain


def test_anonymised_labels_say_region_and_type_and_tell_councils_apart(
    briefs: dict[tuple[str, bool], Brief],
) -> None:
    labels = {q.council_label for q in briefs["pattern", True].quotes()}
    sw = {q.council_label for q in briefs["region", True].quotes()}

    assert "A North West metropolitan council" in labels
    assert "A North East unitary council" in labels
    assert sw == {
        "A South West county council",
        "A South West unitary council (A)",
        "A South West unitary council (B)",
    }
    assert all(q.link is None for q in briefs["region", True].quotes())


def test_anonymiser_marks_replacements_inside_quotes() -> None:
    table = load_councils()
    anonymiser = Anonymiser(table, ["E10000013", "E06000027"])

    assert anonymiser.redact("GCC and Gloucestershire County Council", brackets=True) == (
        "[A South West county council] and [a South West county council]"
    )
    assert anonymiser.redact("Torbay's ICO works with Devon ICB") == (
        "A South West unitary council's ICO works with a South West county council ICB"
    )
    assert anonymiser.redact("Reading the report") == "Reading the report"


# --- HTML and Markdown are safe and self-contained ---------------------------------------------


@pytest.mark.parametrize(("scope", "anonymise"), PLAIN + ANONYMISED)
def test_html_is_self_contained(
    files: dict[tuple[str, bool, str], Path], scope: str, anonymise: bool
) -> None:
    page = files[scope, anonymise, "html"].read_text("utf-8")

    assert "<script" not in page.lower()
    assert "<link" not in page.lower()
    assert not re.search(r"""\bsrc\s*=\s*["']?https?:""", page)
    assert "<svg" in page and "Content-Security-Policy" in page
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert all(href.startswith(f"{BASE_URL}/ui/reviews/") for href in hrefs)
    assert bool(hrefs) != anonymise


def test_imported_text_is_escaped(briefs: dict[tuple[str, bool], Brief]) -> None:
    brief = briefs["pattern", False]
    assert brief.outline is not None
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) & <b>bold</b> #set page(width: 1cm) $x$"
    blocks = [
        b.model_copy(update={"text": hostile}) if isinstance(b, Paragraph | Heading) else b
        for b in brief.outline.blocks
    ]
    outline = brief.outline.model_copy(update={"title": "<i>t</i>", "blocks": blocks})
    tampered = brief.model_copy(update={"outline": outline})

    page = render(tampered, "html").decode()
    markdown = render(tampered, "md").decode()
    pdf = PdfReader(io.BytesIO(render(tampered, "pdf")))

    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<i>t</i>" not in page and "&lt;i&gt;t&lt;/i&gt;" in page
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "[x](javascript:" not in markdown and "\\[x\\](javascript:" in markdown
    # Typst gets the text as data: markup in it is printed, not obeyed.
    assert "#set page(width: 1cm) $x$" in _squash(pdf.pages[0].extract_text())
    assert {round(float(page.mediabox.width)) for page in pdf.pages} == {595}


def test_markdown_embeds_the_chart_and_its_numbers(files: dict[tuple[str, bool, str], Path]) -> None:
    text = files["pattern", False, "md"].read_text("utf-8")

    assert "](data:image/png;base64," in text
    assert "| South West | 13 | 0 | 3 | 3 |" in text


# --- scope options ------------------------------------------------------------------------------


def test_since_keeps_reports_dated_on_or_after_it(store: GraphStore) -> None:
    brief = build_brief(store, patterns=["key_person_dependency"], since="2024-03-15")

    dates = {q.citation.report_date for q in brief.quotes()}
    assert dates and all(d is not None and d >= "2024-03" for d in dates)
    assert "2024-03" in dates  # a report dated March 2024 counts for the 15th
    assert brief.headline.reviewed_councils == 2


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({}, BadRequestError, "say what to brief on"),
        ({"patterns": ["key_person_dependency"], "theme": 3}, BadRequestError, "not both"),
        ({"theme": 7}, BadRequestError, "theme"),
        ({"region": "Atlantis"}, BadRequestError, "not an English region"),
        ({"patterns": ["no_such_pattern"]}, NotFoundError, "no pattern"),
        ({"region": "London"}, NotFoundError, "nothing to brief on"),
        ({"theme": 3, "since": "2024-13"}, BadRequestError, "not a real date"),
        ({"theme": 3, "since": "last year"}, BadRequestError, "not a date"),
        ({"theme": 3, "base_url": "javascript:alert(1)"}, BadRequestError, "base URL"),
    ],
)
def test_bad_options_get_a_one_line_error(
    store: GraphStore, kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message) as raised:
        build_brief(store, **kwargs)  # type: ignore[arg-type]
    assert "\n" not in str(raised.value)


def test_a_bad_suffix_is_a_one_line_error(briefs: dict[tuple[str, bool], Brief], tmp_path: Path) -> None:
    with pytest.raises(PeergraphError, match=r"brief\.txt: .*\.md, \.html, \.docx or \.pdf"):
        write_brief(briefs["theme", False], tmp_path / "brief.txt")
    assert not (tmp_path / "brief.txt").exists()


# --- action-plan progress -------------------------------------------------------------------------

TORBAY = "E06000027"


def test_comparing_only_pairs_that_share_words_finds_every_pair_worded_alike_in_the_seeds(
    store: GraphStore,
) -> None:
    texts = [row["text"] for row in store.read(q.RECOMMENDATION_TEXTS)]
    texts += [row["text"] for row in store.read(q.FINDING_TEXTS)]
    bounded = alike_pairs(texts)
    assert bounded and bounded == alike_pairs(texts, bounded=False)


def test_recommendations_sharing_too_few_words_are_not_compared() -> None:
    # Nearly the same letters (ratio 79) but no word in common: outside the stated bound, so not alike.
    texts = ["Review the assessment plan", "Reviews of assessments planned", "An unrelated sentence"]
    assert fuzz.ratio(ratio_key(texts[0]), ratio_key(texts[1])) >= SAME_RECOMMENDATION
    assert alike_pairs(texts, bounded=False) == [(0, 1)]
    assert alike_pairs(texts) == []
    assert alike_pairs([*texts, "Review the assessment plans"]) == [(0, 3)]


def test_progress_counts_actions_against_the_recommendations_in_scope(
    seed_db_copy: Path, tmp_path: Path
) -> None:
    from graph.plans.loader import import_plan
    from graph.plans.sheets import HEADER_ROW, write_plan_template
    from importers.action_plan import read_action_plan

    with writable_store(Settings(db=seed_db_copy, neo4j_uri=None)) as store:
        template = tmp_path / "template.xlsx"
        rows = write_plan_template(store, TORBAY, template)
        workbook = load_workbook(template)
        sheet = workbook["Action plan"]
        statuses = ["Complete", "On track", "Slipped"]
        for index, row in enumerate(range(HEADER_ROW + 1, HEADER_ROW + 1 + rows)):
            sheet.cell(row, 3, f"Deliver recommendation {sheet.cell(row, 1).value}")
            sheet.cell(row, 4, "DASS")
            sheet.cell(row, 5, "31/03/2025")
            sheet.cell(row, 6, statuses[index % 3])
        workbook.save(tmp_path / "plan.xlsx")
        import_plan(store, read_action_plan(tmp_path / "plan.xlsx", MAX_BYTES), TORBAY, by="test")

        brief = build_brief(store, region="South West", today=date(2025, 6, 1))

    progress = brief.progress
    assert progress.councils_with_plans == 1 and progress.councils_in_scope == 3
    assert progress.actions == rows == 7
    assert (progress.complete, progress.on_track, progress.overdue) == (3, 2, 4)
    assert "43% complete, 29% on track and 57% overdue" in render(brief, "md").decode()


# --- the API and the command line -----------------------------------------------------------------


@pytest.fixture(scope="module")
def client(store: GraphStore) -> Iterator[TestClient]:
    with app_client(store) as test_client:
        yield test_client


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_api_returns_each_format_with_its_media_type(client: TestClient, fmt: str) -> None:
    response = client.get("/briefs", params={"pattern": "key_person_dependency", "format": fmt})

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MEDIA_TYPES[fmt]  # type: ignore[index]
    assert response.headers["content-disposition"] == (
        f'attachment; filename="brief-key-person-dependency.{fmt}"'
    )
    assert len(response.content) > 2000


def test_the_api_links_to_the_public_url_and_anonymises(store: GraphStore) -> None:
    with app_client(store, public_url="https://peergraph.example.org/") as linked:
        plain = linked.get("/briefs", params={"theme": 3, "region": "South West", "format": "html"}).text
        anonymised = linked.get(
            "/briefs", params={"region": "South West", "anonymise": "true", "format": "html"}
        )

    assert 'href="https://peergraph.example.org/ui/reviews/' in plain
    assert "testserver" not in plain
    assert "Torbay" not in anonymised.text and "/ui/reviews/" not in anonymised.text
    assert "anonymised" in anonymised.headers["content-disposition"]


def test_the_api_without_a_public_url_cites_in_text_only(client: TestClient) -> None:
    page = client.get("/briefs", params={"theme": 3, "region": "South West", "format": "html"}).text

    assert "href=" not in page and "testserver" not in page
    assert "Torbay Council, June 2024" in page


# --- no links without a base URL --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_brief_without_a_base_url_has_no_links(unlinked: dict[str, Path], fmt: str) -> None:
    path = unlinked[fmt]
    text = {"docx": _docx_text, "pdf": _pdf_text}.get(fmt, lambda p: p.read_text("utf-8"))(path)

    if fmt == "html":
        assert "href=" not in text
    if fmt == "md":
        assert not re.search(r"\]\((?!data:image/png)", text)
    assert "/ui/reviews/" not in text
    assert "Somerset Council, March 2024" in _squash(text)
    if fmt == "pdf":
        with pikepdf.open(path) as pdf:
            assert all("/Annots" not in page.obj for page in pdf.pages)
    if fmt == "docx":
        document = docx.Document(str(path))
        assert not [rel for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 400),
        ({"pattern": "no_such_pattern"}, 404),
        ({"theme": 3, "format": "txt"}, 422),
        ({"theme": 9}, 422),
    ],
)
def test_the_api_answers_bad_requests_with_problems(
    client: TestClient, params: dict[str, str | int], status: int
) -> None:
    response = client.get("/briefs", params=params)

    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


def test_the_command_writes_a_brief(seed_db: Path, tmp_path: Path) -> None:
    db = copy_store(seed_db, tmp_path / "graph.lbug")
    app = typer.Typer()
    app.command()(brief_command)
    runner = CliRunner()

    done = runner.invoke(
        app,
        [
            "--db",
            str(db),
            "--pattern",
            "key_person_dependency",
            "--anonymise",
            "-o",
            str(tmp_path / "brief.docx"),
        ],
    )
    bad = runner.invoke(app, ["--db", str(db), "--theme", "3", "-o", str(tmp_path / "brief.txt")])

    assert done.exit_code == 0, done.output
    assert "(anonymised)" in done.output and (tmp_path / "brief.docx").stat().st_size > 2000
    assert bad.exit_code == 2
    assert bad.output.strip().startswith("peergraph: brief.txt:") and "\n" not in bad.output.strip()
