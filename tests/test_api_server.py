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
