"""Issue 17's pages in a real headless Chromium: what an adviser clicks, and what it shows.

The live site holds the five reference reports plus the fictional examples (tests/browser_helpers.py).
Each test takes screenshots into `test-artifacts/screenshots/` as it goes.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.browser_helpers import SCREENSHOTS, TORBAY, WESTMOOR, Site, visit, wait_for_graph

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.browser
KPD = "key_person_dependency"
SOMERSET = "E06000066"


def local(site: Site) -> tuple[str, ...]:
    return (site.server.url + "/",)


def shot(page: Page, name: str, full_page: bool = False) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def torbay_review(site: Site) -> dict[str, Any]:
    return dict(site.api(f"/reviews/{site.review_id(TORBAY)}"))


# --- 17.1 the review page ------------------------------------------------------------------------


def test_the_contents_list_jumps_to_the_reports_own_headings(site: Site, browser: BrowserContext) -> None:
    review = torbay_review(site)

    with visit(browser, site.server.url + f"/ui/reviews/{review['id']}", None, local(site)) as seen:
        page = seen.page
        shot(page, "review-contents")
        link = page.locator("nav.contents a", has_text="Quality Statement One: Assessing needs")
        link.click()
        page.wait_for_url(re.compile(r"#part-\d+$"))
        heading = page.locator(page.url[page.url.index("#") :])
        assert heading.evaluate("e => e.tagName") == "H4"
        assert heading.inner_text() == "Quality Statement One: Assessing needs"
        top = heading.evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < 200, top
        shot(page, "review-quality-statement")
        assert page.locator(".report-text h3").count() >= 5


def test_sentences_carry_their_own_polarity_and_items_their_patterns(
    site: Site, browser: BrowserContext
) -> None:
    review = torbay_review(site)
    mixed = next(
        f for f in review["findings"] if len({s["polarity"] for s in f["sentences"]} - {"neutral"}) == 2
    )

    with visit(
        browser, site.server.url + f"/ui/reviews/{review['id']}#item-{mixed['id']}", None, local(site)
    ) as seen:
        page = seen.page
        item = page.locator(f"#item-{mixed['id']}")
        kinds = set(item.locator(".sentence").evaluate_all("els => els.map(e => e.className)"))
        assert {"sentence sentence--strength", "sentence sentence--area-for-development"} <= kinds
        tags = item.locator("a.pattern-tag")
        assert tags.count() == len(mixed["patterns"]) > 0
        item.scroll_into_view_if_needed()
        shot(page, "review-sentences-and-patterns")
        tags.first.click()
        page.wait_for_url(re.compile(r"/ui/patterns/[a-z_]+$"))
        assert page.locator("h1").count() == 1


def test_the_review_filters_narrow_it_to_matching_items(site: Site, browser: BrowserContext) -> None:
    review = torbay_review(site)
    expected = [f for f in review["findings"] if f["polarity"] == "strength" and f["theme"] == 3]

    with visit(browser, site.server.url + f"/ui/reviews/{review['id']}", None, local(site)) as seen:
        page = seen.page
        page.select_option("#filter-theme", "3")
        page.select_option("#filter-polarity", "strength")
        page.click("text=Show matching items")
        page.wait_for_url(re.compile(r"theme=3"))
        assert page.inner_text("#report-text") == f"Matching items ({len(expected)})"
        assert page.locator("ol.matches > li").count() == len(expected) > 0
        shot(page, "review-filtered", full_page=True)


# --- 17.2 patterns -------------------------------------------------------------------------------


def test_key_person_dependency_shows_every_somerset_and_torbay_quote_in_one_click(
    site: Site, browser: BrowserContext
) -> None:
    wanted = {
        q["id"]
        for council in (SOMERSET, TORBAY)
        for q in site.api(f"/patterns/{KPD}/quotes", council=council, limit=500)["items"]
    }
    assert wanted, "the reference reports show key person dependency"

    with visit(browser, site.server.url + f"/ui/patterns/{KPD}", None, local(site)) as seen:
        page = seen.page
        shot(page, "pattern-kpd")
        page.locator("table a", has_text="South West").first.click()
        page.wait_for_url(re.compile(r"region=South(\+|%20)West"))
        shown = set(page.locator(".quotes blockquote").evaluate_all("els => els.map(e => e.id.slice(6))"))
        assert wanted <= shown
        regions = set(page.locator(".quotes blockquote .hint:last-child").all_inner_texts())
        assert regions == {"South West"}
        page.locator("#quotes").scroll_into_view_if_needed()
        shot(page, "pattern-kpd-south-west")


def test_the_heat_map_shows_shares_with_counts_and_links_to_quotes(
    site: Site, browser: BrowserContext
) -> None:
    with visit(browser, site.server.url + "/ui/patterns", "patterns-heatmap", local(site)) as seen:
        page = seen.page
        hover = page.locator("svg.heatmap g title").first.text_content() or ""
        assert re.search(r": \d+ of \d+ reviewed councils \(\d+%\)$", hover), hover
        page.locator(".heatmap-table td a").first.click()
        page.wait_for_url(re.compile(r"/ui/patterns/[a-z_]+\?region="))
        assert "quotes match in" in page.inner_text(".quote-count")


def test_the_pattern_by_council_table_filters_by_region(site: Site, browser: BrowserContext) -> None:
    with visit(browser, site.server.url + "/ui/patterns/councils", None, local(site)) as seen:
        page = seen.page
        page.select_option("#region", "South West")
        page.click("text=Show councils")
        page.wait_for_url(re.compile(r"region=South"))
        headers = page.locator("table.matrix thead th a").all_inner_texts()
        assert "Torbay Council" in headers and "Trafford Council" not in headers
        shot(page, "patterns-by-council", full_page=True)


# --- 17.3 search ---------------------------------------------------------------------------------


def test_search_pages_filters_and_shows_badges(site: Site, browser: BrowserContext) -> None:
    everything = site.api("/search", q="waiting lists", limit=500)["items"]

    with visit(browser, site.server.url + "/ui/search?q=waiting+lists", None, local(site)) as seen:
        page = seen.page
        assert page.locator(".search-results > li").count() == 20 < len(everything)
        page.click("a[rel=next]")
        page.wait_for_url(re.compile(r"cursor="))
        assert page.locator(".search-results > li").count() == min(20, len(everything) - 20)
        assert page.locator("ol.search-results").get_attribute("start") == "21"
        shot(page, "search-page-2")
        page.select_option("#s-region", "South West")
        page.select_option("#s-polarity", "area_for_development")
        page.click("form.search-filters button")
        page.wait_for_url(re.compile(r"polarity=area_for_development"))
        badges = page.locator(".search-results blockquote p:first-child strong").all_inner_texts()
        assert "AREA FOR DEVELOPMENT" in [b.upper() for b in badges]
        assert all("South West" in text for text in page.locator(".search-results .hint").all_inner_texts())
        shot(page, "search-filtered")


# --- 17.4 exports --------------------------------------------------------------------------------


def test_export_links_download_files_that_open(site: Site, browser: BrowserContext) -> None:
    with visit(browser, site.server.url + f"/ui/patterns/{KPD}?region=South+West", None, local(site)) as seen:
        page = seen.page
        with page.expect_download() as download:
            page.click("text=CSV >> nth=0")
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
        assert rows[0][:3] == ["pattern_id", "kind", "polarity"]
        assert {r[rows[0].index("region")] for r in rows[1:]} == {"South West"}
        quotes = site.api(f"/patterns/{KPD}/quotes", region="South West", limit=500)["items"]
        assert len(rows) - 1 == len(quotes)

    with visit(browser, site.server.url + f"/ui/actions?council={WESTMOOR}", None, local(site)) as seen:
        page = seen.page
        page.locator("text=Download these actions").scroll_into_view_if_needed()
        shot(page, "actions-export-links")
        with page.expect_download() as download:
            page.click("text=Excel (XLSX)")
        assert download.value.suggested_filename == "action-tracker.xlsx"
        sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
        assert sheet is not None
        refs = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert refs and refs == sorted(refs, key=lambda r: int(str(r)[1:]))

    for path in (f"/ui/councils/{TORBAY}", "/ui/patterns", "/ui/search?q=waiting+lists"):
        html = httpx.get(site.server.url + path, timeout=30).text
        links = re.findall(r'href="(/exports/[^"]+)"', html)
        assert links, path
        for link in links:
            assert httpx.get(site.server.url + link.replace("&amp;", "&"), timeout=60).status_code == 200, (
                link
            )


# --- 17.5 graph views ----------------------------------------------------------------------------


def click_node(page: Page, node_id: str) -> None:
    """Click a drawn node where vis-network put it."""
    point = page.evaluate(
        """id => {
            const net = window.peergraph.network;
            const dom = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.getElementById('graph').getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        node_id,
    )
    page.mouse.click(point["x"], point["y"])


