"""The web pages in-process, on the seeds plus the fictional examples: content, filters, escaping.

Each page is asked for over HTTP (TestClient) and checked against what the read functions say
the store holds; `tests/test_browser.py` drives the same pages in a real browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.reads import reviews as reads
from graph.reads.actions import actions_page, council_actions, sorted_actions
from graph.reads.models import FindingOut, RecommendationOut
from graph.store import GraphStore, open_store
from peergraph.core.settings import Settings
from tests.fixtures import DUNHOLLOW, SCRIPT, TORBAY, WESTMOOR, app_client, examples_db
from viz import charts
from viz.pages import theme_label
from viz.segments import review_segments, segment_text


@pytest.fixture(scope="module")
def store(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    with open_store(
        Settings(db=examples_db(seed_db, tmp_path_factory), neo4j_uri=None), read_only=True
    ) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(store: GraphStore) -> Iterator[TestClient]:
    with app_client(store) as test_client:
        yield test_client


def review_id(store: GraphStore, council_id: str) -> str:
    return reads.council(store, council_id).reviews[0].id


def torbay_summary_recommendation(store: GraphStore) -> RecommendationOut:
    return next(r for r in reads.council(store, TORBAY).recommendations if r.source == "summary")


def westmoor_recommendation_with_actions(store: GraphStore) -> RecommendationOut:
    return next(r for r in reads.council(store, WESTMOOR).recommendations if r.action_status)


class Outline(HTMLParser):
    """What a page is made of: headings, landmarks, links, table header scopes, labels, ids."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_h1 = self._in_h1 or tag == "h1"
        if tag == "h1":
            self.h1.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1[-1] += data

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def ids(self) -> set[str]:
        return {str(a["id"]) for _, a in self.tags if a.get("id")}


def outline(html: str) -> Outline:
    parsed = Outline()
    parsed.feed(html)
    return parsed


def page_paths(store: GraphStore) -> dict[str, str]:
    paths = {
        "home": "/ui/",
        "councils": "/ui/councils",
        "council": f"/ui/councils/{TORBAY}",
        "review": f"/ui/reviews/{review_id(store, TORBAY)}",
        "trace": f"/ui/recommendations/{westmoor_recommendation_with_actions(store).id}",
        "patterns": "/ui/patterns",
        "actions": "/ui/actions",
        "owners": "/ui/owners",
        "owner": "/ui/owners/owner-dass",
        "search": "/ui/search?q=waiting+lists",
    }
    from graph.reads import patterns as pattern_reads

    shown = [p for p in pattern_reads.patterns_overview(store) if p.instances]
    if shown:
        paths["pattern"] = f"/ui/patterns/{shown[0].id}"
    return paths


PAGES = ["home", "councils", "council", "review", "trace", "patterns", "actions", "owners", "owner", "search"]


@pytest.mark.parametrize("name", [*PAGES, "pattern"])
def test_every_page_is_accessible_html(client: TestClient, store: GraphStore, name: str) -> None:
    path = page_paths(store).get(name)
    assert path is not None, f"the seeded store has something to show on the {name} page"

    response = client.get(path)

    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'none'" in response.headers["content-security-policy"]
    page = outline(response.text)
    assert len(page.h1) == 1, page.h1
    first_link = page.all("a")[0]
    assert (first_link["href"], first_link["class"]) == ("#main-content", "skip-link")
    assert page.all("main", id="main-content") and page.all("header") and page.all("footer")
    assert page.all("nav")
    assert not page.all("script"), "pages work without JavaScript"
    assert all(th.get("scope") in ("col", "row") for th in page.all("th"))
    labelled = {label["for"] for label in page.all("label")}
    fields = [f for f in page.all("input") + page.all("select") if f.get("type") != "hidden"]
    assert all(field["id"] in labelled for field in fields)  # hidden fields (CSRF tokens) need none
    assert all(
        not str(a.get("href", "")).startswith(("http://", "https://"))
        for a in page.all("a") + page.all("link")
    )


