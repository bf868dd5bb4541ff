"""The server works out its search index and council pages ahead, and again when the data changes
(api/warming.py): after a warm-up, a council page or a search reads nothing from the store."""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.warming import Warmer
from graph.reads import reviews
from graph.reads.actions import council_actions
from graph.reads.models import OwnerOut
from graph.reads.plans import PAGE_QUERIES, filter_shapes
from graph.reads.search import SearchIndex
from graph.store import GraphStore, Params, Row, open_store
from graph.store import queries as q
from graph.store.backup import restore_jsonl
from graph.store.queries import Query
from peergraph.core.settings import Settings
from tests.fixtures import LiveServer
from tests.neo4j_server import Neo4jServer
from viz.pages import reviewed_councils


class CountedReads:
    """The names of the queries a store runs while it is wrapped."""

    def __init__(self, store: GraphStore) -> None:
        self.names: list[str] = []
        self._read = store.read

        def read(query: Query, params: Params | None = None) -> list[Row]:
            self.names.append(query.name)
            return self._read(query, params)

        store.read = read  # type: ignore[method-assign]


def assigned_owners(store: GraphStore) -> list[OwnerOut]:
    """The owners recommendations are assigned to, the ones whose pages the warm-up works out."""
    return [o for o in reviews.owners(store) if o.recommendations or o.suggestions]


def wait_until(test: Any, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not test():
        assert time.monotonic() < deadline, "the warmer did not finish"
        time.sleep(0.05)


@pytest.fixture
def store(seed_db_copy: Path) -> Iterator[GraphStore]:
    with open_store(Settings(db=seed_db_copy, neo4j_uri=None)) as opened:
        yield opened


def test_after_a_warm_up_council_pages_and_search_read_nothing_and_a_change_warms_again(
    store: GraphStore,
) -> None:
    index = SearchIndex()
    warmer = Warmer(store, index, check_every=0.05)
    warmer.start()
    try:
        wait_until(lambda: warmer.status.state == "ready")
        councils = [council.id for council in reviewed_councils(store)]
        assert len(councils) == 5 and warmer.status.councils == 5
        assert warmer.status.plans == 0, "the embedded store keeps no plans: nothing to plan ahead"
        counted = CountedReads(store)
        for council_id in councils:
            reviews.council(store, council_id)
            council_actions(store, council_id)
        index.search(store, "carers")
        # Nothing but the one small query a search asks to know its index is current
        assert set(counted.names) <= {q.DATA_VERSION.name}, "a warmed council page or search read the store"

        # A change to the data: the kept reads are stale, and the warmer works them out again
        before = store.generation
        store.run_cypher("MATCH (c:Council {id: $id}) SET c.name = 'Renamed Council'", {"id": councils[0]},
                         write=True)  # fmt: skip
        assert store.generation != before
        wait_until(lambda: sum(name == q.COUNCIL_BY_ID.name for name in counted.names) >= 5)
        wait_until(lambda: warmer.status.state == "ready")
        counted.names.clear()
        assert reviews.council(store, councils[0]).council.name == "Renamed Council"
        assert [hit.id for hit in index.search(store, "carers")]
        assert set(counted.names) <= {q.DATA_VERSION.name}
    finally:
        warmer.stop()


def test_after_a_warm_up_every_owner_s_recommendations_read_nothing(store: GraphStore) -> None:
    from api.routes.items import list_recommendations
    from api.routes.reference import owner_recommendations as owner_route
    from viz.pages import owner_recommendations

    warmer = Warmer(store, SearchIndex(), check_every=30)
    warmer.start()
    try:
        wait_until(lambda: warmer.status.state == "ready")
        owners = assigned_owners(store)
        assert len(owners) > 5 and warmer.status.owners == len(owners)
        counted = CountedReads(store)
        for owner in owners:
            # As the routes ask them: GET /recommendations?owner=<name> (every filter spelled out),
            # /owners/{id}/recommendations, and the web page /ui/owners/{id}
            by_name = list_recommendations(store, None, owner=owner.name)
            by_id = owner_route(store, None, owner.id)
            standing, suggestions = owner_recommendations(store, owner.id)
            assert by_name == by_id
            assert not {r.id for r in standing.items} & {r.id for r in suggestions.items}
        assert counted.names == [], "a warmed owner's recommendations read the store"
        assert any(owner_recommendations(store, owner.id)[0].items for owner in owners)
    finally:
        warmer.stop()


def test_the_warm_up_leaves_out_the_people_action_plans_name(example_db_copy: Path) -> None:
    """They own actions, not recommendations: a page each would be empty, and they may be thousands."""
    with open_store(Settings(db=example_db_copy, neo4j_uri=None)) as store:
        people = [o for o in reviews.owners(store) if o.kind == "person"]
        assert people and not any(o.recommendations or o.suggestions for o in people)
        warmer = Warmer(store, SearchIndex(), check_every=30)
        warmer.start()
        try:
            wait_until(lambda: warmer.status.state == "ready")
            assert warmer.status.owners == len(assigned_owners(store)) > 5
        finally:
            warmer.stop()


def test_a_warmer_stops_when_asked(store: GraphStore) -> None:
    warmer = Warmer(store, SearchIndex(), check_every=30)
    warmer.start()
    wait_until(lambda: warmer.status.state == "ready")
    started = time.monotonic()
    warmer.stop()
    assert time.monotonic() - started < 5


def test_health_says_when_the_server_s_warm_up_is_done(seed_db_copy: Path) -> None:
    server = LiveServer(seed_db_copy, env={"PEERGRAPH_WARM_READS": "true"})
    try:

        def warming() -> dict[str, Any]:
            answer = httpx.get(f"{server.url}/health", timeout=10)
            assert answer.status_code == 200
            return answer.json()["warming"]  # type: ignore[no-any-return]

        wait_until(lambda: warming()["state"] == "ready")
        assert warming()["councils"] == 5 and warming()["error"] is None
        owners = httpx.get(f"{server.url}/owners", timeout=10).json()
        assigned = [o for o in owners if o["recommendations"] or o["suggestions"]]
        assert warming()["owners"] == len(assigned) > 5
    finally:
        server.stop()


def test_health_says_the_server_does_not_warm_when_told_not_to(seed_db_copy: Path) -> None:
    server = LiveServer(seed_db_copy, env={"PEERGRAPH_WARM_READS": "false"})
    try:
        answer = httpx.get(f"{server.url}/health", timeout=10)
    finally:
        server.stop()
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "warming": None}


