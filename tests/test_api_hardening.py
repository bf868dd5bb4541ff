"""The API under attack: crafted cursors, unexpected errors, unusual methods, readers uploading (issue 20).

Each test here failed on the build that was attacked, and holds what must happen instead.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.access.keys import Role
from graph.store import GraphStore, open_store
from peergraph.core.settings import Settings
from tests.fixtures import TORBAY, LiveServer, app_client, bearer, copy_store, store_settings

LISTS = ["/findings", "/recommendations", "/actions", "/councils"]
CRAFTED = base64.urlsafe_b64encode(b"[" * 10_000).decode()


@pytest.fixture(scope="module")
def store(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    db = copy_store(example_db, tmp_path_factory.mktemp("hardening") / "graph.lbug")
    with open_store(Settings(db=db, neo4j_uri=None)) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(store: GraphStore) -> Iterator[TestClient]:
    with app_client(store) as test_client:
        yield test_client


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "cursor", [CRAFTED, "x" * 5000, base64.urlsafe_b64encode(b"[true, 1]").decode(), "!!!"]
)
def test_a_crafted_cursor_is_a_400_with_a_request_id(client: TestClient, path: str, cursor: str) -> None:
    response = client.get(path, params={"cursor": cursor})
    assert response.status_code == 400, response.text
    assert response.json()["request_id"] == response.headers["x-request-id"] != "-"


def test_an_unexpected_error_is_a_500_with_its_request_id_and_the_connection_lives_on(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded: secret internal detail")

    monkeypatch.setattr("graph.reads.reviews.regions", explode)
    app = create_app(store_settings(store), store=store)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        failed = test_client.get("/regions", headers={"X-Request-ID": "trace-me-12345"})
        assert failed.status_code == 500
        assert failed.headers["x-request-id"] == "trace-me-12345" == failed.json()["request_id"]
        assert "secret" not in failed.text and "Traceback" not in failed.text
        assert test_client.get("/councils").status_code == 200


def test_a_live_server_answers_after_a_500_on_the_same_connection(example_db: Path, tmp_path: Path) -> None:
    server = LiveServer(copy_store(example_db, tmp_path / "graph.lbug"))
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            bad = http.get("/findings", params={"cursor": CRAFTED})
            assert bad.status_code == 400 and bad.headers["x-request-id"]
            assert http.get("/regions").status_code == 200  # the keep-alive connection was not reset
    finally:
        server.stop()


def test_head_answers_every_get_route_without_a_body(client: TestClient) -> None:
    for path in ("/ui/", "/regions", "/councils", "/findings", "/openapi.json"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == got.headers["content-type"]


def test_an_unknown_method_is_a_405_that_says_what_is_allowed(client: TestClient) -> None:
    response = client.request("TRACE", "/regions")
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


def test_a_405_names_every_method_the_resource_has_not_only_the_first_routes(
    client: TestClient, store: GraphStore
) -> None:
    action = "E06000027-act-0"  # no such action: which methods a path has does not depend on it
    assert client.options(f"/actions/{action}").headers["allow"] == "GET, HEAD, PATCH"
    assert client.options(f"/councils/{TORBAY}/action-plan").headers["allow"] == "GET, HEAD, POST"


def test_the_description_says_reads_are_open_and_writes_need_a_key(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert paths["/regions"]["get"]["security"] == [{}, {"HTTPBearer": []}]
    assert paths["/reports"]["post"]["security"] == [{"HTTPBearer": []}]
    closed = create_app(Settings(db=Path("/nonexistent/graph.lbug"), neo4j_uri=None, open_reads=False))
    assert closed.openapi()["paths"]["/regions"]["get"]["security"] == [{"HTTPBearer": []}]


def test_a_reader_key_cannot_make_the_server_read_an_upload(client: TestClient, store: GraphStore) -> None:
    deep = b"<div>" * 10_000 + b"x" + b"</div>" * 10_000
    response = client.post(
        "/reports", headers=bearer(store, Role.READER), files={"file": ("deep.html", deep, "text/html")}
    )
    assert response.status_code == 403
    assert "read only" in response.json()["detail"]


def test_every_documented_error_is_a_problem_document_in_the_spec(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"400", "422"} | ({"409"} if method == "patch" else set())
            assert expected <= set(responses), (method, path)
            for code in expected:
                assert "application/problem+json" in responses[code]["content"], (method, path, code)