def test_root_redirects_to_the_pages(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (307, "/ui/")


def test_home_shows_counts_recent_imports_and_regions(client: TestClient, store: GraphStore) -> None:
    from graph.store.stats import store_stats

    html = client.get("/ui/").text

    totals = store_stats(store).totals
    for key in ("reviews", "findings", "recommendations", "action_items"):
        assert f'<span class="number">{totals[key]}</span>' in html
    reviews = sorted(
        (r for c in reads.councils(store).items for r in reads.council(store, c.id).reviews),
        key=lambda r: (r.imported_at or "", r.id),
        reverse=True,
    )
    recent = html[html.index("<h2>Recent imports</h2>") : html.index("<h2>Where the reviews are</h2>")]
    assert re.findall(r'href="/ui/reviews/([^"]+)"', recent) == [r.id for r in reviews[:10]]
    assert 'role="img"' in html and "<title" in html
    assert '<form class="search-form" action="/ui/search" method="get"' in html


def test_council_page_lists_reviews_themes_and_recommendations(client: TestClient, store: GraphStore) -> None:
    detail = reads.council(store, TORBAY)

    html = client.get(f"/ui/councils/{TORBAY}").text

    page = outline(html)
    assert page.h1 == ["Torbay Council"]
    assert f'href="/ui/reviews/{detail.reviews[0].id}"' in html
    per_theme: dict[int | None, int] = {}
    for count in detail.counts:
        per_theme[count.theme] = per_theme.get(count.theme, 0) + count.count
    for theme, total in per_theme.items():
        assert re.search(
            rf'<th scope="row">{theme_label(theme)}</th>.*?<td class="numeric">{total}</td></tr>', html
        )
    for rec in detail.recommendations:
        assert f'href="/ui/recommendations/{rec.id}"' in html
    assert f'href="/ui/graph/council/{TORBAY}"' in html


def test_review_page_wraps_every_item_and_links_recommendations_to_their_trace(
    client: TestClient, store: GraphStore
) -> None:
    review = reads.review(store, review_id(store, TORBAY))

    html = client.get(f"/ui/reviews/{review.id}").text

    page = outline(html)
    for item in [*review.findings, *review.recommendations]:
        assert f"item-{item.id}" in page.ids(), item.id
    links = {str(a["href"]) for a in page.all("a") if "recommendation" in str(a.get("class", ""))}
    assert {f"/ui/recommendations/{r.id}" for r in review.recommendations} <= links
    for label in ("Strength", "Area for development", "Recommendation"):
        assert f'<span class="item__label">{label}</span>' in html


def test_imported_text_is_escaped_everywhere(client: TestClient, store: GraphStore) -> None:
    dunhollow = review_id(store, DUNHOLLOW)
    assert SCRIPT in reads.review_text(store, dunhollow)

    pages = [
        client.get(f"/ui/reviews/{dunhollow}").text,
        client.get("/ui/search", params={"q": "alert postcode"}).text,
        client.get(f"/ui/councils/{DUNHOLLOW}").text,
    ]

    for html in pages:
        assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0]
    assert "&lt;script&gt;" in pages[1]


def test_search_echoes_the_query_escaped(client: TestClient) -> None:
    html = client.get("/ui/search", params={"q": '"><script>alert(2)</script> waiting'}).text
    assert "<script>alert(2)" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_trace_page_shows_findings_owners_actions_history_and_the_graph(
    client: TestClient, store: GraphStore
) -> None:
    rec = westmoor_recommendation_with_actions(store)
    trace = reads.trace(store, rec.id)

    html = client.get(f"/ui/recommendations/{rec.id}").text

    for finding in trace.findings:
        assert f'href="/ui/reviews/{finding.citation.review_id}#item-{finding.id}"' in html  # type: ignore[union-attr]
    for owner in trace.owners:
        assert f'href="/ui/owners/{owner.id}"' in html
    for action in trace.actions:
        assert f"History of {action.ref}" in html
        assert html.count(f'id="action-{action.id}-heading"') == 1
    assert html.count('class="tag tag--overdue"') == sum(a.overdue for a in trace.actions)
    assert html.count("Date slipped</strong>") == sum(a.slipped for a in trace.actions)
    assert f'<iframe class="graph-frame" src="/ui/graph/trace/{rec.id}?embed=true"' in html
    assert '<h2 id="graph-as-text">The graph as text</h2>' in html


