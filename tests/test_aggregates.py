"""Pattern aggregates are kept per data version: the same answer as computing afresh, and fresh after a change."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from graph.patterns.tags import decide
from graph.reads import patterns as pattern_reads
from graph.store import open_store
from graph.store import queries as q
from peergraph.core.settings import Settings
from tests.neo4j_server import Neo4jServer


def test_cached_aggregates_equal_fresh_ones_and_follow_curation(seed_db_copy: Path) -> None:
    with open_store(Settings(db=seed_db_copy, neo4j_uri=None)) as store:
        matrix = pattern_reads.pattern_matrix(store, "region", "instances")
        assert matrix == pattern_reads._pattern_matrix(store, "region", "instances")
        assert pattern_reads.pattern_matrix(store, "region", "instances") == matrix
        overview = pattern_reads.patterns_overview(store)
        assert overview == pattern_reads._patterns_overview(store, None)
        assert pattern_reads.council_similarities(store, 5) == pattern_reads._council_similarities(store, 5)
        assert pattern_reads.pattern_pairs(store, 5) == pattern_reads._pattern_pairs(store, 5)

        busiest = overview[0]
        tagged = pattern_reads.tag_rows(store, pattern=busiest.id)[0]
        row = matrix.rows.index(busiest.id)
        column = matrix.columns.index(tagged["region"])
        before = matrix.cells[row][column]
        decide(store, tagged["item_id"], busiest.id, "reject", "test")

        after = pattern_reads.pattern_matrix(store, "region", "instances")
        assert after == pattern_reads._pattern_matrix(store, "region", "instances")
        assert after.cells[after.rows.index(busiest.id)][after.columns.index(tagged["region"])] == before - 1
        assert next(p for p in pattern_reads.patterns_overview(store) if p.id == busiest.id).instances == (
            busiest.instances - 1
        )


def test_a_cached_answer_is_a_private_copy(seed_db: Path) -> None:
    with open_store(Settings(db=seed_db, neo4j_uri=None), read_only=True) as store:
        first = pattern_reads.pattern_matrix(store)
        first.cells[0][0] += 1000
        assert pattern_reads.pattern_matrix(store).cells[0][0] == first.cells[0][0] - 1000


def test_the_text_index_follows_a_write_to_a_writable_store(seed_db_copy: Path) -> None:
    from graph.reads import reviews

    with open_store(Settings(db=seed_db_copy, neo4j_uri=None)) as store:
        assert reviews.findings(store, q_text="zebra crossing").items == []
        target = reviews.findings(store, limit=1).items[0].id
        store.run_cypher(
            "MATCH (x:Finding) WHERE x.id = $id SET x.text = x.text + ' Zebra crossing.'",
            {"id": target},
            write=True,
        )
        assert [f.id for f in reviews.findings(store, q_text="zebra crossing").items] == [target]


def test_a_kept_council_read_follows_a_change_of_action_status(example_db_copy: Path) -> None:
    from graph.plans.actions import change_action
    from graph.reads import reviews
    from graph.reads.actions import council_actions
    from tests.fixtures import WESTMOOR

    with open_store(Settings(db=example_db_copy, neo4j_uri=None)) as store:
        before = reviews.council(store, WESTMOOR)
        assert reviews.council(store, WESTMOOR) == before == reviews._council(store, WESTMOOR)
        action = next(
            a for a in council_actions(store, WESTMOOR) if a.status != "complete" and a.recommendation_id
        )
        change_action(store, action.id, action.version, status="complete", by="test")

        after = reviews.council(store, WESTMOOR)
        assert after == reviews._council(store, WESTMOOR)
        changed = next(r for r in after.recommendations if r.id == action.recommendation_id)
        was = next(r for r in before.recommendations if r.id == changed.id)
        assert changed.action_status.get("complete", 0) == was.action_status.get("complete", 0) + 1


def test_kept_pages_and_traces_follow_a_change_of_action_status(example_db_copy: Path) -> None:
    """An owner's page, a recommendation's trace and a council's actions are kept too, and show an
    edited status at once."""
    from graph.plans.actions import change_action
    from graph.reads import reviews
    from graph.reads.actions import council_actions
    from tests.fixtures import WESTMOOR

    with open_store(Settings(db=example_db_copy, neo4j_uri=None)) as store:
        action = next(
            a for a in council_actions(store, WESTMOOR) if a.status != "complete" and a.recommendation_id
        )
        owner = reviews.trace(store, action.recommendation_id).owners[0].id
        pages = {"council": {"council": WESTMOOR, "limit": 200}, "owner": {"owner": owner, "limit": 200}}
        before = {name: reviews.recommendations(store, **arguments) for name, arguments in pages.items()}
        trace_before = reviews.trace(store, action.recommendation_id)
        assert reviews.trace(store, action.recommendation_id) == trace_before
        change_action(store, action.id, action.version, status="complete", by="test")

        for name, arguments in pages.items():
            page = reviews.recommendations(store, **arguments)
            assert page == reviews.recommendations.__wrapped__(store, **arguments), name
            changed = next(r for r in page.items if r.id == action.recommendation_id)
            was = next(r for r in before[name].items if r.id == changed.id)
            assert changed.action_status.get("complete", 0) == was.action_status.get("complete", 0) + 1
        trace = reviews.trace(store, action.recommendation_id)
        assert trace == reviews.trace.__wrapped__(store, action.recommendation_id) != trace_before
        edited = next(a for a in council_actions(store, WESTMOOR) if a.id == action.id)
        assert (edited.status, edited.version) == ("complete", action.version + 1)
        assert next(a for a in trace.actions if a.id == action.id).status == "complete"


def test_a_kept_trace_says_what_is_overdue_today(
    example_db_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trace is kept for the day it was read: the next day, an action due in between is overdue."""
    import datetime

    from graph.reads import actions, aggregates, reviews
    from tests.fixtures import WESTMOOR

    with open_store(Settings(db=example_db_copy, neo4j_uri=None)) as store:
        due = next(
            a
            for a in actions.council_actions(store, WESTMOOR)
            if a.due_date and a.recommendation_id and a.status not in actions.DONE
        )
        due_on = datetime.date.fromisoformat(due.due_date)

        def read_on(day: datetime.date) -> bool:
            today = type("FixedDate", (datetime.date,), {"today": classmethod(lambda cls: day)})
            monkeypatch.setattr(actions, "date", today)
            monkeypatch.setattr(aggregates, "date", today)
            trace = reviews.trace(store, due.recommendation_id)
            return next(a for a in trace.actions if a.id == due.id).overdue

        assert read_on(due_on) is False
        assert read_on(due_on + datetime.timedelta(days=1)) is True


