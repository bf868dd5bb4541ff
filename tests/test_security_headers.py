"""Security headers on every GET route, and HEAD on every GET route, walked from `app.routes`.

A real `peergraph serve` over the fictional examples; each route's path parameters are filled
with ids read from the JSON API. A route added later with a parameter this table does not know
fails here, so the walk stays complete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from starlette.routing import Route

from api.app import create_app
from peergraph.core.settings import Settings
from tests.fixtures import WESTMOOR, LiveServer, copy_store, when_ready


def walk(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        if hasattr(route, "original_router"):  # an included router
            yield from walk(route.original_router.routes)
        else:
            yield route


def get_paths() -> list[str]:
    app = create_app(Settings(neo4j_uri=None))
    return sorted(
        {
            route.path
            for route in walk(app.routes)
            if isinstance(route, APIRoute | Route) and "GET" in (route.methods or ())
        }
    )


GET_PATHS = get_paths()


@pytest.fixture(scope="module")
def server(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(copy_store(example_db, tmp_path_factory.mktemp("headers") / "graph.lbug"))
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def ids(server: LiveServer) -> dict[str, str]:
    def api(path: str) -> Any:
        return httpx.get(server.url + path, timeout=30).raise_for_status().json()

    council = api(f"/councils/{WESTMOOR}")
    listed = api("/cqc/assessments")
    assessment = (listed if isinstance(listed, list) else listed["items"])[0]
    detail = api(f"/cqc/assessments/{assessment['id']}")
    return {
        "council_id": WESTMOOR,
        "review_id": council["reviews"][0]["id"],
        "recommendation_id": council["recommendations"][0]["id"],
        "owner_id": api("/owners")[0]["id"],
        "action_id": api("/actions")["items"][0]["id"],
        "pattern_id": next(p["id"] for p in api("/patterns") if p["instances"]),
        "assessment_id": assessment["id"],
        "source_id": detail["sources"][0]["id"],
        "fmt": "csv",
    }


SIGNED_OUT_STATUS = {"/ui/admin": 401}
"""Routes that a visitor who is not signed in may not open."""
QUERIES = {
    "/briefs": "?theme=1",
    "/search": "?q=carers",
    "/ui/search": "?q=carers",
    "/exports/search.{fmt}": "?q=carers",
}
"""Routes that need a query to answer 200."""


def url_of(server: LiveServer, ids: dict[str, str], path: str) -> str:
    names = re.findall(r"{(\w+)}", path)
    unknown = [name for name in names if name not in ids]
    assert not unknown, f"{path}: add an example value for {unknown} to the ids fixture"
    return server.url + re.sub(r"{(\w+)}", lambda m: ids[m.group(1)], path) + QUERIES.get(path, "")


def test_the_walk_finds_pages_api_and_docs() -> None:
    assert {"/ui/", "/councils/{council_id}", "/docs", "/redoc", "/openapi.json", "/ui/sign-in"} <= set(
        GET_PATHS
    )


@pytest.mark.parametrize("path", GET_PATHS)
def test_head_answers_every_get_route_as_get_does_without_a_body(
    server: LiveServer, ids: dict[str, str], path: str
) -> None:
    url = url_of(server, ids, path)
    # /patterns/candidates answers 503 while discovery runs in the background (slow on a busy machine)
    got = when_ready(lambda: httpx.get(url, timeout=60))
    head = when_ready(lambda: httpx.head(url, timeout=60))

    assert got.status_code == SIGNED_OUT_STATUS.get(path, got.status_code) and (
        got.status_code < 400 or path in SIGNED_OUT_STATUS
    ), (path, got.status_code, got.text[:200])
    assert head.status_code == got.status_code
    assert head.content == b""
    assert head.headers.get("content-type") == got.headers.get("content-type")


@pytest.fixture(scope="module")
def responses(server: LiveServer, ids: dict[str, str]) -> dict[str, httpx.Response]:
    """One GET of every route, shared by the header tests."""
    responses = {}
    for path in GET_PATHS:
        url = url_of(server, ids, path)
        responses[path] = when_ready(lambda url=url: httpx.get(url, timeout=60))
    return responses


@pytest.mark.parametrize("path", GET_PATHS)
def test_every_get_route_sends_nosniff(responses: dict[str, httpx.Response], path: str) -> None:
    assert responses[path].headers.get("x-content-type-options") == "nosniff"


@pytest.mark.parametrize("path", GET_PATHS)
def test_every_get_route_sends_a_same_origin_referrer_policy(
    responses: dict[str, httpx.Response], path: str
) -> None:
    assert responses[path].headers.get("referrer-policy") == "same-origin"


@pytest.mark.parametrize("path", GET_PATHS)
def test_every_get_route_says_who_may_frame_it(responses: dict[str, httpx.Response], path: str) -> None:
    policy = responses[path].headers.get("content-security-policy", "")
    page = (path.startswith("/ui/") or path in ("/docs", "/redoc")) and not path.endswith(".xlsx")
    expected = "'self'" if page else "'none'"  # pages may be framed by this site (the trace page does)
    assert f"frame-ancestors {expected}" in policy, policy


def script_sources(policy: str) -> list[str]:
    directives = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name, _, value = part.partition(" ")
        directives[name] = value
    return (directives.get("script-src") or directives.get("default-src") or "").split()


@pytest.mark.parametrize("path", [p for p in GET_PATHS if p.startswith("/ui/") or p in ("/docs", "/redoc")])
def test_no_page_allows_inline_script_but_by_hash(server: LiveServer, ids: dict[str, str], path: str) -> None:
    response = httpx.get(url_of(server, ids, path), timeout=60)
    sources = script_sources(response.headers["content-security-policy"])

    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources and "*" not in sources
    if path.startswith("/ui/graph/"):  # the graph views run exactly their two inline scripts
        assert len(sources) == 2 and all(s.startswith("'sha256-") for s in sources)
    elif path.startswith("/ui/"):
        assert sources == ["'none'"]


@pytest.mark.parametrize("path", ["/councils", "/openapi.json", "/no/such/route", "/councils/E00000000"])
def test_json_api_responses_forbid_everything_if_rendered(server: LiveServer, path: str) -> None:
    response = httpx.get(server.url + path, timeout=30)

    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_page_error_keeps_the_page_policy(server: LiveServer) -> None:
    response = httpx.get(server.url + "/ui/councils/E00000000", timeout=30)

    assert response.status_code == 404
    assert script_sources(response.headers["content-security-policy"]) == ["'none'"]
    assert response.headers["referrer-policy"] == "same-origin"