def _action_rows(html: str) -> list[str]:
    return re.findall(r'<tr class="([^"]*)" id="action-([^"]+)"', html)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ({}, {}),
        ({"status": "complete"}, {"status": "complete"}),
        ({"overdue": "yes"}, {"overdue": True}),
        ({"overdue": "no"}, {"overdue": False}),
        ({"owner": "owner-dass"}, {"owner": "owner-dass"}),
        ({"council": WESTMOOR, "status": "slipped"}, {"council": WESTMOOR, "status": "slipped"}),
    ],
)
def test_action_tracker_filters_work_without_javascript(
    client: TestClient, store: GraphStore, query: dict[str, str], filters: dict[str, object]
) -> None:
    names = {c.id: c.short_name or c.name for c in reads.councils(store).items}
    expected = sorted_actions(store, council_names=names, **filters)  # type: ignore[arg-type]

    html = client.get("/ui/actions", params=query).text

    rows = _action_rows(html)
    assert [action_id for _, action_id in rows] == [a.id for a in expected]
    for (classes, _), action in zip(rows, expected, strict=True):
        assert ("row--overdue" in classes) == action.overdue
        assert ("row--slipped" in classes) == action.slipped
    for value in query.values():
        assert f'<option value="{value}" selected>' in html


def test_action_tracker_rejects_an_unknown_status_with_an_html_page(client: TestClient) -> None:
    response = client.get("/ui/actions", params={"status": "bogus"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "status: expected one of" in response.text


def test_a_query_too_long_is_an_html_422_page(client: TestClient) -> None:
    response = client.get("/ui/search", params={"q": "x" * 300})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "invalid request: query.q" in response.text


def test_unknown_things_are_html_404_pages(client: TestClient) -> None:
    for path in ("/ui/councils/E99999999", "/ui/reviews/nope", "/ui/recommendations/nope", "/ui/owners/nope"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert outline(response.text).h1 == ["Not Found"]


def test_owner_page_lists_recommendations_and_actions(client: TestClient, store: GraphStore) -> None:
    owner = reads.owner(store, "owner-dass")
    recommendations = reads.recommendations(store, owner=owner.id, limit=200).items
    actions = actions_page(store, owner=owner.id, limit=500).items

    html = client.get(f"/ui/owners/{owner.id}").text

    assert outline(html).h1 == [owner.name]
    for rec in recommendations:
        assert f'href="/ui/recommendations/{rec.id}"' in html
    assert len(_action_rows(html)) == len(actions)


def test_pattern_explorer_shows_the_heatmap_and_its_numbers(client: TestClient, store: GraphStore) -> None:
    from graph.reads import patterns as pattern_reads

    matrix = pattern_reads.pattern_matrix(store, by="region", measure="councils")
    reviewed = pattern_reads.reviewed_by_region(store)

    html = client.get("/ui/patterns").text

    assert any(any(row) for row in matrix.cells), "the seeds are tagged on import"
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart heatmap"' in html
    assert 'role="img"' in html
    table = html[html.index('<table class="heatmap-table">') :]
    for pattern_id, row in zip(matrix.rows, matrix.cells, strict=True):
        assert f'href="/ui/patterns/{pattern_id}"' in table
        for region, value in zip(matrix.columns, row, strict=True):
            assert f"{value} of {reviewed[region]}" in table


def test_pattern_page_quotes_areas_for_development_and_strengths_by_region(
    client: TestClient, store: GraphStore
) -> None:
    from graph.reads import patterns as pattern_reads

    shown = [p for p in pattern_reads.patterns_overview(store) if p.instances]
    assert shown, "the seeds are tagged on import"
    detail = pattern_reads.pattern_detail(store, shown[0].id)

    html = client.get(f"/ui/patterns/{shown[0].id}").text

    quotes = pattern_reads.pattern_quotes(store, shown[0].id, limit=50).items
    assert outline(html).h1 == [detail.pattern.name]
    assert 'id="quotes"' in html and f"{detail.pattern.strengths} strengths" in html
    for quote in quotes:
        assert f'href="/ui/reviews/{quote.citation.review_id}#item-{quote.id}"' in html
    for region in detail.regions:
        assert f'<th scope="row"><a href="?region={region.region.replace(" ", "%20")}#quotes">' in html


def test_council_actions_show_on_the_council_page(client: TestClient, store: GraphStore) -> None:
    actions = council_actions(store, WESTMOOR)
    html = client.get(f"/ui/councils/{WESTMOOR}").text
    assert len(_action_rows(html)) == len(actions)


# --- the review text as nested segments ---------------------------------------------------------


def _finding(id_: str, start: int, end: int, polarity: str = "strength") -> FindingOut:
    return FindingOut(
        id=id_,
        text="",
        polarity=polarity,
        section="s",
        heading=None,
        theme=None,
        quality_statement=None,
        span=(start, end),
    )


def _rec(id_: str, start: int, end: int) -> RecommendationOut:
    return RecommendationOut(id=id_, text="", source="inline", theme=None, span=(start, end))


def _shape(segments: list) -> list:  # type: ignore[type-arg]
    return [
        s.text if s.kind == "text" else (s.kind[0], s.id, s.anchor, s.link, _shape(s.children))
        for s in segments
    ]


def test_segments_nest_an_inline_recommendation_inside_its_finding() -> None:
    text = "Intro. Good work here. The DASS should act. Outro."
    finding = _finding("f1", 7, 43)
    rec = _rec("r1", 23, 43)

    segments = review_segments(text, [finding], [rec])

    assert segment_text(segments) == text
    assert _shape(segments) == [
        "Intro. ",
        ("f", "f1", True, True, ["Good work here. ", ("r", "r1", True, True, ["The DASS should act."])]),
        " Outro.",
    ]


def test_segments_put_a_recommendation_with_the_same_span_inside_the_finding() -> None:
    text = "abc The DASS should act. xyz"
    segments = review_segments(text, [_finding("f1", 4, 24)], [_rec("r1", 4, 24)])
    assert _shape(segments) == [
        "abc ",
        ("f", "f1", True, True, [("r", "r1", True, True, ["The DASS should act."])]),
        " xyz",
    ]


def test_segments_cut_a_span_that_crosses_its_parents_end() -> None:
    text = "0123456789"
    segments = review_segments(text, [_finding("f1", 0, 5)], [_rec("r1", 3, 8)])
    assert segment_text(segments) == text
    assert _shape(segments) == [
        ("f", "f1", True, True, ["012", ("r", "r1", True, True, ["34"])]),
        ("r", "r1", False, True, ["567"]),
        "89",
    ]


def test_segments_never_nest_a_link_in_a_link_and_ignore_spans_out_of_range() -> None:
    text = "0123456789"
    segments = review_segments(text, [_finding("f0", 12, 20)], [_rec("r1", 0, 9), _rec("r2", 2, 4)])
    assert _shape(segments) == [
        ("r", "r1", True, True, ["01", ("r", "r2", True, False, ["23"]), "45678"]),
        "9",
    ]


def test_the_seed_reviews_segment_back_into_their_text(store: GraphStore) -> None:
    for council in reads.councils(store).items:
        review = reads.review(store, review_id(store, council.id))
        text = reads.review_text(store, review.id)
        assert segment_text(review_segments(text, review.findings, review.recommendations)) == text


# --- charts --------------------------------------------------------------------------------------


def test_charts_escape_labels_and_scale() -> None:
    heatmap = charts.heatmap_svg(
        ["<script>alert(1)</script>"], ["South & West"], [[3]], title="<b>t</b>", description="d & e"
    )
    bars = charts.bar_chart_svg(
        ["<img src=x onerror=alert(1)>"],
        [charts.Series("councils", "Councils", [2])],
        title="t",
        description="d",
    )

    for svg in (heatmap, bars):
        assert "viewBox=" in svg and 'role="img"' in svg
        assert "<script" not in svg and "<img" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in heatmap
    assert "South &amp; West" in heatmap
