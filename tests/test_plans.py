"""Action plans end to end: template, import, history, overdue and slipped, export, idempotence.

Spreadsheets are made in the test with openpyxl from the real template peergraph writes for a
seed council, then filled in as a council officer would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph.plans.loader import import_plan
from graph.plans.sheets import HEADER_ROW, write_plan_export, write_plan_template
from graph.reads.actions import action, council_actions
from graph.store import GraphStore
from graph.store.stats import store_stats
from importers.action_plan import read_action_plan
from peergraph.core.settings import Settings
from tests.fixtures import MAX_BYTES, TORBAY, fill_template, writable_store

PEERGRAPH = str(Path(sys.executable).parent / "peergraph")


@pytest.fixture
def store(seed_db_copy: Path) -> Iterator[GraphStore]:
    with writable_store(Settings(db=seed_db_copy, neo4j_uri=None)) as opened:
        yield opened


def _import(store: GraphStore, path: Path) -> object:
    return import_plan(store, read_action_plan(path, MAX_BYTES), TORBAY, by="test")


def test_template_lists_the_summary_recommendations(store: GraphStore, tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    assert write_plan_template(store, TORBAY, template) == 7
    sheet = load_workbook(template)["Action plan"]
    assert sheet.cell(HEADER_ROW, 1).value == "Ref" and sheet.cell(HEADER_ROW + 1, 1).value == "R1"
    assert str(sheet.cell(HEADER_ROW + 1, 2).value).startswith("Alongside the role of the new S75")


def test_import_links_every_row_and_importing_again_changes_nothing(
    store: GraphStore, tmp_path: Path
) -> None:
    filled = fill_template(store, tmp_path, status="On track", due="Q3 2025/26", progress="Started")
    first = _import(store, filled)
    assert (first.created, first.linked, first.unlinked) == (7, 7, [])  # type: ignore[attr-defined]
    actions = council_actions(store, TORBAY, today=date(2025, 6, 1))
    assert {a.status for a in actions} == {"on_track"}
    assert {a.due_date for a in actions} == {"2025-12-31"}
    assert all(a.recommendation_id and a.link_method == "reference" for a in actions)
    assert all({"DASS", "Jane Smith"} <= set(a.owners) for a in actions)
    before = store_stats(store)
    again = _import(store, filled)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)  # type: ignore[attr-defined]
    assert store_stats(store).labels == before.labels


def test_a_later_plan_appends_history_and_shows_slippage(store: GraphStore, tmp_path: Path) -> None:
    _import(store, fill_template(store, tmp_path, status="On track", due="31/03/2025", progress="Started"))
    _import(
        store,
        fill_template(store, tmp_path, status="Slipped", due="30/09/2025", progress="Delayed by recruitment"),
    )
    actions = council_actions(store, TORBAY, today=date(2025, 10, 15))
    first = actions[0]
    assert [(u.seq, u.status, u.due_date) for u in first.history] == [
        (1, "on_track", "2025-03-31"),
        (2, "slipped", "2025-09-30"),
    ]
    assert first.slipped and first.overdue and first.status == "slipped"
    assert not council_actions(store, TORBAY, today=date(2025, 9, 1))[0].overdue


def test_template_filled_imported_exported_and_imported_again_is_idempotent(
    store: GraphStore, tmp_path: Path
) -> None:
    _import(store, fill_template(store, tmp_path, status="At risk", due="March 2026", progress="Scoping"))
    exported = tmp_path / "export.xlsx"
    assert write_plan_export(store, TORBAY, exported) == 7
    before = [a.model_dump() for a in council_actions(store, TORBAY)]
    result = _import(store, exported)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 7)  # type: ignore[attr-defined]
    assert [a.model_dump() for a in council_actions(store, TORBAY)] == before
    history = load_workbook(exported)["History"]
    assert history.cell(HEADER_ROW, 1).value == "peergraph row key" and history.max_row == HEADER_ROW + 7


def test_a_malformed_plan_loads_nothing_and_says_why(store: GraphStore, tmp_path: Path) -> None:
    bad = tmp_path / "plan.xlsx"
    bad.write_bytes(b"this is not a workbook")
    db = Path(store.location)
    store.close()
    done = subprocess.run(
        [PEERGRAPH, "import-plan", str(bad), "--council", TORBAY, "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "plan.xlsx" in done.stderr
    stats = json.loads(
        subprocess.run([PEERGRAPH, "stats", "--db", str(db), "--json"], capture_output=True, text=True).stdout
    )
    assert stats["action_items"] == 0


def test_cli_round_trip_and_unlinked_listing(store: GraphStore, tmp_path: Path) -> None:
    filled = fill_template(store, tmp_path, status="Complete", due="Q1 2025", progress="Done")
    workbook = load_workbook(filled)
    sheet = workbook["Action plan"]
    extra_row = sheet.max_row + 1
    sheet.cell(extra_row, 1, "N1")  # a new row of the council's own, matching no recommendation
    sheet.cell(extra_row, 2, "Refresh the carers' website pages")
    sheet.cell(extra_row, 3, "Rewrite the pages with carers")
    workbook.save(filled)
    db = Path(store.location)
    store.close()
    imported = subprocess.run(
        [PEERGRAPH, "import-plan", str(filled), "--council", TORBAY, "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr
    assert "8 actions added" in imported.stdout and "1 unlinked" in imported.stdout
    listing = subprocess.run(
        [PEERGRAPH, "link", "--council", TORBAY, "--db", str(db)], capture_output=True, text=True
    )
    assert "Rewrite the pages with carers" in listing.stdout
    exported = tmp_path / "out.xlsx"
    assert (
        subprocess.run(
            [PEERGRAPH, "export-plan", "--council", TORBAY, "-o", str(exported), "--db", str(db)],
            capture_output=True,
        ).returncode
        == 0
    )
    with writable_store(Settings(db=db, neo4j_uri=None)) as reopened:
        unlinked = next(a for a in council_actions(reopened, TORBAY) if not a.recommendation_id)
        target = next(a for a in council_actions(reopened, TORBAY) if a.recommendation_id)
    linked = subprocess.run(
        [PEERGRAPH, "link", unlinked.id, target.recommendation_id or "", "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert linked.returncode == 0, linked.stderr
    with writable_store(Settings(db=db, neo4j_uri=None)) as reopened:
        assert action(reopened, unlinked.id).link_method == "manual"
        import_plan(reopened, read_action_plan(filled, MAX_BYTES), TORBAY)
        assert action(reopened, unlinked.id).recommendation_id == target.recommendation_id, (
            "a manual link survives"
        )