def test_graph_views_sit_in_the_site_and_a_node_opens_its_page(site: Site, browser: BrowserContext) -> None:
    with visit(browser, site.server.url + f"/ui/graph/council/{TORBAY}", None, local(site)) as seen:
        page = seen.page
        wait_for_graph(page)
        assert page.locator(".site-header a", has_text="Patterns").count() == 1
        assert page.locator(".back a").get_attribute("href") == f"/ui/councils/{TORBAY}"
        levels = page.evaluate(
            "() => Object.fromEntries(window.peergraph.nodes.get().map(n => [n.group, n.level]))"
        )
        assert levels["council"] < levels["review"] < levels["theme"] < levels["pattern"]
        shot(page, "graph-council-by-theme")
        click_node(page, "theme:3")
        page.wait_for_url(re.compile(r"/ui/reviews/.+\?theme=3$"))
        assert page.inner_text("#report-text").startswith("Matching items")


def test_the_pattern_map_keeps_the_top_patterns_of_a_region(site: Site, browser: BrowserContext) -> None:
    with visit(browser, site.server.url + "/ui/graph/patterns", None, local(site)) as seen:
        page = seen.page
        wait_for_graph(page)
        page.select_option("#top", "5")
        page.select_option("#region", "South West")
        page.click("form.controls button")
        page.wait_for_url(re.compile(r"top=5&region=South"))
        wait_for_graph(page)
        groups = page.evaluate("() => window.peergraph.nodes.get().map(n => [n.group, n.region || ''])")
        assert sum(1 for group, _ in groups if group == "pattern") == 5
        assert {region for group, region in groups if group == "council"} == {"South West"}
        legend = page.locator(".legend li").all_inner_texts()
        assert legend == ["Pattern", "Council in South West", "a council's reports show the pattern"]
        shot(page, "graph-patterns-top5-south-west")
        click_node(page, "council:" + TORBAY)
        page.wait_for_url(re.compile(f"/ui/councils/{TORBAY}$"))