@pytest.fixture
def neo4j_store(neo4j_server: Neo4jServer, seed_backup: Path, tmp_path: Path) -> Iterator[GraphStore]:
    """The tests' Neo4j holding the five seeds, and nothing else."""
    neo4j_server.wipe()
    with open_store(neo4j_server.settings(tmp_path / "unused.lbug")) as opened:
        restore_jsonl(opened, seed_backup)
        yield opened


def page_query_runs(reads: CountedReads) -> int:
    """How many of the reads were of the page queries the warm-up plans."""
    return sum(reads.names.count(page.query.name) for page in PAGE_QUERIES)


def owner_page_runs(store: GraphStore) -> int:
    """The page-query runs of one warm-up's owner pages, beside its plans: each owner's four pages
    (api/warming.py) read their keys once each."""
    return 4 * len(assigned_owners(store))


@pytest.mark.neo4j
def test_on_neo4j_a_warmed_council_page_or_search_reads_only_the_data_version(
    neo4j_store: GraphStore,
) -> None:
    """With 20 of the filter combinations (all 512 take the tests' Neo4j over a minute to plan:
    `pytest -m slow tests/test_warming.py` runs them all)."""
    store = neo4j_store
    index = SearchIndex()
    during = CountedReads(store)
    warmer = Warmer(store, index, check_every=60, plans=lambda store: islice(filter_shapes(store), 20))
    warmer.start()
    try:
        wait_until(lambda: warmer.status.state == "ready")
        assert warmer.status.councils == 5
        # One version read for the whole warm-up (three per council without one_data_version)
        assert during.names.count(q.NEO4J_VERSION.name) == 1
        # The filter combinations it is given, each run once on Neo4j (tests/test_filter_plans.py)
        assert warmer.status.plans == 20
        assert page_query_runs(during) == 20 + owner_page_runs(store)
        counted = CountedReads(store)
        for council_id in [council.id for council in reviewed_councils(store)]:
            reviews.council(store, council_id)
            council_actions(store, council_id)
        index.search(store, "carers")
        counted.names = [name for name in counted.names if name != q.COUNCILS_PAGE.name]
        assert set(counted.names) == {q.NEO4J_VERSION.name, q.DATA_VERSION.name}
    finally:
        warmer.stop()


