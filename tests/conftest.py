"""Shared fixtures: where the reference reports live, and small helpers to build real inputs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser_helpers import browser, site  # noqa: F401  (module fixtures of the browser tests)
from tests.fixtures import MAX_BYTES, PROJECT, LiveServer, copy_store, writable_store
from tests.neo4j_server import (  # noqa: F401  (session fixtures: a real Neo4j 5; its timings hook)
    neo4j_server,
    pytest_terminal_summary,
    seed_backup,
)
from tests.web_site import web_site  # noqa: F401  (module fixture: a served store with an account per role)

if TYPE_CHECKING:
    from graph.store import GraphStore

# A served app works out candidate patterns when it starts. Hundreds of apps start in a test run,
# each would run discovery on two cores; tests/test_candidates_background.py turns it back on.
os.environ.setdefault("PEERGRAPH_PRECOMPUTE_CANDIDATES", "false")
# Likewise each would build a search index and read every council page; tests/test_warming.py warms.
os.environ.setdefault("PEERGRAPH_WARM_READS", "false")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five reference reports, kept outside the repo (PEERGRAPH_SEEDS, default ../shared/seeds)."""
    folder = Path(os.environ.get("PEERGRAPH_SEEDS") or PROJECT.parent / "shared" / "seeds")
    if not any(folder.glob("*.txt")):
        pytest.skip(f"reference reports not found in {folder} (set PEERGRAPH_SEEDS)")
    return folder


@pytest.fixture(scope="session")
def seed_db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed embedded store holding the five seeds, tagged with patterns, built once per session.

    Copy it (`copy_store`, or the `seed_db_copy` fixture) to change it.
    """
    from graph.patterns.tags import tagger_for
    from graph.reports.loader import import_reports
    from peergraph.core.settings import Settings

    path = tmp_path_factory.mktemp("seed-db") / "graph.lbug"
    settings = Settings(db=path, neo4j_uri=None)
    with writable_store(settings) as store:
        summary = import_reports(
            store, sorted(seeds_dir.glob("*.txt")), MAX_BYTES, tagger=tagger_for(store, settings)
        )
    assert not summary.failed, summary.failed
    return path


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed embedded store of the fictional examples (reports, CQC results, Westmoor's two plans),
    tagged, built once per session. Small and in the repo: stores, API and pages tests use it.
    """
    from tests.fixtures import build_example_store

    return build_example_store(tmp_path_factory.mktemp("example-db") / "graph.lbug")


@pytest.fixture
def example_db_copy(example_db: Path, tmp_path: Path) -> Path:
    """A private copy of the example store, for tests that write."""
    return copy_store(example_db, tmp_path / "graph.lbug")


@pytest.fixture
def seed_db_copy(seed_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded store, for tests that write."""
    return copy_store(seed_db, tmp_path / "graph.lbug")


@pytest.fixture
def seed_store(seed_db_copy: Path) -> Iterator[GraphStore]:
    """A private copy of the seeded store, open for writing."""
    from peergraph.core.settings import Settings

    with writable_store(Settings(db=seed_db_copy, neo4j_uri=None)) as opened:
        yield opened


@pytest.fixture(scope="module")
def live_server(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real uvicorn server on loopback over a copy of the seeded store, with an admin key."""
    import subprocess
    import sys

    db = copy_store(seed_db, tmp_path_factory.mktemp("live") / "graph.lbug")
    created = subprocess.run(
        [
            str(Path(sys.executable).parent / "peergraph"),
            "keys",
            "create",
            "--role",
            "admin",
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    server = LiveServer(db)
    server.admin_key = created.stdout.strip()
    yield server
    server.stop()
