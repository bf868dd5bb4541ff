"""Shared fixtures: where the reference reports live, and small helpers to build real inputs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.fixtures import writable_store

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    from graph.store import GraphStore

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five reference reports, kept outside the repo (PEERGRAPH_SEEDS, default ../shared/seeds)."""
    folder = Path(os.environ.get("PEERGRAPH_SEEDS") or PROJECT.parent / "shared" / "seeds")
    if not any(folder.glob("*.txt")):
        pytest.skip(f"reference reports not found in {folder} (set PEERGRAPH_SEEDS)")
    return folder


MAX_BYTES = 50 * 1024 * 1024


def copy_store(source: Path, target: Path) -> Path:
    """Copy a closed embedded store (its file and any write-ahead log beside it)."""
    import shutil

    for part in source.parent.glob(source.name + "*"):
        shutil.copy2(part, target.parent / part.name.replace(source.name, target.name, 1))
    return target


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


@pytest.fixture
def seed_db_copy(seed_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded store, for tests that write."""
    return copy_store(seed_db, tmp_path / "graph.lbug")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """`peergraph serve` in a subprocess on loopback, over its own copy of a store."""

    admin_key: str = ""

    def __init__(self, db: Path, env: dict[str, str] | None = None) -> None:
        import os
        import subprocess
        import sys

        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = db.parent / "server.log"
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PEERGRAPH_DB"))}
        self._handle = self.log.open("w")
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "peergraph"),
                "serve",
                "--db",
                str(db),
                "--port",
                str(self.port),
            ],
            stdout=self._handle,
            stderr=subprocess.STDOUT,
            env={**environment, **(env or {})},
        )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 30.0) -> None:
        import time

        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"peergraph serve exited: {self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/regions", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"peergraph serve did not answer in {timeout}s: {self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
        self._handle.close()


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


@contextmanager
def app_client(store: GraphStore, **settings: Any) -> Iterator[TestClient]:
    """An in-process client of the app serving this open store, with any settings given."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from peergraph.core.settings import Settings

    app = create_app(Settings(db=Path(store.location), neo4j_uri=None, **settings), store=store)
    with TestClient(app) as client:
        yield client