@pytest.mark.neo4j
def test_on_neo4j_only_the_first_warm_up_plans_the_filters(neo4j_store: GraphStore) -> None:
    """Neo4j keeps its plans: a warm-up after a change works out the kept reads but plans nothing."""
    store = neo4j_store
    during = CountedReads(store)
    warmer = Warmer(
        store, SearchIndex(), check_every=0.2, plans=lambda store: islice(filter_shapes(store), 5)
    )
    warmer.start()
    try:
        wait_until(lambda: warmer.status.state == "ready")
        council_id = reviewed_councils(store)[0].id
        store.run_cypher("MATCH (c:Council {id: $id}) SET c.name = 'Renamed Council'", {"id": council_id},
                         write=True)  # fmt: skip
        wait_until(lambda: reviews.council(store, council_id).council.name == "Renamed Council")
        wait_until(lambda: during.names.count(q.COUNCIL_BY_ID.name) >= 10 and warmer.status.state == "ready")
        assert warmer.status.plans == 5
        assert page_query_runs(during) == 5 + 2 * owner_page_runs(store), "two warm-ups, one planning"
    finally:
        warmer.stop()


@pytest.mark.neo4j
@pytest.mark.slow
def test_on_neo4j_the_warm_up_runs_every_combination_of_the_page_filters(neo4j_store: GraphStore) -> None:
    store = neo4j_store
    during = CountedReads(store)
    warmer = Warmer(store, SearchIndex(), check_every=600)
    warmer.start()
    try:
        wait_until(lambda: warmer.status.state != "warming", seconds=600)
        assert warmer.status.state == "ready", warmer.status.error
        shapes = sum(2 ** len(page.filters) for page in PAGE_QUERIES)
        assert warmer.status.plans == shapes == 512
        assert page_query_runs(during) == shapes + owner_page_runs(store)
    finally:
        warmer.stop()


def test_an_action_s_new_status_keeps_the_search_index_and_an_import_rebuilds_it(
    example_db_copy: Path, seeds_dir: Path
) -> None:
    """The index follows what it searches (graph/reads/search.py `items_version`), not every write:
    rebuilding it for an action edit cost 6-10 s at 500 reports."""
    from graph.plans.actions import change_action
    from graph.reports.loader import import_reports, report_files
    from importers.councils import councils_for
    from tests.fixtures import MAX_BYTES, WESTMOOR

    with open_store(Settings(db=example_db_copy, neo4j_uri=None)) as store:
        index = SearchIndex()
        index.warm(store)
        counted = CountedReads(store)
        action = next(a for a in council_actions(store, WESTMOOR) if a.status != "complete")
        change_action(store, action.id, action.version, status="complete", by="test")
        index.warm(store)
        assert q.SEARCHABLE_ITEMS.name not in counted.names

        seed = sorted(seeds_dir.glob("*.txt"))[0]
        summary = import_reports(store, list(report_files([seed])), MAX_BYTES, councils_for([seed]))
        assert not summary.failed
        index.warm(store)
        assert counted.names.count(q.SEARCHABLE_ITEMS.name) == 1
