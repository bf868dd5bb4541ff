"""The store from the command line, as a user runs it: import, stats, query, export, restore.

These run the installed `peergraph` command in a subprocess against a real embedded store.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.reports.loader import LoadStatus, import_reports
from graph.store import open_store
from graph.store import queries as q
from graph.store.schema import MIGRATIONS, SCHEMA_VERSION, ensure_schema, stored_version
from importers.parser import parse_file
from peergraph.core.errors import StoreError
from peergraph.core.settings import Settings
from tests.fixtures import writable_store

PEERGRAPH = str(Path(sys.executable).parent / "peergraph")
MAX_BYTES = 50 * 1024 * 1024


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PEERGRAPH_DB"))}
    return subprocess.run(
        [PEERGRAPH, *args], capture_output=True, text=True, timeout=300, env={**environment, **(env or {})}
    )


@pytest.fixture(scope="module")
def seeded_db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "graph.lbug"
    done = run("import", str(seeds_dir), "--db", str(db))
    assert done.returncode == 0, done.stderr
    return db


def test_import_then_stats_match_the_parser(seeded_db: Path, seeds_dir: Path) -> None:
    stats = json.loads(run("stats", "--db", str(seeded_db), "--json").stdout)
    reports = [parse_file(path, MAX_BYTES) for path in sorted(seeds_dir.glob("*.txt"))]
    assert (stats["councils"], stats["regions"], stats["reviews"]) == (5, 3, 5)
    assert stats["findings"] == sum(len(r.findings) for r in reports)
    assert stats["recommendations"] == sum(len(r.recommendations) for r in reports)
    assert stats["action_items"] == 0


def test_importing_the_seeds_again_leaves_every_count_unchanged(seeded_db: Path, seeds_dir: Path) -> None:
    before = json.loads(run("stats", "--db", str(seeded_db), "--json").stdout)
    again = run("import", str(seeds_dir), "--db", str(seeded_db))
    after = json.loads(run("stats", "--db", str(seeded_db), "--json").stdout)
    assert again.returncode == 0
    assert again.stdout.count("unchanged") == 5
    assert {k: v for k, v in after.items() if k != "by_council"} == {
        k: v for k, v in before.items() if k != "by_council"
    }


def test_import_lists_bad_files_loads_the_good_and_exits_2(seeds_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    db = tmp_path / "graph.lbug"
    done = run("import", str(seeds_dir / "001_3ec9c2307a4b7fca.txt"), str(empty), "--db", str(db))
    assert done.returncode == 2
    assert "empty.txt" in done.stdout and "the file is empty" in done.stdout
    assert "Traceback" not in done.stderr
    assert json.loads(run("stats", "--db", str(db), "--json").stdout)["reviews"] == 1


def test_query_takes_parameters_and_is_read_only_without_write(seeded_db: Path) -> None:
    done = run(
        "query",
        "MATCH (c:Council)<-[:REVIEW_OF]-(v:Review) WHERE c.region = $region RETURN c.name AS name ORDER BY name",
        "--param",
        "region=South West",
        "--db",
        str(seeded_db),
    )
    names = [json.loads(line)["name"] for line in done.stdout.splitlines()]
    assert names == ["Gloucestershire County Council", "Somerset Council", "Torbay Council"]
    refused = run("query", "CREATE (:Region {code: 'X', name: 'Y'})", "--db", str(seeded_db))
    assert refused.returncode != 0
    assert len(refused.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("pool_mb", ["16", "32"])
def test_a_buffer_pool_capped_too_low_is_one_line_naming_the_setting(
    seeds_dir: Path, tmp_path: Path, pool_mb: str
) -> None:
    db = tmp_path / "graph.lbug"
    done = run(
        "import", str(seeds_dir / "001_3ec9c2307a4b7fca.txt"), "--db", str(db), "--no-tag",
        env={"PEERGRAPH_BUFFER_POOL_MB": pool_mb},
    )  # fmt: skip

    assert done.returncode == 3
    assert done.stderr.startswith(
        "peergraph: the embedded store's buffer pool is full: PEERGRAPH_BUFFER_POOL_MB"
    )
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    # Nothing half-written: the same import without the cap loads the report whole.
    again = run("import", str(seeds_dir / "001_3ec9c2307a4b7fca.txt"), "--db", str(db), "--no-tag")
    assert again.returncode == 0, again.stderr
    assert "loaded" in again.stdout
    assert json.loads(run("stats", "--db", str(db), "--json").stdout)["reviews"] == 1


def test_export_and_restore_round_trip(seeded_db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.jsonl"
    assert run("export", "--format", "jsonl", "-o", str(backup), "--db", str(seeded_db)).returncode == 0
    restored = tmp_path / "restored.lbug"
    done = run("restore", str(backup), "--db", str(restored))
    assert done.returncode == 0, done.stderr
    original = json.loads(run("stats", "--db", str(seeded_db), "--json").stdout)
    copy = json.loads(run("stats", "--db", str(restored), "--json").stdout)
    assert (copy["labels"], copy["relationships"]) == (original["labels"], original["relationships"])
    graphml = tmp_path / "graph.graphml"
    assert run("export", "--format", "graphml", "-o", str(graphml), "--db", str(seeded_db)).returncode == 0
    assert graphml.read_text(encoding="utf-8").startswith("<?xml")


def test_a_store_in_use_gets_a_clear_error(seeded_db: Path, tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, ladybug; db = ladybug.Database(sys.argv[1]); print('open', flush=True); time.sleep(30)",
            str(seeded_db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        done = run("tag", "--db", str(seeded_db))
        assert done.returncode == 3
        assert f"in use by pid {holder.pid}" in done.stderr
        # `serve` started while another process (an import, here a bare holder) has the store:
        # the same one line, no lifespan traceback
        served = run("serve", "--db", str(seeded_db), "--port", "0")
        assert served.returncode == 3, served.stderr
        assert f"in use by pid {holder.pid}" in served.stderr and served.stderr.count("\n") == 1, (
            served.stderr
        )
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_import_leaves_every_review_whole(seeds_dir: Path, tmp_path: Path) -> None:
    """SIGKILL a process that keeps rewriting reports; on reopen each review is complete or absent."""
    db = tmp_path / "graph.lbug"
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, itertools\n"
            "from pathlib import Path\n"
            "from graph.reports.loader import load_report\n"
            "from graph.store import open_store\n"
            "from importers.parser import parse_file\n"
            "from peergraph.core.settings import Settings\n"
            "reports = [parse_file(p, 10**8) for p in sorted(Path(sys.argv[2]).glob('*.txt'))]\n"
            "store = open_store(Settings(db=Path(sys.argv[1]), neo4j_uri=None))\n"
            "print('writing', flush=True)\n"
            "for report in itertools.cycle(reports):\n"
            "    load_report(store, report, force=True)\n",
            str(db),
            str(seeds_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
    time.sleep(1.5)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    expected = {
        report.council.id: (len(report.findings), len(report.recommendations))
        for report in (parse_file(path, MAX_BYTES) for path in sorted(seeds_dir.glob("*.txt")))
    }
    with writable_store(Settings(db=db, neo4j_uri=None)) as store:
        reviews = store.read(q.REVIEWS)
        assert reviews, "the writer loaded nothing before it was killed"
        for review in reviews:
            findings = len(store.read(q.REVIEW_FINDINGS, {"review_id": review["id"]}))
            recommendations = len(store.read(q.REVIEW_RECOMMENDATIONS, {"review_id": review["id"]}))
            assert (findings, recommendations) == expected[review["council_id"]], review["id"]


def test_a_file_already_loaded_is_recognised_by_its_bytes_without_parsing(
    seed_db_copy: Path, seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renamed = tmp_path / "somerset-copy.txt"
    renamed.write_bytes((seeds_dir / "002_d7ec74ae7fe5706d.txt").read_bytes())
    expected = parse_file(renamed, MAX_BYTES)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged file was parsed")

    monkeypatch.setattr("importers.parser.parse_file", no_parsing)
    with writable_store(Settings(db=seed_db_copy, neo4j_uri=None)) as store:
        [outcome] = import_reports(store, [renamed], MAX_BYTES).outcomes
    assert outcome.status is LoadStatus.UNCHANGED and outcome.source == "somerset-copy.txt"
    assert (outcome.council, outcome.findings, outcome.recommendations) == (
        expected.council.name,
        len(expected.findings),
        len(expected.recommendations),
    )


def test_force_parses_and_reloads_a_file_already_loaded(seed_db_copy: Path, seeds_dir: Path) -> None:
    with writable_store(Settings(db=seed_db_copy, neo4j_uri=None)) as store:
        [outcome] = import_reports(
            store, [seeds_dir / "002_d7ec74ae7fe5706d.txt"], MAX_BYTES, force=True
        ).outcomes
    assert outcome.status is LoadStatus.UPDATED


def test_an_older_schema_is_migrated_and_a_newer_one_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(db=tmp_path / "graph.lbug", neo4j_uri=None)
    with writable_store(settings) as store:
        assert stored_version(store) == SCHEMA_VERSION
        monkeypatch.setattr("graph.store.schema.SCHEMA_VERSION", SCHEMA_VERSION + 1)
        monkeypatch.setitem(
            MIGRATIONS,
            SCHEMA_VERSION + 1,
            lambda s, _settings: s.execute_ddl("ALTER TABLE Finding ADD reviewed BOOLEAN"),
        )
        assert ensure_schema(store, settings) == SCHEMA_VERSION + 1
        assert stored_version(store) == SCHEMA_VERSION + 1
        assert store.run_cypher("MATCH (f:Finding) RETURN f.reviewed AS r LIMIT 1") == []
    monkeypatch.setattr("graph.store.schema.SCHEMA_VERSION", SCHEMA_VERSION)
    with pytest.raises(StoreError, match="newer than this peergraph"):
        open_store(settings)


def test_a_store_made_by_an_earlier_build_gets_the_columns_it_lacks(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "graph.lbug"
    with writable_store(Settings(db=db, neo4j_uri=None)) as store:
        store.execute_ddl("ALTER TABLE Pattern DROP phrasings")
        store.execute_ddl("ALTER TABLE INSTANCE_OF DROP closest")
    read_only = run("patterns", "--db", str(db))
    assert read_only.returncode != 0 and "open it once for writing" in read_only.stderr, read_only.stderr
    done = run("import", str(seeds_dir / "002_d7ec74ae7fe5706d.txt"), "--db", str(db))
    assert done.returncode == 0, done.stderr
    with open_store(Settings(db=db, neo4j_uri=None), read_only=True) as store:
        assert store.run_cypher("MATCH (p:Pattern) WHERE p.phrasings IS NULL RETURN count(p) AS n") == [
            {"n": 0}
        ]
        closest = store.run_cypher(
            "MATCH ()-[t:INSTANCE_OF]->() WHERE t.closest IS NOT NULL RETURN count(t) AS n"
        )
        assert closest[0]["n"] > 0


def test_a_store_whose_column_has_another_type_is_refused_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "graph.lbug"
    with writable_store(Settings(db=db, neo4j_uri=None)) as store:
        store.execute_ddl("ALTER TABLE Finding DROP polarity")
        store.execute_ddl("ALTER TABLE Finding ADD polarity INT64")
    done = run("stats", "--db", str(db))
    assert done.returncode != 0
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "Finding.polarity of type INT64" in done.stderr and "Traceback" not in done.stderr


def test_import_tags_findings_with_patterns_unless_told_not_to(
    seeded_db: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    tagged = json.loads(run("stats", "--db", str(seeded_db), "--json").stdout)["relationships"]
    assert tagged["INSTANCE_OF"] > 100
    untagged_db = tmp_path / "graph.lbug"
    done = run("import", str(seeds_dir / "002_d7ec74ae7fe5706d.txt"), "--no-tag", "--db", str(untagged_db))
    assert done.returncode == 0, done.stderr
    untagged = json.loads(run("stats", "--db", str(untagged_db), "--json").stdout)["relationships"]
    assert untagged.get("INSTANCE_OF", 0) == 0
