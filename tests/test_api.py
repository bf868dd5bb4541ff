"""The web service in-process, on the five seeds: reads, citations, search, paging, errors, access.

The app runs over a real embedded store; `tests/test_api_server.py` runs the same service as a
real uvicorn process on loopback.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.access.keys import Role
from graph.store import GraphStore
from tests.fixtures import app_client, make_key, store_settings, writable_store
from tests.neo4j_server import BACKENDS, seeded_settings

SOUTH_WEST = {"Torbay Council", "Somerset Council", "Gloucestershire County Council"}


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    with writable_store(seeded_settings(request, tmp_path_factory.mktemp("api"))) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(store: GraphStore) -> Iterator[TestClient]:
    with app_client(store) as test_client:
        yield test_client


def _all_pages(client: TestClient, path: str, **params: object) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    cursor = None
    while True:
        response = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return items


def test_regions_and_councils(client: TestClient) -> None:
    regions = {r["name"]: r for r in client.get("/regions").json()}
    assert len(regions) == 9
    assert (regions["South West"]["councils"], regions["North West"]["councils"]) == (3, 1)
    councils = client.get("/councils").json()["items"]
    assert {c["name"] for c in councils} == SOUTH_WEST | {
        "Trafford Council",
        "Redcar and Cleveland Borough Council",
    }
    assert len(_all_pages(client, "/councils", reviewed=False, limit=40)) == 153


def test_council_page_counts_and_recommendations(client: TestClient) -> None:
    torbay = client.get("/councils/E06000027").json()
    assert torbay["council"]["name"] == "Torbay Council"
    assert [r["report_date"] for r in torbay["reviews"]] == ["2024-06"]
    assert sum(c["count"] for c in torbay["counts"]) == 74
    assert sum(1 for r in torbay["recommendations"] if r["source"] == "summary") == 7


def test_trace_of_a_torbay_summary_recommendation_names_the_dass(client: TestClient) -> None:
    summary = client.get("/recommendations", params={"council": "E06000027", "source": "summary"}).json()[
        "items"
    ]
    first = next(
        r for r in summary if r["text"].startswith("Alongside the role of the new S75 Joint Executive Group")
    )
    trace = client.get(f"/recommendations/{first['id']}/trace").json()
    assert "DASS" in {owner["name"] for owner in trace["owners"]}
    assert [owner["name"] for owner in trace["owners"]] == sorted(owner["name"] for owner in trace["owners"])
    for owner in trace["owners"]:  # counts as the owner's own list counts them: its standing ones
        listed = client.get("/recommendations", params={"owner": owner["id"], "limit": 500}).json()["items"]
        standing = [r for r in listed if r["source"] == "summary" or r["firm"]]
        assert owner["recommendations"] == len(standing) > 0
        assert owner["suggestions"] == len(listed) - len(standing)
        assert owner["councils"] == len({r["citation"]["council_id"] for r in standing})
    assert trace["review"]["council"] == "Torbay Council"
    assert trace["findings"], "a summary recommendation should cite the findings it addresses"
    text = client.get(f"/reviews/{trace['review']['id']}/text").text
    for finding in trace["findings"]:
        start, end = finding["citation"]["span"]
        assert text[start:end] == finding["text"]
    assert trace["actions"] == []


def test_south_west_findings_come_only_from_its_three_councils(client: TestClient) -> None:
    findings = _all_pages(client, "/findings", region="South West", limit=100)
    assert {f["citation"]["council"] for f in findings} == SOUTH_WEST  # type: ignore[index]
    everything = _all_pages(client, "/findings", limit=500)
    assert len(everything) == len({f["id"] for f in everything}) > len(findings)


def test_findings_filters_combine(client: TestClient) -> None:
    safeguarding = _all_pages(client, "/findings", theme=3, polarity="strength", q="safeguarding")
    assert safeguarding
    for finding in safeguarding:
        assert finding["theme"] == 3 and finding["polarity"] == "strength"
        assert "safeguarding" in str(finding["text"]).lower()


def test_search_finds_the_somerset_single_points_of_failure_passage(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "single points of failure"}).json()["items"]
    top = hits[0]
    assert top["citation"]["council"] == "Somerset Council"
    assert "multiple single points of failure" in top["text"]
    start, end = top["highlights"][0]
    assert top["snippet"][start:end].lower() == "single points of failure"
    text = client.get(f"/reviews/{top['citation']['review_id']}/text").text
    span_start, span_end = top["citation"]["span"]
    assert text[span_start:span_end] == top["text"]


def test_review_detail_items_cite_spans_into_the_text(client: TestClient) -> None:
    reviews = client.get("/councils/E08000009").json()["reviews"]
    review = client.get(f"/reviews/{reviews[0]['id']}").json()
    text = client.get(f"/reviews/{review['id']}/text").text
    assert [m["name"] for m in review["peer_team"]][:2] == ["Victoria Collins", "Chris McEwan"]
    for item in review["findings"] + review["recommendations"]:
        assert text[item["span"][0] : item["span"][1]] == item["text"]


def test_owners_carry_recommendations_across_councils(client: TestClient) -> None:
    owners = {o["name"]: o for o in client.get("/owners").json()}
    # The DASS is asked to act in four seed recommendations, in Torbay and Trafford (tests/gold);
    # the hedged ones are counted as suggestions, apart.
    dass = owners["DASS"]
    assert dass["recommendations"] + dass["suggestions"] >= 4 and dass["councils"] >= 1
    carried = _all_pages(client, f"/owners/{dass['id']}/recommendations")
    assert len({r["citation"]["council_id"] for r in carried}) >= 2  # type: ignore[index]
    assert len(carried) == dass["recommendations"] + dass["suggestions"]
    assert sum(r["firm"] is False and r["source"] == "inline" for r in carried) == dass["suggestions"]
    assert all("DASS" in r["owners"] for r in carried)  # type: ignore[operator]


def test_errors_are_problem_documents_with_request_ids(client: TestClient) -> None:
    missing = client.get("/councils/E99999999", headers={"X-Request-ID": "test-request-0001"})
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    problem = missing.json()
    assert (problem["status"], problem["request_id"], problem["instance"]) == (
        404,
        "test-request-0001",
        "/councils/E99999999",
    )
    assert missing.headers["x-request-id"] == "test-request-0001"
    bad_cursor = client.get("/findings", params={"cursor": "not-a-cursor"})
    assert bad_cursor.status_code == 400 and "cursor" in bad_cursor.json()["detail"]
    bad_theme = client.get("/findings", params={"theme": 9})
    assert bad_theme.status_code == 422 and bad_theme.json()["errors"]


def test_unexpected_errors_hide_their_trace(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(store_settings(store), store=store)

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("graph.reads.reviews.regions", explode)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/regions")
    assert response.status_code == 500
    assert "secret internal detail" not in response.text and "Traceback" not in response.text
    assert response.json()["request_id"]


def test_cors_is_off_unless_configured(client: TestClient, store: GraphStore) -> None:
    plain = client.get("/regions", headers={"Origin": "https://example.org"})
    assert "access-control-allow-origin" not in plain.headers
    settings = store_settings(store, cors_origins="https://example.org")
    with TestClient(create_app(settings, store=store)) as test_client:
        allowed = test_client.get("/regions", headers={"Origin": "https://example.org"})
    assert allowed.headers["access-control-allow-origin"] == "https://example.org"


def test_closed_reads_need_a_key(store: GraphStore) -> None:
    token = make_key(store, Role.READER, label="closed reads test")
    settings = store_settings(store, open_reads=False)
    with TestClient(create_app(settings, store=store)) as test_client:
        assert test_client.get("/regions").status_code == 401
        assert test_client.get("/regions", headers={"Authorization": "Bearer pg_bad_key"}).status_code == 401
        assert test_client.get("/regions", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_openapi_documents_every_route_with_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/regions", "/councils", "/councils/{council_id}", "/reviews/{review_id}", "/reviews/{review_id}/text",
        "/findings", "/recommendations", "/recommendations/{recommendation_id}/trace", "/owners",
        "/owners/{owner_id}/recommendations", "/search", "/reports",
    } <= paths  # fmt: skip
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert "examples" in str(spec["paths"]["/search"])


def test_a_council_page_s_recommendations_carry_what_the_recommendation_list_says_of_them(
    client: TestClient,
) -> None:
    """The council page puts its lists together from flat reads; the list reads them in one query."""
    every = []
    for council in client.get("/councils", params={"reviewed": True}).json()["items"]:
        detail = client.get(f"/councils/{council['id']}").json()["recommendations"]
        listed = _all_pages(client, "/recommendations", council=council["id"], limit=200)
        assert detail, council["name"]
        assert [{**r, "citation": None} for r in listed] == detail
        every += detail
    for carried in ("owners", "findings", "patterns"):  # so that the comparison compares something
        assert any(r[carried] for r in every), carried
