"""The graph store contract, run on both backends: schema, loader, named queries, backups.

Neo4j is the test server from tests/neo4j_server.py, or your own at NEO4J_URI (these tests empty
that database first, so point it at a throwaway one).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import graph.cqc.queries  # noqa: F401  (registers the CQC queries, so every named query is run)
from graph.reports.loader import LoadStatus, import_reports, load_report
from graph.store import GraphStore, open_store
from graph.store import queries as q
from graph.store.backup import export_graphml, export_jsonl, restore_jsonl
from graph.store.schema import SCHEMA_VERSION, stored_version
from graph.store.stats import store_stats
from importers.model import Report
from importers.parser import parse_file
from peergraph.core.errors import InputFileError, StoreError, UserQueryError
from peergraph.core.settings import Settings
from tests.fixtures import query_examples, writable_store
from tests.neo4j_server import BACKENDS, backend_settings

MAX_BYTES = 50 * 1024 * 1024


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    with writable_store(backend_settings(request, tmp_path)) as opened:
        yield opened


@pytest.fixture(scope="module")
def seed_reports(seeds_dir: Path) -> list[Report]:
    return [parse_file(path, MAX_BYTES) for path in sorted(seeds_dir.glob("*.txt"))]


def _totals(store: GraphStore) -> dict[str, int]:
    return store_stats(store).totals


def test_a_new_store_has_the_schema_version_and_reference_data(store: GraphStore) -> None:
    assert stored_version(store) == SCHEMA_VERSION
    labels = store_stats(store).labels
    assert (labels["Region"], labels["Council"], labels["Theme"], labels["QualityStatement"]) == (
        9,
        153,
        4,
        9,
    )
    somerset = store.run_cypher(
        "MATCH (c:Council {id: $id})-[:IN_REGION]->(r:Region) RETURN c.name AS name, r.name AS region",
        {"id": "E06000066"},
    )
    assert somerset == [{"name": "Somerset Council", "region": "South West"}]


def test_seeds_load_with_counts_equal_to_the_parser(store: GraphStore, seed_reports: list[Report]) -> None:
    outcomes = [load_report(store, report) for report in seed_reports]
    assert {o.status for o in outcomes} == {LoadStatus.LOADED}
    totals = _totals(store)
    assert (totals["councils"], totals["regions"], totals["reviews"]) == (5, 3, 5)
    assert totals["findings"] == sum(len(r.findings) for r in seed_reports)
    assert totals["recommendations"] == sum(len(r.recommendations) for r in seed_reports)


def test_importing_again_changes_nothing(store: GraphStore, seed_reports: list[Report]) -> None:
    for report in seed_reports:
        load_report(store, report)
    before = store_stats(store)
    again = [load_report(store, report) for report in seed_reports]
    after = store_stats(store)
    assert {o.status for o in again} == {LoadStatus.UNCHANGED}
    assert (after.labels, after.relationships, after.totals) == (
        before.labels,
        before.relationships,
        before.totals,
    )
    forced = [load_report(store, report, force=True) for report in seed_reports]
    assert {o.status for o in forced} == {LoadStatus.UPDATED}
    assert store_stats(store).relationships == before.relationships


def test_a_corrected_report_replaces_its_findings(store: GraphStore, seed_reports: list[Report]) -> None:
    torbay = next(r for r in seed_reports if r.council.name == "Torbay Council")
    load_report(store, torbay)
    kept, dropped = torbay.findings[0], torbay.findings[-1]
    last = len(torbay.findings) - 1
    corrected = torbay.model_copy(
        update={
            "source_sha256": "0" * 64,
            "findings": [f for f in torbay.findings if f is not dropped],
            "recommendations": [
                r for r in torbay.recommendations if r.finding != last and last not in r.addresses
            ],
        }
    )
    outcome = load_report(store, corrected)
    assert outcome.status is LoadStatus.UPDATED
    texts = {row["text"] for row in store.read(q.REVIEW_FINDINGS, {"review_id": outcome.review_id})}
    assert kept.text in texts and dropped.text not in texts
    assert _totals(store)["findings"] == len(torbay.findings) - 1
    assert _totals(store)["recommendations"] == len(corrected.recommendations)


def test_a_failure_part_way_leaves_no_trace(store: GraphStore, seed_reports: list[Report]) -> None:
    before = store_stats(store)

    def half_then_fail(tx: object) -> None:
        tx.run(q.MERGE_REGIONS, {"rows": [{"code": "E99999999", "name": "Nowhere"}]})  # type: ignore[attr-defined]
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        store.write(half_then_fail)
    assert store_stats(store).labels == before.labels


def test_import_reports_skips_bad_files_and_loads_the_good(
    store: GraphStore, seeds_dir: Path, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"\x00\x01binary")
    summary = import_reports(store, [seeds_dir / "000_e35a0d42f35d5c45.txt", junk], MAX_BYTES)
    statuses = [(o.source, o.status) for o in summary.outcomes]
    assert statuses == [("000_e35a0d42f35d5c45.txt", LoadStatus.LOADED), ("junk.pdf", LoadStatus.SKIPPED)]
    assert summary.failed[0].reason
    assert _totals(store)["reviews"] == 1


def test_review_queries_return_items_with_spans(store: GraphStore, seed_reports: list[Report]) -> None:
    somerset = next(r for r in seed_reports if r.council.name == "Somerset Council")
    review_id = load_report(store, somerset).review_id
    findings = store.read(q.REVIEW_FINDINGS, {"review_id": review_id})
    assert [f["text"] for f in findings] == [f.text for f in somerset.findings]
    assert all(somerset.text[f["span_start"] : f["span_end"]] == f["text"] for f in findings)
    recommendations = store.read(q.REVIEW_RECOMMENDATIONS, {"review_id": review_id})
    assert [r["text"] for r in recommendations] == [r.text for r in somerset.recommendations]
    inline = next(r for r in recommendations if r["source"] == "inline")
    assert inline["findings"] and inline["findings"][0] in {f["id"] for f in findings}


def test_user_queries_are_read_only_unless_asked(store: GraphStore, tmp_path: Path) -> None:
    rows = store.run_cypher("MATCH (r:Region) WHERE r.name = $name RETURN r.code AS code", {"name": "London"})
    assert rows == [{"code": "E12000007"}]
    with pytest.raises(UserQueryError):
        store.run_cypher("MATCH (r:Region RETURN r")


def test_embedded_read_only_store_refuses_writes(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "graph.lbug", neo4j_uri=None)
    open_store(settings).close()
    with open_store(settings, read_only=True) as reader, pytest.raises((UserQueryError, StoreError)):
        reader.run_cypher("CREATE (:Region {code: 'X', name: 'Y'})")


def test_export_then_restore_gives_the_same_graph(
    store: GraphStore, seed_reports: list[Report], tmp_path: Path
) -> None:
    for report in seed_reports[:2]:
        load_report(store, report)
    backup = tmp_path / "backup.jsonl"
    with backup.open("w", encoding="utf-8") as handle:
        written = export_jsonl(store, handle)
    before = store_stats(store)
    with writable_store(Settings(db=tmp_path / "restored.lbug", neo4j_uri=None)) as restored:
        restore_jsonl(restored, backup)
        restore_jsonl(restored, backup)  # twice changes nothing
        after = store_stats(restored)
    assert written == sum(before.labels.values()) - before.labels.get("Meta", 0) + sum(
        before.relationships.values()
    )
    assert {k: v for k, v in after.labels.items() if k != "Meta"} == {
        k: v for k, v in before.labels.items() if k != "Meta"
    }
    assert after.relationships == before.relationships
    graphml = tmp_path / "graph.graphml"
    export_graphml(store, graphml)
    assert graphml.read_text(encoding="utf-8").count("<node ") == sum(
        before.labels.values()
    ) - before.labels.get("Meta", 0)


def test_restore_refuses_a_file_that_is_not_a_backup(store: GraphStore, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"hello": 1}) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"bad\.jsonl"):
        restore_jsonl(store, bad)


class _RollBack(Exception):
    """Raised to undo a write query run only to prove it runs."""


@pytest.fixture(params=BACKENDS)
def torbay_store(
    request: pytest.FixtureRequest, tmp_path: Path, seed_reports: list[Report]
) -> Iterator[tuple[GraphStore, Report]]:
    torbay = next(r for r in seed_reports if r.council.name == "Torbay Council")
    with writable_store(backend_settings(request, tmp_path)) as opened:
        load_report(opened, torbay)
        yield opened, torbay


def test_every_named_query_runs(torbay_store: tuple[GraphStore, Report]) -> None:
    store, torbay = torbay_store
    examples = query_examples(store, torbay)
    assert set(q.QUERIES) <= set(examples), f"no example parameters for {set(q.QUERIES) - set(examples)}"
    before = store_stats(store)
    for name, query in sorted(q.QUERIES.items()):
        if query.only is not None and query.only != store.backend:
            continue
        if not query.writes:
            assert isinstance(store.read(query, examples[name]), list), name
            continue

        def run_then_undo(
            tx: object, query: q.Query = query, params: dict[str, object] = examples[name]
        ) -> None:
            tx.run(query, params)  # type: ignore[attr-defined]
            raise _RollBack

        with pytest.raises(_RollBack):
            store.write(run_then_undo)
    after = store_stats(store)
    assert (after.labels, after.relationships) == (before.labels, before.relationships)


def test_per_council_counts_match_each_report(store: GraphStore, seed_reports: list[Report]) -> None:
    for report in seed_reports:
        load_report(store, report)
    rows = {row["id"]: row for row in store.read(q.REVIEWED_BY_COUNCIL)}
    for report in seed_reports:
        row = rows[report.council.id]
        assert (row["reviews"], row["findings"], row["recommendations"]) == (
            1,
            len(report.findings),
            len(report.recommendations),
        )
    regions = {row["region"]: row for row in store.read(q.REVIEWED_BY_REGION)}
    assert (regions["South West"]["councils"], regions["South West"]["reviews"]) == (3, 3)
    assert regions["South West"]["findings"] == sum(
        len(r.findings) for r in seed_reports if r.council.region == "South West"
    )
