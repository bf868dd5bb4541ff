"""Restore is a merge that never moves the store backwards (issue 20, case 4), in one
transaction or in the batches Neo4j needs (issue 15)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from graph.plans.loader import import_plan
from graph.reads.actions import council_actions
from graph.reports.loader import import_reports
from graph.store import GraphStore
from graph.store.backup import export_jsonl, restore_jsonl
from graph.store.stats import store_stats
from importers.action_plan import read_action_plan
from importers.councils import councils_for
from peergraph.core.settings import Settings
from peergraph.examples import EXAMPLES
from tests.fixtures import MAX_BYTES, WESTMOOR, writable_store
from tests.neo4j_server import BACKENDS, backend_settings


def _state(store: object) -> list[tuple[str, str | None, int, int]]:
    return sorted((a.id, a.status, a.version, len(a.history)) for a in council_actions(store, WESTMOOR))  # type: ignore[arg-type]


def _counts(store: GraphStore) -> tuple[dict[str, int], dict[str, int]]:
    stats = store_stats(store)
    return {k: v for k, v in stats.labels.items() if k != "Meta"}, dict(stats.relationships)


@pytest.fixture
def westmoor_backup(tmp_path: Path) -> tuple[Path, tuple[dict[str, int], dict[str, int]]]:
    """A backup of Westmoor's report and June plan, and the counts of the store it came from."""
    with writable_store(Settings(db=tmp_path / "source.lbug", neo4j_uri=None)) as store:
        import_reports(store, [EXAMPLES / "westmoor.md"], MAX_BYTES, councils_for([EXAMPLES]))
        import_plan(store, read_action_plan(EXAMPLES / "plans" / "westmoor-2025-06.csv", MAX_BYTES), WESTMOOR)
        backup = tmp_path / "westmoor.jsonl"
        with backup.open("w", encoding="utf-8") as handle:
            export_jsonl(store, handle)
        return backup, _counts(store)


@pytest.fixture(params=BACKENDS)
def empty_store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return backend_settings(request, tmp_path / "target")


@pytest.mark.parametrize("rows_per_write", [None, 7])
def test_a_restore_in_batches_gives_the_same_graph_as_one_transaction(
    rows_per_write: int | None,
    westmoor_backup: tuple[Path, tuple[dict[str, int], dict[str, int]]],
    empty_store_settings: Settings,
) -> None:
    backup, source_counts = westmoor_backup
    calls: list[tuple[int, int]] = []
    with writable_store(empty_store_settings) as store:
        store.rows_per_write = rows_per_write
        nodes, rels = restore_jsonl(store, backup, lambda done, total: calls.append((done, total)))
        restore_jsonl(store, backup)  # twice changes nothing
        assert _counts(store) == source_counts
    total = nodes + rels
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})  # only ever forward
    assert calls[-1] == (total, total)
    assert all(whole == total for _, whole in calls)
    if rows_per_write is None:
        assert len(calls) == 1
    else:
        steps = [later - earlier for earlier, later in itertools.pairwise([0, *(done for done, _ in calls)])]
        assert max(steps) <= rows_per_write
        assert len(calls) >= total / rows_per_write


def test_restoring_an_older_backup_never_sets_an_action_back(tmp_path: Path) -> None:
    with writable_store(Settings(db=tmp_path / "graph.lbug", neo4j_uri=None)) as store:
        store.rows_per_write = 5  # as Neo4j writes it: many transactions
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
