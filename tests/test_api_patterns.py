"""Pattern routes on the tagged seeds: overview, detail with citations, matrices, curation access."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.access.keys import Role
from graph.store import GraphStore
from tests.fixtures import app_client, make_key, when_ready, writable_store
from tests.neo4j_server import BACKENDS, seeded_settings

SOMERSET, TRAFFORD = "E06000066", "E08000009"


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    with writable_store(seeded_settings(request, tmp_path)) as opened:
        yield opened


@pytest.fixture
def client(store: GraphStore) -> Iterator[TestClient]:
    with app_client(store) as test_client:
        yield test_client


def test_patterns_overview_and_detail_cite_their_passages(client: TestClient) -> None:
    overview = {p["id"]: p for p in client.get("/patterns").json()}
    assert overview["key_person_dependency"]["councils"] >= 2
    detail = client.get("/patterns/key_person_dependency").json()
    councils = {c["council"] for c in detail["councils"]}
    assert {"Somerset Council", "Torbay Council"} <= councils
    quote = next(q for q in detail["development"] if q["citation"]["council"] == "Somerset Council")
    text = client.get(f"/reviews/{quote['citation']['review_id']}/text").text
    start, end = quote["citation"]["span"]
    assert text[start:end] == quote["text"] and quote["evidence"] in quote["text"]
    assert client.get("/patterns/no_such_pattern").status_code == 404


def test_region_overview_and_matrices(client: TestClient) -> None:
    south_west = {p["id"]: p for p in client.get("/patterns", params={"region": "South West"}).json()}
    assert all(p["councils"] <= 3 for p in south_west.values())
    by_region = client.get("/patterns/matrix", params={"by": "region"}).json()
    assert by_region["columns"] == ["North East", "North West", "South West"]
    row = by_region["rows"].index("key_person_dependency")
    assert by_region["cells"][row][2] == sum(
        1
        for c in client.get("/patterns/key_person_dependency").json()["councils"]
        if c["region"] == "South West"
    )
    by_council = client.get("/patterns/matrix", params={"by": "council"}).json()
    assert len(by_council["columns"]) == 5
    assert client.get("/patterns/matrix", params={"by": "planet"}).status_code == 422
    assert client.get("/patterns/pairs").json()[0]["items"] >= 1
    assert client.get("/patterns/similar-councils").json()[0]["jaccard"] > 0


def test_findings_filter_by_pattern(client: TestClient) -> None:
    findings = client.get("/findings", params={"pattern": "key_person_dependency", "limit": 200}).json()[
        "items"
    ]
    assert any("single points of failure" in f["text"] for f in findings)


def test_confirm_and_reject_need_a_key_of_the_items_council(client: TestClient, store: GraphStore) -> None:
    quote = next(
        q for q in client.get("/patterns/key_person_dependency").json()["development"]
        if q["citation"]["council_id"] == SOMERSET
    )  # fmt: skip
    body = {"item_id": quote["id"], "note": "clear instance"}
    path = "/patterns/key_person_dependency/confirm"
    assert client.post(path, json=body).status_code == 401
    wrong = {"Authorization": f"Bearer {make_key(store, Role.COUNCIL_EDITOR, TRAFFORD)}"}
    assert client.post(path, json=body, headers=wrong).status_code == 403
    right = {"Authorization": f"Bearer {make_key(store, Role.COUNCIL_EDITOR, SOMERSET)}"}
    confirmed = client.post(path, json=body, headers=right)
    assert confirmed.status_code == 200 and confirmed.json()["decision"] == "confirm"
    detail = client.get("/patterns/key_person_dependency").json()
    assert next(q for q in detail["development"] if q["id"] == quote["id"])["confirmed"] is True
    rejected = client.post("/patterns/key_person_dependency/reject", json=body, headers=right)
    assert rejected.status_code == 200
    assert quote["id"] not in {
        q["id"] for q in client.get("/patterns/key_person_dependency").json()["development"]
    }


def test_candidates_can_be_accepted_by_an_admin_only(client: TestClient, store: GraphStore) -> None:
    candidates = when_ready(lambda: client.get("/patterns/candidates")).json()
    assert candidates, "the seeds hold at least one cluster spanning three councils"
    for candidate in candidates:
        assert len(candidate["councils"]) >= 3
        assert all(quote["text"] for quote in candidate["quotes"])
    chosen = candidates[0]["id"]
    path = f"/patterns/candidates/{chosen}/accept"
    assert client.post(path, json={}).status_code == 401
    editor = {"Authorization": f"Bearer {make_key(store, Role.COUNCIL_EDITOR, SOMERSET)}"}
    assert client.post(path, json={}, headers=editor).status_code == 403
    admin = {"Authorization": f"Bearer {make_key(store, Role.ADMIN)}"}
    accepted = client.post(path, json={"pattern_id": "accepted_theme"}, headers=admin)
    assert accepted.status_code == 201, accepted.text
    summary = accepted.json()
    assert (summary["id"], summary["origin"]) == ("accepted_theme", "accepted")
    assert summary["instances"] >= 3 and summary["councils"] >= 3
    # Accepting changed the library, so the candidates are worked out again (503 until then).
    again = when_ready(lambda: client.post(path, json={"pattern_id": "accepted_theme"}, headers=admin))
    assert again.status_code in (400, 404)
