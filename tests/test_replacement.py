"""A file for a review already stored replaces it only with proof (issue 20, case 1).

A truncated or damaged copy of a report has the same council and month as the real one, so it
is taken for a correction: these tests hold what must happen instead, on the Torbay seed with
an action plan linked to its recommendations.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph.plans.loader import import_plan
from graph.plans.sheets import HEADER_ROW, write_plan_template
from graph.reads.actions import council_actions
from graph.reports.loader import LoadStatus, load_report
from graph.reports.records import report_records
from graph.reports.replacement import is_part_of
from graph.store import GraphStore
from graph.store import queries as q
from importers.action_plan import read_action_plan
from importers.parser import parse_file
from peergraph.core.errors import ReplacementRefusedError
from peergraph.core.settings import Settings
from tests.fixtures import MAX_BYTES, writable_store

TORBAY = "E06000027"
TORBAY_FILE = "000_e35a0d42f35d5c45.txt"
PEERGRAPH = str(Path(sys.executable).parent / "peergraph")


@pytest.fixture
def store(seed_db_copy: Path, tmp_path: Path) -> Iterator[GraphStore]:
    """The seeds, with Torbay's plan filled in from the template and imported (every action linked)."""
    with writable_store(Settings(db=seed_db_copy, neo4j_uri=None)) as opened:
        template = tmp_path / "template.xlsx"
        rows = write_plan_template(opened, TORBAY, template)
        workbook = load_workbook(template)
        sheet = workbook["Action plan"]
        for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + rows):
            sheet.cell(row, 3, f"Deliver recommendation {sheet.cell(row, 1).value}")
        workbook.save(template)
        import_plan(opened, read_action_plan(template, MAX_BYTES), TORBAY, by="test")
        yield opened


def _torbay_review(store: GraphStore) -> str:
    return next(row["id"] for row in store.read(q.REVIEWS) if row["council_id"] == TORBAY)


def _counts(store: GraphStore) -> tuple[int, int]:
    size = store.read(q.REVIEW_SIZE, {"id": _torbay_review(store)})[0]
    return int(size["findings"]), int(size["recommendations"])


def _linked(store: GraphStore) -> int:
    return sum(1 for action in council_actions(store, TORBAY) if action.recommendation_id)


def _copy(tmp_path: Path, seeds_dir: Path, change: str) -> Path:
    lines = (seeds_dir / TORBAY_FILE).read_text(encoding="utf-8").splitlines()
    if change == "first quarter":
        lines = lines[: len(lines) // 4]
    elif change == "middle cut":
        lines = lines[: len(lines) // 3] + lines[2 * len(lines) // 3 :]
    elif change == "every line twice":
        lines = [line for line in lines for _ in (0, 1)]
    path = tmp_path / "good.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("change", ["first quarter", "middle cut"])
def test_a_truncated_copy_is_refused_and_changes_nothing(
    store: GraphStore, seeds_dir: Path, tmp_path: Path, change: str
) -> None:
    before, linked = _counts(store), _linked(store)
    assert linked > 0
    report = parse_file(_copy(tmp_path, seeds_dir, change), MAX_BYTES)
    with pytest.raises(
        ReplacementRefusedError, match=r"would replace review .* and lose \d+ of its \d+ findings"
    ):
        load_report(store, report)
    assert _counts(store) == before
    assert _linked(store) == linked


def test_a_copy_with_every_line_twice_keeps_one_of_each_finding(
    store: GraphStore, seeds_dir: Path, tmp_path: Path
) -> None:
    before = _counts(store)
    outcome = load_report(store, parse_file(_copy(tmp_path, seeds_dir, "every line twice"), MAX_BYTES))
    assert outcome.status is LoadStatus.UPDATED
    assert _counts(store) == before


def test_import_says_what_would_be_lost_and_replace_forces_it(
    store: GraphStore, seeds_dir: Path, tmp_path: Path
) -> None:
    db = Path(store.location)
    truncated = _copy(tmp_path, seeds_dir, "first quarter")
    store.close()
    refused = subprocess.run(
        [PEERGRAPH, "import", str(truncated), "--db", str(db)], capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "would replace review" in refused.stdout and "--replace" in refused.stdout, refused.stdout
    forced = subprocess.run(
        [PEERGRAPH, "import", str(truncated), "--replace", "--db", str(db)], capture_output=True, text=True
    )
    assert forced.returncode == 0, forced.stderr
    assert "updated" in forced.stdout


def test_a_reworded_recommendation_keeps_its_actions(
    store: GraphStore, seeds_dir: Path, tmp_path: Path
) -> None:
    review = _torbay_review(store)
    linked = {a.recommendation_id for a in council_actions(store, TORBAY) if a.recommendation_id}
    target = store.read(q.RECOMMENDATION_BY_ID, {"id": sorted(linked)[0]})[0]
    text = (seeds_dir / TORBAY_FILE).read_text(encoding="utf-8")
    words = target["text"].split()
    reworded = " ".join([*words[:-1], "promptly " + words[-1]])
    assert target["text"] in text
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(text.replace(target["text"], reworded, 1), encoding="utf-8")
    assert load_report(store, parse_file(corrected, MAX_BYTES)).status is LoadStatus.UPDATED
    now = {a.recommendation_id for a in council_actions(store, TORBAY) if a.recommendation_id}
    assert len(now) == len(linked) and target["id"] not in now
    moved = (now - linked).pop()
    assert store.read(q.RECOMMENDATION_BY_ID, {"id": moved})[0]["text"] == reworded
    assert moved.startswith(review)


def test_part_of_means_shorter_and_made_of_the_stored_lines() -> None:
    stored = "\n".join(f"Paragraph number {n} of the stored report." for n in range(100))
    assert is_part_of("\n".join(stored.splitlines()[:40]), stored)
    assert not is_part_of(stored, stored)
    assert not is_part_of("\n".join(f"Another report, line {n}." for n in range(40)), stored)


def test_the_same_file_read_again_by_a_newer_parser_is_not_taken_for_a_damaged_copy(
    store: GraphStore, seeds_dir: Path, tmp_path: Path
) -> None:
    """`import --force` after an upgrade: the stored reading of these bytes found more, the new one
    fewer; the same bytes are no truncated copy, so the new reading replaces the old one."""
    shorter = _copy(tmp_path, seeds_dir, "first quarter")
    fuller_reading = parse_file(seeds_dir / TORBAY_FILE, MAX_BYTES)
    shorter_reading = parse_file(shorter, MAX_BYTES)
    as_if_older_parser = fuller_reading.model_copy(update={"source_sha256": shorter_reading.source_sha256})
    assert load_report(store, as_if_older_parser, force=True).status is LoadStatus.UPDATED
    assert _counts(store)[0] > 2 * len(shorter_reading.findings)

    assert load_report(store, shorter_reading, force=True).status is LoadStatus.UPDATED
    assert _counts(store)[0] == len(report_records(shorter_reading).findings)
