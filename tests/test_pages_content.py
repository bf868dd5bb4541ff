"""What the pages say, in-process on the seeds plus the examples: structure, filters, paging, exports.

Each page is asked for over HTTP (TestClient) and checked against the JSON API or the read
functions, an independent path to the same graph; `tests/test_browser_pages.py` drives the same
pages in a real browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import pytest
from fastapi.testclient import TestClient

from graph.store import GraphStore, open_store
from peergraph.core.settings import Settings
from tests.fixtures import TORBAY, app_client, examples_db

KPD = "key_person_dependency"
SOMERSET = "E06000066"


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


def torbay_review(client: TestClient) -> dict[str, Any]:
    review_id = client.get(f"/councils/{TORBAY}").json()["reviews"][0]["id"]
    return dict(client.get(f"/reviews/{review_id}").json())


class Elements(HTMLParser):
    """Every element's tag, attributes and own text, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[dict[str, Any]] = []
        self._open: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in ("br", "img", "input", "meta", "link", "option") or tag == "option":
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index]["tag"] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element["text"] += data

    def find(self, tag: str, **attrs: str) -> list[dict[str, Any]]:
        return [
            e
            for e in self.elements
            if e["tag"] == tag and all(attrs[k] in (e["attrs"].get(k) or "").split() for k in attrs)
        ]


def parse(html: str) -> Elements:
    parsed = Elements()
    parsed.feed(html)
    return parsed


# --- 17.1 the review page ------------------------------------------------------------------------


def test_the_api_gives_each_tagged_finding_and_recommendation_its_patterns(client: TestClient) -> None:
    review = torbay_review(client)
    quotes = client.get(f"/patterns/{KPD}/quotes", params={"council": TORBAY, "limit": 500}).json()["items"]

    tagged = {q["id"] for q in quotes}
    assert tagged, "Torbay's report shows key person dependency"
    items = review["findings"] + review["recommendations"]
    assert {i["id"] for i in items if KPD in i["patterns"]} == tagged
    page = client.get("/findings", params={"pattern": KPD, "limit": 500}).json()["items"]
    assert page and all(KPD in f["patterns"] for f in page)


def test_the_review_page_has_the_reports_headings_and_a_contents_list(client: TestClient) -> None:
    review = torbay_review(client)
    page = parse(client.get(f"/ui/reviews/{review['id']}").text)

    h3 = [h["text"].strip() for h in page.find("h3", **{"class": "report-heading"})]
    h4 = [h["text"].strip() for h in page.find("h4", **{"class": "report-heading"})]
    assert "How the Local Authority Works with People" in h3
    statements = [h for h in h4 if h.startswith("Quality Statement")]
    assert len(statements) == 9, h4
    headings = {f["heading"] for f in review["findings"] if f["heading"]}
    assert headings <= set(h3) | set(h4) | {h["text"].strip() for h in page.find("h5")}
    contents = {a["attrs"]["href"] for a in page.find("a") if a["attrs"].get("href", "").startswith("#part-")}
    ids = {
        h["attrs"]["id"]
        for h in page.find("h3") + page.find("h4")
        if h["attrs"].get("id", "").startswith("part-")
    }
    assert ids and contents == {f"#{i}" for i in ids}


def test_the_review_page_marks_each_sentence_with_its_own_polarity(client: TestClient) -> None:
    review = torbay_review(client)
    page = parse(client.get(f"/ui/reviews/{review['id']}").text)

    sentences = page.find("span", **{"class": "sentence"})
    expected = [s for f in review["findings"] for s in f["sentences"]]
    assert len(sentences) >= len(expected) > 0
    shown = {next(c for c in s["attrs"]["class"].split() if c.startswith("sentence--")) for s in sentences}
    assert {"sentence--strength", "sentence--area-for-development"} <= shown


def test_each_item_on_the_review_page_links_to_its_patterns(client: TestClient) -> None:
    review = torbay_review(client)
    page = parse(client.get(f"/ui/reviews/{review['id']}").text)

    links = {a["attrs"]["href"] for a in page.find("a", **{"class": "pattern-tag"})}
    tagged = {p for f in review["findings"] for p in f["patterns"]}
    assert {f"/ui/patterns/{p}" for p in tagged} <= links


@pytest.mark.parametrize(
    ("params", "keep"),
    [
        ({"polarity": "strength"}, lambda i: i.get("polarity") == "strength"),
        ({"theme": "2"}, lambda i: i["theme"] == 2),
        ({"pattern": KPD}, lambda i: KPD in i["patterns"]),
        ({"kind": "recommendation", "theme": "4"}, lambda i: "source" in i and i["theme"] == 4),
    ],
)
def test_the_review_page_filters_by_theme_polarity_pattern_and_kind(
    client: TestClient, params: dict[str, str], keep: Any
) -> None:
    review = torbay_review(client)
    html = client.get(f"/ui/reviews/{review['id']}", params=params).text

    expected = [i for i in review["findings"] + review["recommendations"] if keep(i)]
    assert f"Matching items ({len(expected)})" in html
    assert len(parse(html).find("ol", **{"class": "matches"})[0]["text"].strip()) > 0
    for item in expected:
        assert f'href="/ui/reviews/{review["id"]}#item-{item["id"]}"' in html


