"""Every page under /ui/ on both backends: the same store gives the same pages on Neo4j.

The routes are read from the app, so a new page is covered without being listed here; its path
parameters are filled from the store (the examples: the seeds, three fictional councils, plans).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from graph.store import open_store
from graph.store.backup import export_jsonl, restore_jsonl
from peergraph.core.settings import Settings
from tests.fixtures import TORBAY, WESTMOOR, app_client, examples_db, flat_routes, when_ready
from tests.neo4j_server import BACKENDS, Neo4jServer, backend_settings

PARAMETER = re.compile(r"\{(\w+)\}")
SIGNED_IN_ONLY = {"/ui/admin": 401}
"""Pages for a signed-in admin: to anyone else an HTML page with this status."""
DOWNLOADS = (".xlsx", ".csv")


@pytest.fixture(scope="module")
def examples_backup(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    backup = tmp_path_factory.mktemp("examples-backup") / "examples.jsonl"
    source = Settings(db=examples_db(seed_db, tmp_path_factory), neo4j_uri=None)
    with open_store(source, read_only=True) as store, backup.open("w", encoding="utf-8") as out:
        export_jsonl(store, out)
    return backup


@pytest.fixture(params=BACKENDS)
def client(request: pytest.FixtureRequest, examples_backup: Path, tmp_path: Path) -> Iterator[TestClient]:
    with open_store(backend_settings(request, tmp_path)) as store:
        restore_jsonl(store, examples_backup)
        with app_client(store) as test_client:
            yield test_client


def _parameters(client: TestClient) -> dict[str, str]:
    council = client.get(f"/councils/{WESTMOOR}").json()
    recommendation = next(r for r in council["recommendations"] if r.get("action_status"))
    pattern = next(p for p in client.get("/patterns").json() if p["instances"])
    return {
        "council_id": TORBAY,
        "review_id": client.get(f"/councils/{TORBAY}").json()["reviews"][0]["id"],
        "recommendation_id": recommendation["id"],
        "pattern_id": pattern["id"],
        "owner_id": "owner-dass",
        "action_id": client.get(f"/councils/{WESTMOOR}/action-plan").json()["actions"][0]["id"],
    }


def _page_paths(client: TestClient) -> list[str]:
    values = _parameters(client)
    app_routes = flat_routes(list(client.app.routes))  # type: ignore[attr-defined]
    routes = [r for r in app_routes if isinstance(r, APIRoute) and r.path.startswith("/ui/")]
    return sorted(PARAMETER.sub(lambda m: values[m.group(1)], r.path) for r in routes if "GET" in r.methods)


def _visible_text(html: str) -> str:
    without_markup = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))
    return " ".join(without_markup.split())


def test_every_page_renders_on_both_backends(client: TestClient) -> None:
    paths = _page_paths(client)
    assert len(paths) >= 15, paths
    for path in paths:
        response = client.get(path)
        expected = SIGNED_IN_ONLY.get(path, 200)
        assert response.status_code == expected, f"{path}: {response.status_code} {response.text[:300]}"
        if path.endswith(DOWNLOADS):
            assert response.content, path
            continue
        assert response.headers["content-type"].startswith("text/html"), path
        assert "<h1" in response.text and "Traceback" not in response.text, path


@pytest.mark.neo4j
def test_every_page_says_the_same_on_both_backends(
    examples_backup: Path, neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    neo4j_server.wipe()
    pages: dict[str, dict[str, str]] = {}
    for backend, settings in (
        ("embedded", Settings(db=tmp_path / "graph.lbug", neo4j_uri=None)),
        ("neo4j", neo4j_server.settings(tmp_path / "unused.lbug")),
    ):
        with open_store(settings) as store:
            restore_jsonl(store, examples_backup)
            with app_client(store) as client:
                # Worked out first: a page asked while discovery runs says so, with the time it began
                assert when_ready(lambda: client.get("/patterns/candidates")).status_code == 200
                pages[backend] = {
                    path: _visible_text(client.get(path).text)
                    for path in _page_paths(client)
                    if not path.endswith(".xlsx")  # a workbook's bytes carry the time it was written
                }

    assert pages["embedded"].keys() == pages["neo4j"].keys()
    differing = [path for path in pages["embedded"] if pages["embedded"][path] != pages["neo4j"][path]]
    assert not differing, {
        path: _first_difference(pages["embedded"][path], pages["neo4j"][path]) for path in differing
    }


def _first_difference(left: str, right: str) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b), min(len(left), len(right))
    )
    return f"embedded …{left[max(0, at - 80) : at + 80]}… | neo4j …{right[max(0, at - 80) : at + 80]}…"


def test_a_recommendation_s_actions_are_counted_alike_in_its_council_and_in_pages(client: TestClient) -> None:
    """Two reads of the same counts: the council's own query and the page read by ids, where two
    actions with the same status count as two."""
    council = {
        r["id"]: r["action_status"] for r in client.get(f"/councils/{WESTMOOR}").json()["recommendations"]
    }
    paged = client.get("/recommendations", params={"council": WESTMOOR, "limit": 200}).json()["items"]
    assert {r["id"]: r["action_status"] for r in paged} == council
    assert any(count > 1 for status in council.values() for count in status.values())
