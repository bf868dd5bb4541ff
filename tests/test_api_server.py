"""The web service as a real uvicorn process on loopback, driven over HTTP, on the five seeds."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.fixtures import LiveServer


def test_live_server_traces_a_torbay_recommendation_to_the_dass(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url, timeout=10) as http:
        summary = http.get("/recommendations", params={"council": "E06000027", "source": "summary"}).json()
        first = summary["items"][0]
        trace = http.get(f"/recommendations/{first['id']}/trace").json()
    assert first["text"].startswith("Alongside the role of the new S75 Joint Executive Group")
    assert "DASS" in [owner["name"] for owner in trace["owners"]]


def test_live_server_search_and_region_filter(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url, timeout=10) as http:
        hits = http.get("/search", params={"q": "single points of failure"}).json()["items"]
        findings = http.get("/findings", params={"region": "South West", "limit": 500}).json()["items"]
    assert hits[0]["citation"]["council"] == "Somerset Council"
    assert {f["citation"]["council"] for f in findings} == {
        "Torbay Council",
        "Somerset Council",
        "Gloucestershire County Council",
    }


def test_live_server_upload_needs_a_key_and_logs_request_ids(
    live_server: LiveServer, seeds_dir: Path
) -> None:
    report = seeds_dir / "004_07dce561e914b58f.txt"
    with httpx.Client(base_url=live_server.url, timeout=60) as http:
        refused = http.post("/reports", files={"file": (report.name, report.read_bytes(), "text/plain")})
        accepted = http.post(
            "/reports",
            files={"file": (report.name, report.read_bytes(), "text/plain")},
            headers={"Authorization": f"Bearer {live_server.admin_key}", "X-Request-ID": "live-upload-0001"},
        )
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["status"] == "unchanged"
    assert "[live-upload-0001]" in live_server.log_once_it_holds("[live-upload-0001]")


def test_a_server_told_to_stop_closes_its_store_and_says_it_no_longer_serves(seed_db_copy: Path) -> None:
    """SIGTERM (docker stop, systemd): uvicorn shuts down, then raised the signal again, which ended
    the process before the store was closed and the serving file removed."""
    from graph.store.control import read_serving_file, serving_file_path
    from graph.store.embedded import EmbeddedStore

    server = LiveServer(seed_db_copy)
    try:
        assert read_serving_file(seed_db_copy) is not None
    finally:
        server.stop()
    assert server.process.returncode == 128 + 15
    assert not serving_file_path(seed_db_copy).exists()
    assert not seed_db_copy.with_name(seed_db_copy.name + ".wal").exists(), "the store was not closed"
    with EmbeddedStore(seed_db_copy, read_only=True) as store:
        assert store.run_cypher("MATCH (r:Review) RETURN count(r) AS n")[0]["n"] == 5