def test_a_bad_review_filter_is_a_400_naming_the_field(client: TestClient) -> None:
    review = torbay_review(client)
    response = client.get(f"/ui/reviews/{review['id']}", params={"theme": "9"})
    assert response.status_code == 400
    assert "theme: expected 1, 2, 3 or 4" in response.text


# --- 17.2 patterns -------------------------------------------------------------------------------


def test_the_heat_map_is_coloured_by_share_of_councils_with_counts(client: TestClient) -> None:
    matrix = client.get("/patterns/matrix", params={"by": "region", "measure": "councils"}).json()
    reviewed = {r["name"]: r["councils"] for r in client.get("/regions").json()}
    html = client.get("/ui/patterns").text

    i = matrix["rows"].index(KPD)
    for j, region in enumerate(matrix["columns"]):
        value, total = matrix["cells"][i][j], reviewed[region]
        assert f"in {region}: {value} of {total} reviewed councils ({round(100 * value / total)}%)" in html
        assert f">{value} of {total}<" in html
    assert "share of each region" in html


def test_a_patterns_quotes_are_all_reachable_by_paging_and_filters(client: TestClient) -> None:
    everything = client.get(f"/patterns/{KPD}/quotes", params={"limit": 500}).json()
    assert everything["next_cursor"] is None

    seen, cursor = [], None
    while True:
        page = client.get(
            f"/patterns/{KPD}/quotes", params={"limit": 3, **({"cursor": cursor} if cursor else {})}
        )
        seen += [q["id"] for q in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if not cursor:
            break
    assert seen == [q["id"] for q in everything["items"]]
    south_west = client.get(f"/patterns/{KPD}/quotes", params={"region": "South West", "limit": 500}).json()
    assert [q for q in everything["items"] if q["region"] == "South West"] == south_west["items"]
    strengths = client.get(f"/patterns/{KPD}/quotes", params={"polarity": "recommendation"}).json()
    assert all(q["kind"] == "recommendation" for q in strengths["items"])
    dated = client.get(f"/patterns/{KPD}/quotes", params={"from": "2024-01", "to": "2024-12"}).json()
    assert dated["items"] and all(q["citation"]["report_date"].startswith("2024") for q in dated["items"])


def test_a_bad_quote_filter_is_a_400_naming_the_field(client: TestClient) -> None:
    response = client.get(f"/patterns/{KPD}/quotes", params={"from": "last year"})
    assert response.status_code == 400 and "from:" in response.text
    assert client.get(f"/ui/patterns/{KPD}", params={"to": "2024/01"}).status_code == 400


def test_the_pattern_page_pages_through_every_quote(client: TestClient) -> None:
    everything = client.get(f"/patterns/{KPD}/quotes", params={"limit": 500}).json()["items"]
    shown: list[str] = []
    url, params = f"/ui/patterns/{KPD}", {}
    while True:
        html = client.get(url, params=params).text
        shown += re.findall(r'<blockquote class="quote[^"]*" id="quote-([^"]+)"', html)
        found = re.search(r'<a href="\?([^"#]+)#quotes" rel="next">', html)
        if not found:
            break
        pairs = [p.split("=", 1) for p in found.group(1).replace("&amp;", "&").split("&")]
        params = {k: unquote_plus(v) for k, v in pairs}
    assert shown == [q["id"] for q in everything]


def test_the_by_region_chart_counts_councils_not_shares(client: TestClient) -> None:
    detail = client.get(f"/patterns/{KPD}").json()
    html = client.get(f"/ui/patterns/{KPD}").text

    for region in detail["regions"]:
        assert f"{region['region']}: {region['councils']} councils showing the pattern" in html
        assert f"{region['region']}: {region['reviewed_councils']} councils reviewed" in html
    assert "100%</title>" not in html


def test_the_pattern_by_council_page_counts_each_councils_instances(client: TestClient) -> None:
    matrix = client.get("/patterns/matrix", params={"by": "council"}).json()
    html = client.get("/ui/patterns/councils", params={"region": "South West"}).text

    j = matrix["columns"].index(TORBAY)
    i = matrix["rows"].index(KPD)
    assert f'href="/ui/patterns/{KPD}?council={TORBAY}#quotes">{matrix["cells"][i][j]}</a>' in html
    assert "Trafford" not in html  # North West: filtered out
