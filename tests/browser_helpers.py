"""Browser test helpers: a live site over the seeds plus the examples, headless Chromium, visits.

`tests/test_browser.py` and `tests/test_browser_pages.py` share them: the site is served by a
real `peergraph serve`, pages are opened in Debian's chromium, and every visit records console
errors and requests leaving loopback, and saves a full-page screenshot.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from peergraph.examples import EXAMPLES
from tests.fixtures import PROJECT, LiveServer, copy_store

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"
TORBAY, WESTMOOR, DUNHOLLOW = "E06000027", "X99000002", "X99000005"
SCRIPT = "<script>alert(1)</script>"
EXAMPLES_CQC = PROJECT / "peergraph" / "examples-cqc"
"""The examples' fictional CQC results, as `peergraph demo` loads them."""
COUNT_NODES = """() => {
  const counts = {};
  window.peergraph.nodes.forEach(node => { counts[node.group] = (counts[node.group] || 0) + 1; });
  return counts;
}"""
VIEWS = ("trace", "council", "patterns", "peers")


def _peergraph(*args: str) -> None:
    subprocess.run(
        [str(Path(sys.executable).parent / "peergraph"), *args], check=True, capture_output=True, text=True
    )


@dataclass
class Site:
    server: LiveServer
    views: dict[str, Path] = field(default_factory=dict)
    """The graph views written by `peergraph viz`, to open from disk."""

    def api(self, path: str, **params: Any) -> Any:
        response = httpx.get(self.server.url + path, params=params, timeout=30)
        response.raise_for_status()
        return response.json()

    def review_id(self, council_id: str) -> str:
        return str(self.api(f"/councils/{council_id}")["reviews"][0]["id"])

    def torbay_recommendation(self) -> dict[str, Any]:
        recs = self.api(f"/councils/{TORBAY}")["recommendations"]
        return next(r for r in recs if r["source"] == "summary" and r["findings"])

    def westmoor_recommendation(self) -> dict[str, Any]:
        return next(r for r in self.api(f"/councils/{WESTMOOR}")["recommendations"] if r["action_status"])

    def pattern_id(self) -> str | None:
        shown = [p for p in self.api("/patterns") if p["instances"]]
        return shown[0]["id"] if shown else None


@pytest.fixture(scope="module")
def site(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The seeds plus examples/ (with their CQC results), imported by the CLI, served on loopback;
    the views written to files."""
    folder = tmp_path_factory.mktemp("browser")
    db = copy_store(seed_db, folder / "graph.lbug")
    _peergraph("import", str(EXAMPLES), "--db", str(db))
    for plan in ("westmoor-2025-06.csv", "westmoor-2025-10.csv"):
        _peergraph("import-plan", str(EXAMPLES / "plans" / plan), "--council", WESTMOOR, "--db", str(db))
    _peergraph("import-cqc", str(EXAMPLES_CQC), "--db", str(db))
    offline = copy_store(db, folder / "offline.lbug")
    server = LiveServer(db)
    try:
        built = Site(server)
        rec = built.torbay_recommendation()["id"]
        for name, args in {"trace": [rec], "council": [TORBAY], "patterns": [], "peers": []}.items():
            built.views[name] = folder / f"{name}.html"
            _peergraph("viz", name, *args, "-o", str(built.views[name]), "--db", str(offline))
        yield built
    finally:
        server.stop()


@contextmanager
def chromium(profile: Path, *extra_flags: str, **options: Any) -> Iterator[BrowserContext]:
    """Debian's headless chromium (no download of its own) with a fresh profile in `profile`."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make browser` installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=[*FLAGS, *extra_flags],
            viewport={"width": 1280, "height": 900},
            **options,
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """The browser tests' chromium; service workers blocked so every request is seen."""
    with chromium(tmp_path_factory.mktemp("chromium-profile"), service_workers="block") as context:
        yield context


@dataclass
class Visit:
    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def visit(
    browser: BrowserContext,
    url: str,
    screenshot: str | None,
    allowed: tuple[str, ...],
    width: int | None = None,
) -> Iterator[Visit]:
    """Open `url`, recording console errors, requests and dialogs; check them and take a screenshot.

    `width` narrows the viewport (a phone is 390 px wide).
    """
    seen = Visit(browser.new_page())
    if width is not None:
        seen.page.set_viewport_size({"width": width, "height": 844})
    seen.page.on(
        "console", lambda message: seen.errors.append(message.text) if message.type == "error" else None
    )
    seen.page.on("pageerror", lambda error: seen.errors.append(str(error)))
    seen.page.on("request", lambda request: seen.requests.append(request.url))

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    seen.page.on("dialog", on_dialog)
    try:
        response = seen.page.goto(url, wait_until="load")
        if url.startswith("http"):
            assert response is not None and response.status == 200, (url, response and response.status)
        yield seen
        if screenshot:
            seen.page.screenshot(path=str(SCREENSHOTS / f"{screenshot}.png"), full_page=True)
        assert not seen.errors, seen.errors
        assert not seen.dialogs, seen.dialogs
        leaving = [u for u in seen.requests if not u.startswith((*allowed, "data:", "about:"))]
        assert not leaving, leaving
    finally:
        seen.page.close()


def wait_for_graph(page: Page) -> None:
    page.wait_for_selector('#graph[data-drawn="true"]', state="attached", timeout=30_000)