def test_a_store_opened_again_does_not_see_the_last_one_s_kept_reads(seed_db: Path, tmp_path: Path) -> None:
    """Each store object keeps its own reads: a store opened later at the same place counts its
    writes from 0 again, so a kept read keyed by place and count would be stale."""
    from graph.reads import aggregates
    from tests.fixtures import copy_store

    db = tmp_path / "graph.lbug"
    copy_store(seed_db, db)
    with open_store(Settings(db=db, neo4j_uri=None)) as store:
        pattern_reads.pattern_matrix(store)
        assert store in aggregates._entries
    del store
    import gc

    gc.collect()
    assert not any(s.location == str(db) for s in list(aggregates._entries.keys()))


def test_one_aggregate_s_many_entries_do_not_push_out_another_s(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.reads import aggregates, reviews

    monkeypatch.setattr(reviews, "COUNCILS_KEPT", 8)  # the seeds' councils are fewer than the real bound
    with open_store(Settings(db=seed_db, neo4j_uri=None)) as store:
        matrix = pattern_reads.pattern_matrix(store)
        councils = [c.id for c in reviews.councils(store, reviewed=False, limit=200).items]
        assert len(councils) > reviews.COUNCILS_KEPT
        for council in councils:
            reviews.council(store, council)
        kept = aggregates._entries[store]
        assert len(kept["council"]) == reviews.COUNCILS_KEPT
        assert pickle.loads(next(iter(kept["pattern_matrix"].values()))[1]) == matrix


def test_kept_regions_and_owners_follow_an_import(seed_db_copy: Path) -> None:
    from graph.reads import reviews
    from graph.reports.loader import import_reports, report_files
    from importers.councils import councils_for
    from peergraph.examples import EXAMPLES
    from tests.fixtures import MAX_BYTES

    with open_store(Settings(db=seed_db_copy, neo4j_uri=None)) as store:
        regions, owners = reviews.regions(store), reviews.owners(store)
        assert reviews.regions(store) == regions and reviews.owners(store) == owners
        summary = import_reports(store, list(report_files([EXAMPLES])), MAX_BYTES, councils_for([EXAMPLES]))
        assert not summary.failed and summary.outcomes

        fresh_regions = [reviews.Region(**row) for row in store.read(q.REGIONS_SUMMARY)]
        fresh_owners = [reviews.OwnerOut(**row) for row in store.read(q.OWNERS_SUMMARY)]
        assert reviews.regions(store) == fresh_regions != regions
        assert reviews.owners(store) == fresh_owners != owners
        assert reviews.owner(store, fresh_owners[0].id) == fresh_owners[0]


def test_a_kept_read_asked_with_its_defaults_spelled_out_or_left_out_is_worked_out_once(
    seed_db: Path,
) -> None:
    from graph.reads import reviews
    from tests.test_warming import CountedReads

    with open_store(Settings(db=seed_db, neo4j_uri=None)) as store:
        page = reviews.recommendations(store, owner="DASS")
        counted = CountedReads(store)
        # As GET /recommendations?owner=DASS asks it: every filter, and the page's size
        spelled_out = reviews.recommendations(
            store, owner="DASS", council=None, region=None, status=None, source=None, firm=None,
            theme=None, q_text=None, limit=50, cursor=None,
        )  # fmt: skip
        assert spelled_out == page and page.items
        assert counted.names == []
        reviews.recommendations(store, owner="DASS", limit=49)
        assert counted.names, "another size of page is another read"


@pytest.mark.neo4j
def test_kept_regions_on_neo4j_follow_another_process_s_import(
    neo4j_server: Neo4jServer, seeds_dir: Path, tmp_path: Path
) -> None:
    """On Neo4j another process may import; the counting version (DATA_VERSION) sees it."""
    from graph.reads import reviews
    from graph.reports.loader import import_reports, report_files
    from graph.reports.reference import seed_reference_data
    from tests.fixtures import MAX_BYTES

    neo4j_server.wipe()
    first = sorted(report_files([seeds_dir]))
    settings = neo4j_server.settings(tmp_path / "unused.lbug", tag_on_import=False)
    with open_store(settings) as server:
        seed_reference_data(server, settings)
        with open_store(settings) as other:
            import_reports(other, first[:1], MAX_BYTES)
            before = reviews.regions(server)
            import_reports(other, first[1:], MAX_BYTES)
        after = reviews.regions(server)
        assert after == [reviews.Region(**row) for row in server.read(q.REGIONS_SUMMARY)] != before
        assert sum(r.reviews for r in after) == len(first) > sum(r.reviews for r in before)


@pytest.mark.neo4j
def test_a_kept_council_on_neo4j_follows_another_process_s_action_edits(
    neo4j_server: Neo4jServer, seed_db: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """A council page is kept on Neo4j too: every write through peergraph is counted in the database,
    so a status edit or a link by hand in another process, which adds no node a count would see, is
    seen; and a wiped database's count never meets an earlier one's."""
    from graph.plans.actions import change_action, link_action
    from graph.reads import actions, reviews
    from graph.store.backup import export_jsonl, restore_jsonl
    from tests.fixtures import WESTMOOR, examples_db

    backup = tmp_path / "examples.jsonl"
    source = Settings(db=examples_db(seed_db, tmp_path_factory), neo4j_uri=None)
    with open_store(source, read_only=True) as store, backup.open("w", encoding="utf-8") as out:
        export_jsonl(store, out)
    neo4j_server.wipe()
    settings = neo4j_server.settings(tmp_path / "unused.lbug")
    with open_store(settings) as server, open_store(settings) as other:
        restore_jsonl(other, backup)
        kept = reviews.council(server, WESTMOOR)
        linked = next(a for a in actions.council_actions(other, WESTMOOR) if a.recommendation_id)
        status = "complete" if linked.status != "complete" else "at_risk"
        change_action(other, linked.id, linked.version, status=status, by="test")
        edited = reviews.council(server, WESTMOOR)
        assert edited == reviews._council(server, WESTMOOR) != kept
        counts = next(r.action_status for r in edited.recommendations if r.id == linked.recommendation_id)
        assert counts.get(status, 0) == 1 + next(
            r.action_status for r in kept.recommendations if r.id == linked.recommendation_id
        ).get(status, 0)

        other_recommendation = next(r.id for r in edited.recommendations if r.id != linked.recommendation_id)
        link_action(other, linked.id, other_recommendation)
        relinked = reviews.council(server, WESTMOOR)
        assert relinked == reviews._council(server, WESTMOOR) != edited

        neo4j_server.wipe()
        restore_jsonl(other, backup)
        assert reviews.council(server, WESTMOOR) == reviews._council(server, WESTMOOR) == kept


def test_a_kept_cqc_section_follows_a_cqc_import(seed_db_copy: Path, tmp_path: Path) -> None:
    """A council page's CQC section is kept until the data changes: none before its council's
    assessment is imported, the assessment at once after, as a fresh read gives it."""
    from graph.cqc.loader import cqc_files, import_cqc_files
    from graph.cqc.reads import assessed_council_cqc
    from tests.fixtures import MAX_BYTES, TORBAY, Assessment, summary_text

    folder = tmp_path / "cqc"
    folder.mkdir()
    (folder / "torbay.txt").write_text(summary_text(Assessment("Torbay Council", published="1 May 2024")))
    with open_store(Settings(db=seed_db_copy, neo4j_uri=None)) as store:
        assert assessed_council_cqc(store, TORBAY) is None
        assert assessed_council_cqc(store, TORBAY) is None
        import_cqc_files(store, cqc_files([folder]), MAX_BYTES)
        after = assessed_council_cqc(store, TORBAY)
        assert after is not None and after == assessed_council_cqc.__wrapped__(store, TORBAY)
        assert after.assessment is not None and after.assessment.rating == "Good"


@pytest.mark.neo4j
def test_a_request_on_neo4j_reads_the_data_version_once_and_again_after_a_write(
    neo4j_server: Neo4jServer, seed_backup: Path, tmp_path: Path
) -> None:
    """A council page's kept reads (the council, its actions, its CQC section) share one version
    query per request, where each asked Neo4j before; a write through the store reads it anew."""
    from graph.reads.aggregates import data_version, one_data_version
    from graph.store.backup import restore_jsonl
    from tests.fixtures import TORBAY, app_client

    neo4j_server.wipe()
    settings = neo4j_server.settings(tmp_path / "unused.lbug")
    with open_store(settings) as store, open_store(settings) as other:
        restore_jsonl(other, seed_backup)
        asked: list[str] = []
        read = store.read

        def counted(query: q.Query, params: Any = None) -> Any:
            asked.append(query.name)
            return read(query, params)

        store.read = counted  # type: ignore[method-assign]
        with app_client(store) as client:
            for _ in range(2):
                assert client.get(f"/ui/councils/{TORBAY}").status_code == 200
        assert asked.count("neo4j_version") == 2
        assert asked.count("council_by_id") == 1  # the second request found the page's reads kept

        with one_data_version():
            first = data_version(store)
            assert data_version(store) == first
            store.write(lambda tx: None)
            assert data_version(store) != first
        assert asked.count("neo4j_version") == 4