def test_the_trace_lists_its_whole_graph_and_its_legend_is_honest(
    site: Site, browser: BrowserContext
) -> None:
    rec = site.westmoor_recommendation()

    with visit(browser, site.server.url + f"/ui/recommendations/{rec['id']}", None, local(site)) as seen:
        page = seen.page
        frame = page.frame_locator("iframe.graph-frame")
        frame.locator('#graph[data-drawn="true"]').wait_for(state="attached", timeout=30_000)
        total = int(frame.locator("#graph").get_attribute("data-nodes") or 0)
        assert page.locator(".graph-listing li").count() == total > 1
        colours = frame.locator(".legend .swatch").evaluate_all(
            "els => els.map(e => getComputedStyle(e).backgroundColor)"
        )
        assert len(colours) == len(set(colours))
        drawn = frame.locator("#graph").evaluate(
            "() => new Set(window.peergraph.nodes.get().map(n => n.color)).size"
        )
        assert len(colours) <= drawn
        page.locator("#graph-as-text").scroll_into_view_if_needed()
        shot(page, "trace-graph-as-text", full_page=True)


def test_the_peer_network_promises_no_line_it_does_not_draw(site: Site, browser: BrowserContext) -> None:
    with visit(browser, site.server.url + "/ui/graph/peers", "graph-peers-legend", local(site)) as seen:
        wait_for_graph(seen.page)
        dashed = seen.page.evaluate("() => window.peergraph.edges.get().filter(e => e.dashes).length")
        promised = seen.page.locator('.legend li[data-line="dashed"]').count()
        assert promised == (1 if dashed else 0)
        assert ("dashed" in seen.page.inner_text("p.description")) is False


# --- 17.6 the action tracker ---------------------------------------------------------------------


