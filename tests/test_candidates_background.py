"""Candidate patterns are worked out in the background: a reader never waits minutes (issue 19).

Discovery takes seconds on the seeds and minutes at 500 reports. The service starts it when it
starts and once per data version; a request waits a few seconds at most, then gets 503 with
Retry-After (the API) or a page that says so and checks again (the web page).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from graph.patterns import candidates as background
from graph.store import GraphStore
from graph.store import queries as q
from peergraph.core.settings import Settings
from tests.fixtures import app_client, when_ready


@pytest.fixture
def store(seed_store: GraphStore) -> GraphStore:
    return seed_store


@pytest.fixture
def client(store: GraphStore) -> Iterator[TestClient]:
    with app_client(store, precompute_candidates=False) as test_client:
        yield test_client


def test_a_reader_is_told_to_come_back_while_candidates_are_computed(client: TestClient) -> None:
    with background._COMPUTING:  # another computation holds the cores: this one cannot start yet
        started = time.monotonic()
        pending = client.get("/patterns/candidates")
        waited = time.monotonic() - started
        page = client.get("/ui/pattern-candidates")
    assert pending.status_code == 503
    assert pending.headers["retry-after"] == "30"
    assert pending.headers["content-type"].startswith("application/problem+json")
    assert "being computed in the background" in pending.json()["detail"]
    assert waited < 30, "the request waited a few seconds, not for the computation"
    assert page.status_code == 200
    assert '<meta http-equiv="refresh" content="30">' in page.text
    assert "Candidate patterns are being worked out" in page.text
    assert "No candidate patterns" not in page.text

    ready = when_ready(lambda: client.get("/patterns/candidates"))
    assert ready.status_code == 200 and ready.json(), "the seeds hold candidates across three councils"
    page = client.get("/ui/pattern-candidates")
    assert "being worked out" not in page.text and "refresh" not in page.text
    assert ready.json()[0]["name"] in page.text


def test_the_service_starts_working_them_out_when_it_starts(store: GraphStore) -> None:
    with app_client(store, precompute_candidates=True) as client:
        run = client.app.state.candidate_run  # type: ignore[attr-defined]
        assert run.done.wait(300), "the run started with the service finishes"
        served = client.get("/patterns/candidates")
        assert served.status_code == 200
        assert client.app.state.candidate_run is run, "the request used the run the service started"  # type: ignore[attr-defined]
    settings = Settings(db=Path(store.location), neo4j_uri=None)
    on_request = background.candidates(store, settings, SimpleNamespace(), wait=None)
    assert [c["id"] for c in served.json()] == [c.id for c in on_request]


def test_a_change_to_the_data_starts_a_new_run(store: GraphStore, client: TestClient) -> None:
    first = when_ready(lambda: client.get("/patterns/candidates"))
    assert first.status_code == 200
    run = client.app.state.candidate_run  # type: ignore[attr-defined]
    assert background.start_candidates(store, client.app.state.settings, client.app.state) is run  # type: ignore[attr-defined]
    store.write(lambda tx: tx.run(q.Query("t", "MATCH (f:Finding) WITH f LIMIT 1 DETACH DELETE f")))
    again = when_ready(lambda: client.get("/patterns/candidates"))
    assert again.status_code == 200
    assert client.app.state.candidate_run is not run  # type: ignore[attr-defined]


def test_discovery_runs_in_a_process_of_its_own_below_the_server_s_priority(store: GraphStore) -> None:
    """A thread of the server held the GIL and both cores for minutes at 500 reports."""
    settings = Settings(db=Path(store.location), neo4j_uri=None)
    run = background.start_candidates(store, settings, SimpleNamespace())
    seen = None
    while seen is None and not run.done.is_set():
        seen = next((c for c in multiprocessing.active_children() if c.name == "peergraph-discovery"), None)
        time.sleep(0.02)
    assert seen is not None and seen.pid is not None, "discovery ran in a child process"
    lowered = os.getpriority(os.PRIO_PROCESS, 0) + background.DISCOVERY_NICENESS
    niced = False
    while not niced and seen.is_alive():  # it lowers its own priority first thing
        with contextlib.suppress(ProcessLookupError):
            niced = os.getpriority(os.PRIO_PROCESS, seen.pid) == lowered
        time.sleep(0.01)
    assert niced, "the discovery process ran below the server's priority"
    assert run.done.wait(300) and run.error is None and run.result


# A server that starts a child the way discovery does and is then killed: the child runs only the
# watch that discovery's process runs beside its work, so it would wait for ever without it.
_SERVER = """
import multiprocessing, os, time
from graph.patterns import candidates
child = multiprocessing.get_context("spawn").Process(target=candidates._end_with, args=(os.getpid(),), daemon=True)
child.start()
print(child.pid, flush=True)
time.sleep(600)
"""


def test_the_discovery_process_ends_when_its_server_is_killed() -> None:
    server = subprocess.Popen([sys.executable, "-c", _SERVER], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        child = int(server.stdout.readline())
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(child):
            time.sleep(0.1)
        assert not _alive(child), "the discovery process outlived its server"
    finally:
        server.kill()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # An ended child of init may linger as a zombie until reaped: that is not running
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    return False
