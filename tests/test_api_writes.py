"""Every write route with no key (401), a wrong-council or read-only key (403), and the right key.

Each test gets its own copy of the seeded store, so writes never leak between tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.access.keys import Role, create_key
from graph.store import GraphStore
from graph.store.credentials import open_credentials
from graph.store.stats import store_stats
from importers.text import read_text
from tests.fixtures import MAX_BYTES, app_client, make_key, store_settings
from tests.renderers import render_html

TORBAY, TRAFFORD = "E06000027", "E08000009"


@pytest.fixture
def store(seed_store: GraphStore) -> GraphStore:
    return seed_store


@pytest.fixture
def client(store: GraphStore) -> Iterator[TestClient]:
    with app_client(store) as test_client:
        yield test_client


@pytest.fixture
def trafford_html(seeds_dir: Path, tmp_path: Path) -> Path:
    """Trafford's report as the LGA website publishes it: same review, different bytes."""
    return render_html(
        read_text(seeds_dir / "001_3ec9c2307a4b7fca.txt", MAX_BYTES), tmp_path / "trafford.html"
    )


def _upload(client: TestClient, path: Path, token: str | None = None) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with path.open("rb") as handle:
        response = client.post("/reports", files={"file": (path.name, handle, "text/html")}, headers=headers)
    return {"status": response.status_code, "body": response.json(), "type": response.headers["content-type"]}


def _bearer(store: GraphStore, role: Role, council: str | None = None) -> str:
    return make_key(store, role, council)


def test_upload_without_a_key_is_401_and_writes_nothing(
    client: TestClient, store: GraphStore, trafford_html: Path
) -> None:
    before = store_stats(store)
    result = _upload(client, trafford_html)
    assert result["status"] == 401 and result["type"] == "application/problem+json"
    assert store_stats(store).labels == before.labels


def test_upload_with_another_councils_key_is_403_and_writes_nothing(
    client: TestClient, store: GraphStore, trafford_html: Path
) -> None:
    before = store_stats(store).totals
    for token in (_bearer(store, Role.COUNCIL_EDITOR, TORBAY), _bearer(store, Role.READER)):
        result = _upload(client, trafford_html, token)
        assert result["status"] == 403, result
    review = client.get(f"/councils/{TRAFFORD}").json()["reviews"][0]
    assert review["source"] == "001_3ec9c2307a4b7fca.txt", "the stored review must be untouched"
    assert store_stats(store).totals == before


@pytest.mark.parametrize("role", [Role.COUNCIL_EDITOR, Role.ADMIN])
def test_upload_with_the_right_key_replaces_the_review(
    client: TestClient, store: GraphStore, trafford_html: Path, role: Role
) -> None:
    token = _bearer(store, role, TRAFFORD if role is Role.COUNCIL_EDITOR else None)
    result = _upload(client, trafford_html, token)
    assert result["status"] == 201, result
    body = result["body"]
    assert (body["council_id"], body["status"]) == (TRAFFORD, "updated")  # type: ignore[index]
    review = client.get(f"/reviews/{body['review_id']}").json()  # type: ignore[index]
    assert review["source"] == "trafford.html"
    assert len(review["findings"]) == body["findings"]  # type: ignore[index]
    again = _upload(client, trafford_html, token)
    assert again["body"]["status"] == "unchanged"  # type: ignore[index]


def test_a_revoked_or_unknown_key_is_401(client: TestClient, store: GraphStore, trafford_html: Path) -> None:
    from graph.access.keys import revoke_key

    credentials = open_credentials(store_settings(store))
    key_id, token = create_key(credentials, Role.ADMIN)
    revoke_key(credentials, key_id)
    assert _upload(client, trafford_html, token)["status"] == 401
    assert _upload(client, trafford_html, "pg_000000000000_nonsense")["status"] == 401


def test_bad_uploads_get_one_line_problems(client: TestClient, store: GraphStore, tmp_path: Path) -> None:
    token = _bearer(store, Role.ADMIN)
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 not really a pdf \x00\x01\x02")
    result = _upload(client, junk, token)
    assert result["status"] == 422
    detail = result["body"]["detail"]  # type: ignore[index]
    assert "junk.pdf" in detail and "\n" not in detail
    not_report = tmp_path / "minutes.txt"
    not_report.write_text("Minutes of the parish council meeting.\n\nApologies were received.\n")
    assert _upload(client, not_report, token)["status"] == 422


def test_uploads_over_the_size_limit_are_413(store: GraphStore, trafford_html: Path) -> None:
    settings = store_settings(store, max_file_mb=0.01)
    token = _bearer(store, Role.ADMIN)
    with TestClient(create_app(settings, store=store)) as small:
        result = _upload(small, trafford_html, token)
    assert result["status"] == 413