def test_the_tracker_sorts_and_fits_a_phone(site: Site, browser: BrowserContext) -> None:
    with visit(browser, site.server.url + "/ui/actions", None, local(site), width=390) as seen:
        page = seen.page
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        right = page.locator("form.filters .form-group").evaluate_all(
            "els => Math.max(...els.map(e => e.getBoundingClientRect().right))"
        )
        assert right <= 390
        # a Ref cell links to its action page, with "open the action" for screen readers
        refs = [
            text.split()[0] for text in page.locator("table.actions tbody td:nth-child(2)").all_inner_texts()
        ]
        assert refs == sorted(refs, key=lambda r: int(r[1:]))
        shot(page, "actions-390", full_page=True)
        page.click("text=order by due date")
        page.wait_for_url(re.compile(r"sort=due"))
        dues = [d[:10] for d in page.locator("table.actions tbody td:nth-child(6)").all_inner_texts()]
        assert dues == sorted(dues)
        shot(page, "actions-390-by-due-date")


def test_every_page_prints_without_its_navigation(
    site: Site, browser: BrowserContext, tmp_path: Path
) -> None:
    review = site.review_id(TORBAY)
    for name, path in {
        "review": f"/ui/reviews/{review}",
        "pattern": f"/ui/patterns/{KPD}",
        "actions": "/ui/actions",
        "search": "/ui/search?q=waiting+lists",
    }.items():
        with visit(browser, site.server.url + path, None, local(site)) as seen:
            page = seen.page
            page.emulate_media(media="print")
            assert page.locator(".site-nav").is_hidden()
            assert page.locator("form").first.is_hidden() if page.locator("form").count() else True
            assert page.locator("h1").is_visible()
            pdf = tmp_path / f"{name}.pdf"
            page.pdf(path=str(pdf), format="A4")
            page.emulate_media(media="screen")
        prefix = SCREENSHOTS / f"print-{name}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True
        )
        assert Path(f"{prefix}-1.png").exists() or Path(f"{prefix}-01.png").exists()


# --- issue 18: CQC beside the peer challenge -----------------------------------------------------


def test_a_council_page_sets_cqc_scores_beside_the_peer_team(site: Site, browser: BrowserContext) -> None:
    cqc = site.api(f"/councils/{WESTMOOR}/cqc")
    low = next(s for s in cqc["statements"] if s["cqc_score"] is not None and s["cqc_score"] <= 2)

    with visit(browser, site.server.url + f"/ui/councils/{WESTMOOR}", None, local(site)) as seen:
        page = seen.page
        page.locator("#cqc").scroll_into_view_if_needed()
        shot(page, "council-cqc")
        rows = page.locator("table.cqc-statements tbody tr")
        assert rows.count() == 9
        assert page.locator("table.cqc-statements tr.row--low").count() == sum(
            1 for s in cqc["statements"] if s["cqc_score"] is not None and s["cqc_score"] <= 2
        )
        page.locator("table.cqc-statements a", has_text=low["name"]).click()
        page.wait_for_url(re.compile(f"#qs-{low['quality_statement']}$"))
        section = page.locator(f"#qs-{low['quality_statement']}")
        assert f"CQC {low['cqc_score']} of 4" in section.locator("h3").inner_text()
        quotes = section.locator("blockquote .citation a")
        assert quotes.count() == sum(
            len(low[k]) for k in ("peer_strengths", "peer_areas_for_development", "peer_mixed")
        )
        shot(page, "council-cqc-statement")


def test_the_cqc_page_compares_councils_and_exports(site: Site, browser: BrowserContext) -> None:
    table = site.api("/cqc/cross-council")

    with visit(browser, site.server.url + "/ui/cqc", None, local(site)) as seen:
        page = seen.page
        assert "descriptions, not proof" in page.inner_text(".inset")
        assert page.locator("table.cqc-cross tbody tr").count() == 9
        shot(page, "cqc-page", full_page=True)
        with page.expect_download() as download:
            page.click("text=CSV")
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
        assert sum(1 for r in rows[1:] if r and r[0] == "statement") == len(table["statements"])
        page.select_option("#cqc-statement", "qs1_assessing_needs")
        page.click("form.filters button")
        page.wait_for_url(re.compile(r"quality_statement=qs1_assessing_needs"))
        statements = set(page.locator("table.cqc-patterns tbody td:nth-child(2)").all_inner_texts())
        assert statements == {"Assessing needs"}
        page.locator("#disagreements").scroll_into_view_if_needed()
        shot(page, "cqc-disagreements")
