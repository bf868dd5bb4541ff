"""A tagged import of many files: parsed and tagged in a child process, then loaded here, with the
store giving back its memory every few reports (graph/reports/bulk.py). The same graph as
importing them in one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.reports import bulk
from graph.reports.loader import LoadStatus
from graph.store import GraphStore, embedded, open_store
from graph.store import queries as q
from graph.store.stats import store_stats
from peergraph.core.settings import Settings
from tests.fixtures import writable_store


def _tags(store: GraphStore) -> set[tuple[str, str, float]]:
    rows = store.read(q.TAG_CELLS, {"region": None})
    return {(row["item_id"], row["pattern_id"], round(row["score"], 5)) for row in rows}


def _threads(store: GraphStore) -> str:
    (row,) = store.run_cypher("CALL current_setting('threads') RETURN *", write=True)
    return str(next(iter(row.values())))


@pytest.fixture
def apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Five seeds are enough to go to a child process, and to give memory back twice."""
    monkeypatch.setattr(bulk, "APART_FROM", 2)
    monkeypatch.setattr(bulk, "RELEASE_EVERY", 2)


def test_tagged_apart_the_graph_is_the_one_a_single_process_builds(
    apart: None, seeds_dir: Path, seed_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted(seeds_dir.glob("*.txt"))
    settings = Settings(db=tmp_path / "graph.lbug", neo4j_uri=None)
    tagged: list[tuple[str, int, int]] = []
    loaded: list[str] = []
    threads: list[str] = []  # the database's threads as each file loads (EmbeddedStore.loading_in_bulk)
    pools: list[int] = []  # the buffer pool each opening of the database asked for
    opened_with = embedded.ladybug.Database

    class RecordedDatabase(opened_with):  # type: ignore[misc,valid-type]
        def __init__(self, *args: object, **options: object) -> None:
            pools.append(int(options["buffer_pool_size"]))  # type: ignore[call-overload]
            super().__init__(*args, **options)

    monkeypatch.setattr(embedded.ladybug, "Database", RecordedDatabase)

    def on_file(path: Path, _: object) -> None:
        loaded.append(path.name)
        threads.append(_threads(store))

    with writable_store(settings) as store:
        default_threads = _threads(store)
        summary = bulk.import_files(
            store,
            files,
            settings,
            on_file=on_file,
            on_tagged=lambda path, done, total: tagged.append((path.name, done, total)),
        )
        assert [o.status for o in summary.outcomes] == [LoadStatus.LOADED] * len(files)
        assert tagged == [(path.name, n, len(files)) for n, path in enumerate(files, 1)]
        assert loaded == [path.name for path in files]
        assert threads == ["1"] * len(files)
        assert _threads(store) == default_threads
        # Opened, reopened to load (and every two reports), reopened after: LadybugDB's pool, then a cap
        assert pools[0] == 0 and pools[-1] == 0
        assert set(pools[1:-1]) == {embedded.LOADING_POOL_MB * embedded.MB} and len(pools) >= 5
        apart_tags, apart_stats = _tags(store), store_stats(store)
    with open_store(Settings(db=seed_db, neo4j_uri=None), read_only=True) as reference:
        assert apart_tags == _tags(reference) and apart_tags
        assert apart_stats.labels == store_stats(reference).labels


def test_a_bad_file_is_skipped_with_its_reason_and_the_rest_load(
    apart: None, seeds_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in sorted(seeds_dir.glob("*.txt"))[:2]:
        shutil.copy(path, folder / path.name)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    first = sorted(folder.glob("*.txt"))[0]
    shutil.copy(first, folder / f"zz-copy-of-{first.name}")
    files = sorted(folder.iterdir())
    settings = Settings(db=tmp_path / "graph.lbug", neo4j_uri=None)
    with writable_store(settings) as store:
        summary = bulk.import_files(store, files, settings)
        by_name = {o.source: o for o in summary.outcomes}
        assert by_name["empty.txt"].status is LoadStatus.SKIPPED and by_name["empty.txt"].reason
        assert sum(o.status is LoadStatus.LOADED for o in summary.outcomes) == 2
        assert by_name[f"zz-copy-of-{first.name}"].status is LoadStatus.UNCHANGED  # the same bytes, once
        assert len(store.read(q.REVIEWS)) == 2

        again = bulk.import_files(store, files, settings)
        assert [o.status for o in again.outcomes if o.source != "empty.txt"] == [LoadStatus.UNCHANGED] * 3


def test_a_store_that_gave_back_its_memory_reads_and_writes_as_before(seed_db_copy: Path) -> None:
    from graph.reads import reviews

    with writable_store(Settings(db=seed_db_copy, neo4j_uri=None)) as store:
        before = reviews.regions(store)
        generation = store.generation
        store.release_memory()
        assert reviews.regions(store) == before
        store.write(lambda tx: tx.run(q.SCHEMA_VERSION_SET, {"value": "2"}))
        assert store.generation == generation + 1
        assert store.read(q.SCHEMA_VERSION_GET)[0]["value"] == "2"
