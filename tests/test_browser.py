"""The web pages and graph views in a real headless browser (Debian's chromium via Playwright).

A live `peergraph serve` on loopback holds the seeds plus the fictional examples and Westmoor's
two plans, loaded with the project's own commands. Every page must load with no console error
and no request leaving loopback; a full-page screenshot of each lands in
`test-artifacts/screenshots/`. `make browser` installs chromium when it is missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from graph.reports.ids import person_id
from tests.browser_helpers import (
    COUNT_NODES,
    DUNHOLLOW,
    SCRIPT,
    TORBAY,
    VIEWS,
    WESTMOOR,
    Site,
    visit,
    wait_for_graph,
)
from viz.graph_views import PATTERNS_PER_THEME, TOP_PATTERNS

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser


PAGES: dict[str, Callable[[Site], str | None]] = {
    "home": lambda s: "/ui/",
    "councils": lambda s: "/ui/councils",
    "council": lambda s: f"/ui/councils/{TORBAY}",
    "review": lambda s: f"/ui/reviews/{s.review_id(TORBAY)}",
    "review-dunhollow": lambda s: f"/ui/reviews/{s.review_id(DUNHOLLOW)}",
    "trace": lambda s: f"/ui/recommendations/{s.westmoor_recommendation()['id']}",
    "patterns": lambda s: "/ui/patterns",
    "pattern": lambda s: f"/ui/patterns/{s.pattern_id()}" if s.pattern_id() else None,
    "actions": lambda s: "/ui/actions",
    "actions-overdue": lambda s: f"/ui/actions?overdue=yes&council={WESTMOOR}",
    "owners": lambda s: "/ui/owners",
    "owner": lambda s: "/ui/owners/owner-dass",
    "search": lambda s: "/ui/search?q=waiting+lists",
    "graph-trace": lambda s: f"/ui/graph/trace/{s.westmoor_recommendation()['id']}",
    "graph-council": lambda s: f"/ui/graph/council/{TORBAY}",
    "graph-patterns": lambda s: "/ui/graph/patterns",
    "graph-peers": lambda s: "/ui/graph/peers",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_offline_without_errors(site: Site, browser: BrowserContext, name: str) -> None:
    path = PAGES[name](site)
    assert path is not None, f"the store has something to show on the {name} page"

    with visit(browser, site.server.url + path, name, (site.server.url + "/",)) as seen:
        if name.startswith("graph-"):
            wait_for_graph(seen.page)
        if name == "trace":
            frame = seen.page.frame_locator("iframe.graph-frame")
            frame.locator('#graph[data-drawn="true"]').wait_for(state="attached", timeout=30_000)
        assert seen.page.locator("h1").count() == 1


def test_tab_reaches_the_skip_link_first(site: Site, browser: BrowserContext) -> None:
    with visit(browser, site.server.url + "/ui/", None, (site.server.url + "/",)) as seen:
        seen.page.keyboard.press("Tab")
        focused = seen.page.evaluate(
            "() => [document.activeElement.className, document.activeElement.textContent]"
        )
        assert focused == ["skip-link", "Skip to main content"]
        assert seen.page.locator(".skip-link").is_visible()
        seen.page.keyboard.press("Enter")
        seen.page.wait_for_url("**#main-content")
        assert seen.page.evaluate("() => document.activeElement.id") == "main-content"


def test_clicking_a_recommendation_in_a_report_opens_its_trace(site: Site, browser: BrowserContext) -> None:
    rec = site.torbay_recommendation()

    with visit(
        browser, site.server.url + f"/ui/reviews/{site.review_id(TORBAY)}", None, (site.server.url + "/",)
    ) as seen:
        seen.page.locator(f'a.recommendation[id="item-{rec["id"]}"]').click()
        seen.page.wait_for_url(f"**/ui/recommendations/{rec['id']}")
        assert seen.page.inner_text("h1") == "Recommendation trace"
        assert seen.page.inner_text("blockquote p.lead") == rec["text"]
        seen.page.frame_locator("iframe.graph-frame").locator('#graph[data-drawn="true"]').wait_for(
            state="attached", timeout=30_000
        )


def test_a_report_containing_script_shows_it_as_text(site: Site, browser: BrowserContext) -> None:
    with visit(
        browser, site.server.url + f"/ui/reviews/{site.review_id(DUNHOLLOW)}", None, (site.server.url + "/",)
    ) as seen:
        assert SCRIPT in seen.page.inner_text(".report-text")
        assert seen.page.locator("script").count() == 0
    assert not seen.dialogs


def expected_counts(site: Site, view: str) -> dict[str, int]:
    """What a view should hold, from the JSON API (an independent path to the same graph).

    The peer network is checked on its people only: its councils include those peers work for.
    """
    if view == "patterns":
        matrix = site.api("/patterns/matrix", by="council")
        reach = {
            pid: sum(1 for v in row if v) for pid, row in zip(matrix["rows"], matrix["cells"], strict=True)
        }
        top = sorted((pid for pid in reach if reach[pid]), key=lambda pid: (-reach[pid], pid))[:TOP_PATTERNS]
        rows = [row for pid, row in zip(matrix["rows"], matrix["cells"], strict=True) if pid in top]
        counts = {
            "pattern": len(top),
            "council": sum(1 for j in range(len(matrix["columns"])) if any(row[j] for row in rows)),
        }
    elif view == "peers":
        reviews = [
            site.api(f"/reviews/{review['id']}")
            for council in site.api("/councils", limit=500)["items"]
            for review in site.api(f"/councils/{council['id']}")["reviews"]
        ]
        people = {person_id(member["name"]) for review in reviews for member in review["peer_team"]}
        return {"person": len(people)}
    elif view == "trace":
        trace = site.api(f"/recommendations/{site.torbay_recommendation()['id']}/trace")
        owners = {o["name"] for o in trace["owners"]} | {n for a in trace["actions"] for n in a["owners"]}
        counts = {
            "review": 1,
            "recommendation": 1,
            "finding": len(trace["findings"]),
            "owner": len(owners),
            "action": len(trace["actions"]),
        }
    else:
        detail = site.api(f"/councils/{TORBAY}")
        names = {p["id"]: p["name"] for p in site.api("/patterns")}
        shown: set[str] = set()
        for review in detail["reviews"]:
            by_theme: dict[int, Counter[str]] = {}
            for finding in site.api(f"/reviews/{review['id']}")["findings"]:
                if finding["theme"] is not None:
                    by_theme.setdefault(finding["theme"], Counter()).update(finding["patterns"])
            for counted in by_theme.values():
                ranked = sorted(counted.items(), key=lambda kv: (-kv[1], names[kv[0]]))
                shown |= {pattern for pattern, _ in ranked[:PATTERNS_PER_THEME]}
        counts = {
            "council": 1,
            "review": len(detail["reviews"]),
            "theme": len({c["theme"] for c in detail["counts"] if c["theme"] is not None}),
            "owner": len({n for r in detail["recommendations"] for n in r["owners"]}),
            "pattern": len(shown),
        }
    return {group: n for group, n in counts.items() if n}


@pytest.mark.parametrize("view", ["trace", "council"])
def test_graph_views_show_the_expected_nodes_for_torbay(
    site: Site, browser: BrowserContext, view: str
) -> None:
    path = {
        "trace": f"/ui/graph/trace/{site.torbay_recommendation()['id']}",
        "council": f"/ui/graph/council/{TORBAY}",
    }

    with visit(browser, site.server.url + path[view], None, (site.server.url + "/",)) as seen:
        wait_for_graph(seen.page)
        drawn = seen.page.evaluate(COUNT_NODES)
        listed = seen.page.evaluate("() => JSON.parse(document.getElementById('graph-counts').textContent)")

    assert drawn == listed == expected_counts(site, view)


@pytest.mark.parametrize("view", VIEWS)
def test_graph_views_written_by_the_cli_open_offline(site: Site, browser: BrowserContext, view: str) -> None:
    file_url = site.views[view].as_uri()

    with visit(browser, file_url, f"file-{view}", (file_url,)) as seen:
        wait_for_graph(seen.page)
        drawn = seen.page.evaluate(COUNT_NODES)
        total = int(seen.page.get_attribute("#graph", "data-nodes") or 0)

    assert sum(drawn.values()) == total
    expected = expected_counts(site, view)
    assert {group: drawn.get(group, 0) for group in expected} == expected
