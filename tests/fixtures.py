"""Factories the tests build real things with: stores, servers, clients, files.

Plain functions and classes, not test modules; `tests/conftest.py` turns them into fixtures.
No test module imports another test module: what tests share lives here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook

from graph.access.keys import Role, create_key
from graph.plans.sheets import HEADER_ROW, write_plan_template
from graph.reports.reference import bootstrap_store
from graph.store import GraphStore, open_store
from graph.store.credentials import open_credentials
from peergraph.core.settings import Settings
from peergraph.examples import EXAMPLES

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

PROJECT = Path(__file__).resolve().parent.parent

TORBAY = "E06000027"
WESTMOOR = "X99000002"
DUNHOLLOW = "X99000005"
SCRIPT = "<script>alert(1)</script>"
MAX_BYTES = 50 * 1024 * 1024
"""The file size limit the tests parse and import with (the default)."""


@contextmanager
def writable_store(settings: Settings) -> Iterator[GraphStore]:
    """A store opened for writing and bootstrapped, as `peergraph import` opens it."""
    with open_store(settings) as store:
        bootstrap_store(store, settings)
        yield store


def make_key(store: GraphStore, role: Role, council: str | None = None, label: str | None = None) -> str:
    """A new API key for the store's credentials database, as `peergraph keys create` makes it."""
    settings = Settings(db=Path(store.location), neo4j_uri=None)
    return create_key(open_credentials(settings), role, council, label, store=store)[1]


def bearer(store: GraphStore, role: Role, council: str | None = None) -> dict[str, str]:
    """The Authorization header of a new key."""
    return {"Authorization": f"Bearer {make_key(store, role, council)}"}


def copy_store(source: Path, target: Path) -> Path:
    """Copy a closed embedded store (its file and any write-ahead log beside it)."""
    import shutil

    for part in source.parent.glob(source.name + "*"):
        shutil.copy2(part, target.parent / part.name.replace(source.name, target.name, 1))
    return target


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


@contextmanager
def app_client(store: GraphStore) -> Iterator[TestClient]:
    """An in-process client of the app serving this open store."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from peergraph.core.settings import Settings

    with TestClient(create_app(Settings(db=Path(store.location), neo4j_uri=None), store=store)) as client:
        yield client


def examples_db(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus examples/ (with its councils.csv) and Westmoor's two plans, built once a session.

    Tests only read it; a test that writes takes a copy (`copy_store`).
    """
    from graph.plans.loader import import_plan
    from graph.reports.loader import import_reports, report_files
    from importers.action_plan import read_action_plan
    from importers.councils import councils_for

    target = tmp_path_factory.getbasetemp() / "seeds-and-examples" / "graph.lbug"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_store(seed_db, target)
    with writable_store(Settings(db=target, neo4j_uri=None)) as store:
        summary = import_reports(store, list(report_files([EXAMPLES])), MAX_BYTES, councils_for([EXAMPLES]))
        assert not summary.failed, summary.failed
        for plan in ("westmoor-2025-06.csv", "westmoor-2025-10.csv"):
            import_plan(store, read_action_plan(EXAMPLES / "plans" / plan, MAX_BYTES), WESTMOOR, None)
    return target


def fill_template(store: GraphStore, folder: Path, *, status: str, due: str, progress: str) -> Path:
    template = folder / "template.xlsx"
    rows = write_plan_template(store, TORBAY, template)
    workbook = load_workbook(template)
    sheet = workbook["Action plan"]
    for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + rows):
        sheet.cell(row, 3, f"Deliver recommendation {sheet.cell(row, 1).value}")
        sheet.cell(row, 4, "DASS / Jane Smith")
        sheet.cell(row, 5, due)
        sheet.cell(row, 6, status)
        sheet.cell(row, 8, progress)
    filled = folder / f"filled-{status}-{due.replace('/', '-')}.xlsx"
    workbook.save(filled)
    return filled
