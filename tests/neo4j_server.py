"""A real Neo4j 5 for the tests: the Community kernel and Bolt server built by `make neo4j`.

The `neo4j_server` session fixture starts it once per test run on a free loopback port, with a
throwaway data folder and a random password, and stops it at the end; the launcher also stops
when its standard input closes, so a test run that dies does not leave a JVM behind. With
NEO4J_URI set (`make test-neo4j` against your own server) the tests use that server instead, and
empty it before each test. `BACKENDS` parametrises a test over both stores; `seeded_settings`
gives either one holding the five tagged seeds.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from peergraph.core.settings import Settings
from tools.neo4j.launcher import LaunchedNeo4j, Neo4jUnavailable, build

BACKENDS = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]
"""Parametrise a fixture with these and call `backend_settings(request, folder)` in it."""


@dataclass(frozen=True)
class Neo4jServer:
    uri: str
    user: str
    password: str
    database: str | None = None

    def settings(self, db: Path, **overrides: object) -> Settings:
        """Settings that open this server (`db` is the unused embedded path)."""
        return Settings(
            db=db,
            neo4j_uri=self.uri,
            neo4j_user=self.user,
            neo4j_password=self.password,
            neo4j_database=self.database,
            **overrides,  # type: ignore[arg-type]
        )

    def wipe(self) -> None:
        """Delete every node and relationship (constraints and indexes stay)."""
        from neo4j import GraphDatabase

        with GraphDatabase.driver(self.uri, auth=(self.user, self.password)) as driver:
            driver.execute_query("MATCH (n) DETACH DELETE n", database_=self.database)


TIMINGS: dict[str, float] = {}
"""Seconds this run's test server took to build (make neo4j), start and stop."""


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line at the end of the run: what the test server cost (conftest imports this hook)."""
    if TIMINGS:
        figures = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in TIMINGS.items())
        terminalreporter.write_line(f"Neo4j test server: {figures}")


def _user_server() -> Neo4jServer | None:
    settings = Settings()
    if not settings.neo4j_uri:
        return None
    return Neo4jServer(
        settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database
    )


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """Your server at NEO4J_URI if set, else a fresh Neo4j 5 started for this test run."""
    own = _user_server()
    if own is not None:
        yield own
        return
    building = time.monotonic()
    try:
        build()
    except Neo4jUnavailable as reason:
        pytest.skip(str(reason))
    TIMINGS["build"] = time.monotonic() - building
    launched = LaunchedNeo4j(tmp_path_factory.mktemp("neo4j"))
    TIMINGS["start"] = launched.start_seconds
    try:
        yield Neo4jServer(launched.uri, "neo4j", launched.password)
    finally:
        stopping = time.monotonic()
        launched.stop()
        TIMINGS["stop"] = time.monotonic() - stopping


@pytest.fixture(scope="session")
def seed_backup(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's seeded embedded store as a jsonl backup, to restore into Neo4j per test."""
    from graph.store import open_store
    from graph.store.backup import export_jsonl

    backup = tmp_path_factory.mktemp("seed-backup") / "seeds.jsonl"
    seeded = Settings(db=seed_db, neo4j_uri=None)
    with open_store(seeded, read_only=True) as store, backup.open("w", encoding="utf-8") as handle:
        export_jsonl(store, handle)
    return backup


def seeded_settings(request: pytest.FixtureRequest, folder: Path) -> Settings:
    """The five tagged seeds in `request.param`'s backend: a private embedded copy, or an emptied
    Neo4j with the same graph restored into it (tests/test_backend_parity.py shows they agree)."""
    from graph.store import open_store
    from graph.store.backup import restore_jsonl
    from tests.fixtures import copy_store

    if request.param == "embedded":
        return Settings(
            db=copy_store(request.getfixturevalue("seed_db"), folder / "graph.lbug"), neo4j_uri=None
        )
    backup: Path = request.getfixturevalue("seed_backup")
    settings = backend_settings(request, folder)
    with open_store(settings) as store:
        restore_jsonl(store, backup)
    return settings


def backend_settings(request: pytest.FixtureRequest, folder: Path, **overrides: object) -> Settings:
    """Settings for the backend in `request.param`: a new embedded store, or an emptied Neo4j."""
    if request.param == "embedded":
        return Settings(db=folder / "graph.lbug", neo4j_uri=None, **overrides)  # type: ignore[arg-type]
    server: Neo4jServer = request.getfixturevalue("neo4j_server")
    server.wipe()
    return server.settings(folder / "unused.lbug", **overrides)
