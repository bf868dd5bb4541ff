"""Learning briefs on the five seeds: three scopes, four formats, every quote checked against its source.

The briefs are built once per module over a copy of the seeded store and written in every
format; the tests then read the files back as a user's tools would (python-docx, pdftoppm,
pypdf) and check headings, quotes, citations, anonymity and self-containment.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import docx
import pytest
import typer
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from graph.reads import reviews as reads
from graph.store import GraphStore, open_store
from importers.councils import load_councils
from peergraph.cli.brief import brief_command
from peergraph.core.errors import BadRequestError, NotFoundError, PeergraphError
from peergraph.core.settings import Settings
from tests.fixtures import MAX_BYTES, app_client, copy_store, writable_store
from viz.briefs import FORMATS, MEDIA_TYPES, Brief, build_brief, render, write_brief
from viz.briefs.anonymise import Anonymiser
from viz.briefs.docx import CITATION

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


# --- DOCX -------------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", SCOPES)
def test_docx_has_real_headings_quotes_citations_and_links(
    files: dict[tuple[str, bool, str], Path], briefs: dict[tuple[str, bool], Brief], scope: str
) -> None:
    brief = briefs[scope, False]
    document = docx.Document(str(files[scope, False, "docx"]))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name if paragraph.style else "", []).append(paragraph.text)
    links = {rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")}

    assert by_style["Title"] == [brief.title]
    assert {
        "Where it shows",
        "Good practice to learn from",
        "Recommendations most often made",
        "Action-plan progress",
        "Reports quoted",
    } <= set(by_style["Heading 1"])
    assert {"Areas for development", "Strengths"} <= set(by_style["Heading 2"])
    assert by_style["Quote"] == [q.shown for q in brief.quotes()]
    citations = by_style[CITATION]
    for quote in brief.quotes():
        assert any(c.startswith(f"[{quote.number}] {quote.cited_as}") for c in citations)
        assert quote.link in links
    assert len(document.inline_shapes) == 1  # the chart


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
    text = _squash(" ".join(page.extract_text() or "" for page in reader.pages))
    bookmarks = {str(getattr(entry, "title", "")) for entry in _flatten(reader.outline)}

    assert {"Where it shows", "Good practice to learn from", "Recommendations most often made"} <= bookmarks
    assert reader.metadata is not None and reader.metadata.title == brief.title
    for quote in brief.quotes():
        assert _squash(quote.shown) in text
        assert _squash(f"[{quote.number}] {quote.cited_as}") in text


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
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) & <b>bold</b>"
    section = brief.sections[0]
    quote = section.development[0].model_copy(update={"shown": hostile, "section_label": "<img src=x>"})
    tampered = brief.model_copy(
        update={"title": "<i>t</i>", "sections": [section.model_copy(update={"development": [quote]})]}
    )

    page = render(tampered, "html").decode()
    markdown = render(tampered, "md").decode()

    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x>" not in page and "<i>t</i>" not in page
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "[x](javascript:" not in markdown and "\\[x\\](javascript:" in markdown


def test_markdown_embeds_the_chart_and_its_numbers(files: dict[tuple[str, bool, str], Path]) -> None:
    text = files["pattern", False, "md"].read_text("utf-8")

    assert "](data:image/png;base64," in text
    assert "| South West | 8 | 0 | 3 |" in text


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


def test_the_api_links_to_its_own_ui_and_anonymises(client: TestClient) -> None:
    plain = client.get("/briefs", params={"theme": 3, "region": "South West", "format": "html"}).text
    anonymised = client.get("/briefs", params={"region": "South West", "anonymise": "true", "format": "html"})

    assert 'href="http://testserver/ui/reviews/' in plain
    assert "Torbay" not in anonymised.text and "/ui/reviews/" not in anonymised.text
    assert "anonymised" in anonymised.headers["content-disposition"]


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
