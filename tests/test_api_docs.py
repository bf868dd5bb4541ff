"""The API documentation pages, /docs (Swagger UI) and /redoc, work with the network cut.

A real `peergraph serve` on loopback and Debian's chromium whose every request off loopback goes
to a dead proxy (127.0.0.1:9): if a page still needed a CDN it would render nothing. Each page
must draw its operations, log no console error (a CSP refusal is one) and ask nothing of any
other host.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.browser_helpers import SCREENSHOTS, chromium
from tests.fixtures import LiveServer, copy_store

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

DRAWN_OPERATIONS = """() => Array.from(document.querySelectorAll('.opblock')).map(block => [
  block.querySelector('.opblock-summary-method').textContent,
  block.querySelector('.opblock-summary-path').getAttribute('data-path')])"""
OFFLINE = ["--proxy-server=127.0.0.1:9"]  # chromium sends loopback direct, everything else here


@pytest.fixture(scope="module")
def server(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(copy_store(example_db, tmp_path_factory.mktemp("docs") / "graph.lbug"))
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def offline_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    with chromium(tmp_path_factory.mktemp("chromium-offline"), *OFFLINE) as context:
        yield context


@pytest.mark.browser
def test_the_network_is_really_cut(offline_browser: BrowserContext) -> None:
    page = offline_browser.new_page()
    try:
        with pytest.raises(Exception, match=r"ERR_PROXY_CONNECTION_FAILED|ERR_TUNNEL_CONNECTION_FAILED"):
            page.goto("https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css", timeout=15_000)
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "operation"),
    [
        ("/docs", ".opblock-summary-path[data-path='/reports']"),
        ("/redoc", "h2:has-text('Upload a report')"),
    ],
)
def test_api_docs_render_their_operations_offline(
    server: LiveServer, offline_browser: BrowserContext, path: str, operation: str
) -> None:
    page = offline_browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    try:
        response = page.goto(server.url + path, wait_until="load")
        assert response is not None and response.status == 200
        page.locator(operation).first.wait_for(timeout=30_000)
        if path == "/docs":  # every operation of the API drawn
            spec = httpx.get(server.url + "/openapi.json").json()
            drawn = page.evaluate(DRAWN_OPERATIONS)
            assert {tuple(op) for op in drawn} == {
                (method.upper(), route) for route, ops in spec["paths"].items() for method in ops
            }
        page.screenshot(path=str(SCREENSHOTS / f"api{path.replace('/', '-')}.png"))
    finally:
        page.close()

    assert not errors, errors
    leaving = [url for url in requests if not url.startswith((server.url + "/", "data:", "blob:"))]
    assert not leaving, leaving


def test_api_docs_pages_load_no_cdn_and_hash_their_inline_script(server: LiveServer) -> None:
    for path in ("/docs", "/redoc"):
        response = httpx.get(server.url + path)
        policy = response.headers["content-security-policy"]
        assert response.status_code == 200
        assert "cdn" not in response.text and "https://" not in response.text
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
        assert "frame-ancestors 'self'" in policy
    assert "'sha256-" in httpx.get(server.url + "/docs").headers["content-security-policy"]
    assert httpx.get(server.url + "/static/api-docs/redoc.standalone.js").status_code == 200


def test_redoc_bundle_names_no_remote_image(server: LiveServer) -> None:
    bundle = httpx.get(server.url + "/static/api-docs/redoc.standalone.js")
    assert bundle.status_code == 200 and len(bundle.content) > 500_000
    assert "cdn.redoc.ly" not in bundle.text
