"""Restore is a merge that never moves the store backwards (issue 20, case 4)."""

from __future__ import annotations

from pathlib import Path

from graph.plans.loader import import_plan
from graph.reads.actions import council_actions
from graph.reports.loader import import_reports
from graph.store.backup import export_jsonl, restore_jsonl
from importers.action_plan import read_action_plan
from importers.councils import councils_for
from peergraph.core.settings import Settings
from peergraph.examples import EXAMPLES
from tests.fixtures import MAX_BYTES, WESTMOOR, writable_store


def _state(store: object) -> list[tuple[str, str | None, int, int]]:
    return sorted((a.id, a.status, a.version, len(a.history)) for a in council_actions(store, WESTMOOR))  # type: ignore[arg-type]


def test_restoring_an_older_backup_never_sets_an_action_back(tmp_path: Path) -> None:
    with writable_store(Settings(db=tmp_path / "graph.lbug", neo4j_uri=None)) as store:
        import_reports(store, [EXAMPLES / "westmoor.md"], MAX_BYTES, councils_for([EXAMPLES]))
        import_plan(store, read_action_plan(EXAMPLES / "plans" / "westmoor-2025-06.csv", MAX_BYTES), WESTMOOR)
        backup = tmp_path / "june.jsonl"
        with backup.open("w", encoding="utf-8") as handle:
            export_jsonl(store, handle)
        june = _state(store)
        import_plan(store, read_action_plan(EXAMPLES / "plans" / "westmoor-2025-10.csv", MAX_BYTES), WESTMOOR)
        october = _state(store)
        assert october != june and any(version > 1 for _, _, version, _ in october)

        restore_jsonl(store, backup)

        assert _state(store) == october
