"""The same report published as a web page, a Word file and a PDF parses as its plain text does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from importers.blocks import BlockKind, Document
from importers.formats import read_document
from importers.model import Report
from importers.parser import parse_file
from importers.text import read_text
from tests.renderers import (
    RUNNING_FOOTER,
    RUNNING_HEADER,
    render_docx,
    render_html,
    render_pdf,
    render_typed_pdf,
)

MAX_BYTES = 50 * 1024 * 1024
SEEDS = ["000", "001", "002", "003", "004"]
# Rendering name -> (file suffix and expected Document.format, renderer).
RENDERERS: dict[str, tuple[str, Callable[[Document, Path], Path]]] = {
    "html": ("html", render_html),
    "docx": ("docx", render_docx),
    "pdf": ("pdf", render_pdf),
    "typed-pdf": ("pdf", render_typed_pdf),
}
MIN_FINDINGS_KEPT = 0.95


def finding_key(text: str) -> str:
    """How findings are matched across formats: first 60 characters, lower-case, plain spacing."""
    return " ".join(text.replace("**", "").lower().split())[:60]


class Reports:
    """Seed reports parsed from text and from each rendering, each made once per test session."""

    def __init__(self, seeds_dir: Path, folder: Path) -> None:
        self.seeds_dir = seeds_dir
        self.folder = folder
        self._cache: dict[tuple[str, str], Report] = {}

    def seed_path(self, seed: str) -> Path:
        found = sorted(self.seeds_dir.glob(f"{seed}_*.txt"))
        if not found:
            pytest.skip(f"seed {seed} not found in {self.seeds_dir}")
        return found[0]

    def path(self, seed: str, format: str) -> Path:
        """The seed's text file, or its rendering in a format (made on first use)."""
        source = self.seed_path(seed)
        if format == "text":
            return source
        suffix, render = RENDERERS[format]
        path = self.folder / f"{source.stem}.{format}.{suffix}"
        if not path.exists():
            render(read_text(source, MAX_BYTES), path)
        return path

    def get(self, seed: str, format: str) -> Report:
        key = (seed, format)
        if key not in self._cache:
            self._cache[key] = parse_file(self.path(seed, format), MAX_BYTES)
        return self._cache[key]


@pytest.fixture(scope="session")
def reports(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Reports:
    return Reports(seeds_dir, tmp_path_factory.mktemp("rendered"))


CASES = [(seed, format) for seed in SEEDS for format in RENDERERS]
IDS = [f"{seed}-{format}" for seed, format in CASES]


@pytest.mark.parametrize(("seed", "format"), CASES, ids=IDS)
def test_same_council_date_and_peer_team(reports: Reports, seed: str, format: str) -> None:
    text, rendered = reports.get(seed, "text"), reports.get(seed, format)
    assert rendered.format == RENDERERS[format][0]
    assert rendered.council.id == text.council.id
    assert rendered.report_date == text.report_date
    assert [m.name for m in rendered.peer_team] == [m.name for m in text.peer_team]


@pytest.mark.parametrize(("seed", "format"), CASES, ids=IDS)
def test_findings_survive_the_format(reports: Reports, seed: str, format: str) -> None:
    text, rendered = reports.get(seed, "text"), reports.get(seed, format)
    wanted = [finding_key(f.text) for f in text.findings]
    found = {finding_key(f.text) for f in rendered.findings}
    missing = [key for key in wanted if key not in found]
    assert wanted
    assert 1 - len(missing) / len(wanted) >= MIN_FINDINGS_KEPT, missing[:5]


@pytest.mark.parametrize(("seed", "format"), CASES, ids=IDS)
def test_every_span_cuts_its_text_out_of_the_report(reports: Reports, seed: str, format: str) -> None:
    report = reports.get(seed, format)
    items = [(f.span, f.text) for f in report.findings] + [(r.span, r.text) for r in report.recommendations]
    assert items
    for (start, end), text in items:
        assert report.text[start:end] == text


@pytest.mark.parametrize(("seed", "format"), CASES, ids=IDS)
def test_no_site_or_page_furniture_reaches_the_text(reports: Reports, seed: str, format: str) -> None:
    text, rendered = reports.get(seed, "text").text, reports.get(seed, format).text
    for furniture in (RUNNING_FOOTER, RUNNING_HEADER, "Skip to main content", "cookies", "Share this", "©"):
        assert rendered.count(furniture) == text.count(furniture), furniture


# Seeds with nested lists (000) and a table and many list items (003).
BLOCK_CASES = [(seed, format) for seed, format in CASES if seed in ("000", "003")]


@pytest.mark.parametrize(("seed", "format"), BLOCK_CASES, ids=[f"{s}-{f}" for s, f in BLOCK_CASES])
def test_list_items_and_depths_survive(reports: Reports, seed: str, format: str) -> None:
    """Below the parser: the reader rebuilds the same list items, at the same depths."""
    text = read_document(reports.path(seed, "text"), MAX_BYTES)
    rendered = read_document(reports.path(seed, format), MAX_BYTES)

    def items(document: Document) -> list[tuple[int, str]]:
        return [(b.level, finding_key(b.text)) for b in document.blocks if b.kind is BlockKind.LIST_ITEM]

    assert items(rendered) == items(text)
