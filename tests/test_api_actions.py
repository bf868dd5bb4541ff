"""Action-plan routes: reading plans and actions, and every write with no key, wrong key, right key.

Each test gets its own store copy with Torbay's plan imported from a filled-in template.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from graph.access.keys import Role
from graph.plans.loader import import_plan
from graph.store import GraphStore, open_store
from importers.action_plan import read_action_plan
from peergraph.core.settings import Settings
from tests.fixtures import MAX_BYTES, TORBAY, LiveServer, app_client, fill_template, make_key, writable_store
from tests.neo4j_server import BACKENDS, seeded_settings

TRAFFORD = "E08000009"


@pytest.fixture
def plan_file(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.fixtures import copy_store

    folder = tmp_path_factory.mktemp("plan")
    with open_store(Settings(db=copy_store(seed_db, folder / "graph.lbug"), neo4j_uri=None)) as scratch:
        return fill_template(scratch, folder, status="On track", due="31/03/2025", progress="Started")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path, plan_file: Path) -> Iterator[GraphStore]:
    with writable_store(seeded_settings(request, tmp_path)) as opened:
        import_plan(opened, read_action_plan(plan_file, MAX_BYTES), TORBAY, by="fixture")
        yield opened


@pytest.fixture
def client(store: GraphStore) -> Iterator[TestClient]:
    with app_client(store) as test_client:
        yield test_client


def _auth(store: GraphStore, role: Role, council: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_key(store, role, council)}"}


def _first_action(client: TestClient) -> dict[str, object]:
    plan = client.get(f"/councils/{TORBAY}/action-plan").json()
    return dict(plan["actions"][0])


def test_council_action_plan_counts_status_and_overdue(client: TestClient) -> None:
    plan = client.get(f"/councils/{TORBAY}/action-plan").json()
    assert len(plan["actions"]) == 7 and plan["by_status"] == {"on_track": 7}
    assert plan["overdue"] == 7, "due 31 March 2025 and not complete"
    assert plan["unlinked"] == []
    assert client.get("/councils/E99999999/action-plan").status_code == 404


def test_actions_filter_by_status_overdue_owner_and_council(client: TestClient) -> None:
    assert len(client.get("/actions", params={"council": TORBAY}).json()["items"]) == 7
    assert len(client.get("/actions", params={"overdue": True}).json()["items"]) == 7
    assert client.get("/actions", params={"overdue": False}).json()["items"] == []
    assert len(client.get("/actions", params={"owner": "DASS"}).json()["items"]) == 7
    assert client.get("/actions", params={"status": "complete"}).json()["items"] == []
    assert client.get("/actions", params={"council": TRAFFORD}).json()["items"] == []


def test_trace_shows_the_plan_and_its_history(client: TestClient) -> None:
    first = _first_action(client)
    trace = client.get(f"/recommendations/{first['recommendation_id']}/trace").json()
    assert [a["id"] for a in trace["actions"]] == [first["id"]]
    assert trace["actions"][0]["history"][0]["status"] == "on_track"
    assert trace["recommendation"]["action_status"] == {"on_track": 1}


def test_patch_needs_a_key_of_the_right_council(client: TestClient, store: GraphStore) -> None:
    first = _first_action(client)
    body = {"version": first["version"], "status": "slipped", "note": "Recruitment delayed"}
    path = f"/actions/{first['id']}"
    assert client.patch(path, json=body).status_code == 401
    assert (
        client.patch(path, json=body, headers=_auth(store, Role.COUNCIL_EDITOR, TRAFFORD)).status_code == 403
    )
    assert client.patch(path, json=body, headers=_auth(store, Role.READER)).status_code == 403
    assert client.get(f"{path}/history").json()[-1]["status"] == "on_track", "refused changes write nothing"
    changed = client.patch(path, json=body, headers=_auth(store, Role.COUNCIL_EDITOR, TORBAY))
    assert changed.status_code == 200, changed.text
    assert (changed.json()["status"], changed.json()["version"]) == ("slipped", int(first["version"]) + 1)  # type: ignore[call-overload]
    history = client.get(f"{path}/history").json()
    assert [h["status"] for h in history] == ["on_track", "slipped"] and history[-1][
        "note"
    ] == "Recruitment delayed"


def test_a_stale_version_gets_409_and_changes_nothing(client: TestClient, store: GraphStore) -> None:
    first = _first_action(client)
    headers = _auth(store, Role.ADMIN)
    path = f"/actions/{first['id']}"
    assert (
        client.patch(
            path, json={"version": first["version"], "status": "at_risk"}, headers=headers
        ).status_code
        == 200
    )
    stale = client.patch(path, json={"version": first["version"], "status": "complete"}, headers=headers)
    assert stale.status_code == 409 and stale.headers["content-type"] == "application/problem+json"
    assert client.get(path).json()["status"] == "at_risk"
    assert len(client.get(f"{path}/history").json()) == 2


def test_link_route_needs_the_right_council(client: TestClient, store: GraphStore) -> None:
    first = _first_action(client)
    recommendations = client.get("/recommendations", params={"council": TORBAY, "source": "inline"}).json()[
        "items"
    ]
    body = {"recommendation_id": recommendations[0]["id"]}
    path = f"/actions/{first['id']}/link"
    assert client.post(path, json=body).status_code == 401
    assert (
        client.post(path, json=body, headers=_auth(store, Role.COUNCIL_EDITOR, TRAFFORD)).status_code == 403
    )
    linked = client.post(path, json=body, headers=_auth(store, Role.COUNCIL_EDITOR, TORBAY))
    assert linked.status_code == 200 and linked.json()["link_method"] == "manual"
    assert linked.json()["recommendation_id"] == recommendations[0]["id"]


def test_plan_upload_needs_the_right_council(client: TestClient, store: GraphStore, plan_file: Path) -> None:
    path = f"/councils/{TORBAY}/action-plan"

    def upload(headers: dict[str, str] | None = None) -> httpx.Response:
        with plan_file.open("rb") as handle:
            return client.post(path, files={"file": (plan_file.name, handle)}, headers=headers or {})

    assert upload().status_code == 401
    assert upload(_auth(store, Role.COUNCIL_EDITOR, TRAFFORD)).status_code == 403
    accepted = upload(_auth(store, Role.COUNCIL_EDITOR, TORBAY))
    assert accepted.status_code == 201, accepted.text
    assert (accepted.json()["created"], accepted.json()["unchanged"]) == (0, 7)


def test_two_concurrent_patches_with_one_version_one_wins(seed_db_copy: Path, plan_file: Path) -> None:
    with writable_store(Settings(db=seed_db_copy, neo4j_uri=None)) as setup:
        import_plan(setup, read_action_plan(plan_file, MAX_BYTES), TORBAY)
        token = make_key(setup, Role.COUNCIL_EDITOR, TORBAY)
    server = LiveServer(seed_db_copy)
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            first = http.get(f"/councils/{TORBAY}/action-plan").json()["actions"][0]
        barrier = threading.Barrier(2)
        statuses: list[int] = []

        def patch(status: str) -> None:
            with httpx.Client(base_url=server.url, timeout=30) as http:
                barrier.wait()
                response = http.patch(
                    f"/actions/{first['id']}",
                    json={"version": first["version"], "status": status},
                    headers={"Authorization": f"Bearer {token}"},
                )
                statuses.append(response.status_code)

        threads = [threading.Thread(target=patch, args=(status,)) for status in ("slipped", "complete")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with httpx.Client(base_url=server.url, timeout=30) as http:
            history = http.get(f"/actions/{first['id']}/history").json()
    finally:
        server.stop()
    assert sorted(statuses) == [200, 409]
    assert len(history) == 2


def test_moving_the_due_date_clears_the_plans_old_date_text(seed_db_copy: Path, tmp_path: Path) -> None:
    with writable_store(Settings(db=seed_db_copy, neo4j_uri=None)) as store:
        plan = fill_template(store, tmp_path, status="On track", due="Q4 2026/27", progress="Started")
        import_plan(store, read_action_plan(plan, MAX_BYTES), TORBAY)
        with app_client(store) as client:
            first = _first_action(client)
            page = f"/ui/recommendations/{first['recommendation_id']}"
            assert first["due_text"] == "Q4 2026/27" and "Q4 2026/27" in client.get(page).text
            body = {"version": first["version"], "due_date": "2027-06-30"}

            changed = client.patch(f"/actions/{first['id']}", json=body, headers=_auth(store, Role.ADMIN))

            assert changed.status_code == 200, changed.text
            assert (changed.json()["due_date"], changed.json()["due_text"]) == ("2027-06-30", None)
            shown = client.get(page).text
            assert "2027-06-30" in shown and "Q4 2026/27" not in shown
            history = client.get(f"/actions/{first['id']}/history").json()
            assert [h["due_date"] for h in history] == ["2027-03-31", "2027-06-30"], "the old date is history"


def test_plan_upload_takes_an_as_of_date_and_reports_skipped_rows_and_bad_cells(
    client: TestClient, store: GraphStore, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Ref,Action,Lead,Target date\nR1,New action from the board,DASS,Q5 2024/25\nR2,,PSW,\n",
        encoding="utf-8",
    )
    headers = _auth(store, Role.COUNCIL_EDITOR, TORBAY)
    path = f"/councils/{TORBAY}/action-plan"

    def upload(as_of: str) -> httpx.Response:
        with plan.open("rb") as handle:
            return client.post(
                path, files={"file": (plan.name, handle)}, data={"as_of": as_of}, headers=headers
            )

    refused = upload("next Tuesday")
    accepted = upload("2025-06-30")

    assert refused.status_code == 400 and "as_of" in refused.json()["detail"]
    assert accepted.status_code == 201, accepted.text
    body = accepted.json()
    assert (body["created"], body["as_of"], body["as_of_source"]) == (1, "2025-06-30", "given")
    assert [(row["row"], row["filled"]) for row in body["skipped"]] == [(3, ["Lead"])]
    assert [(cell["row"], cell["column"], cell["header"]) for cell in body["cell_problems"]] == [
        (2, "D", "Target date")
    ]
    created = next(
        a
        for a in client.get(f"/councils/{TORBAY}/action-plan").json()["actions"]
        if a["text"] == "New action from the board"
    )
    assert [h["at"] for h in created["history"]] == ["2025-06-30"]
