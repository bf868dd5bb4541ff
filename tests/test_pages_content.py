"""What the pages say, in-process on the seeds plus the examples: structure, filters, paging, exports.

Each page is asked for over HTTP (TestClient) and checked against the JSON API or the read
functions, an independent path to the same graph; `tests/test_browser_pages.py` drives the same
pages in a real browser.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

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


def test_a_bad_quote_filter_is_refused_naming_the_field(client: TestClient) -> None:
    # Not of the date form the schema states (ASCII digits): refused as any schema-invalid query
    for written in ("last year", "２０２４"):
        response = client.get(f"/patterns/{KPD}/quotes", params={"from": written})
        assert response.status_code == 422 and "from" in response.text
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


# --- 17.3 search ---------------------------------------------------------------------------------


def _all_hits(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = client.get("/search", params={**params, "limit": 7, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        hits += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if not cursor:
            return hits


def test_search_is_paged_past_twenty_and_every_hit_is_reachable(client: TestClient) -> None:
    paged = _all_hits(client, q="waiting lists")
    whole = client.get("/search", params={"q": "waiting lists", "limit": 500}).json()

    assert len(paged) > 20
    assert [h["id"] for h in paged] == [h["id"] for h in whole["items"]]
    assert whole["next_cursor"] is None


def test_search_lists_each_passage_once(client: TestClient) -> None:
    hits = _all_hits(client, q="waiting lists")

    findings = [h for h in hits if h["kind"] == "finding"]
    for rec in (h for h in hits if h["kind"] == "recommendation"):
        start, end = rec["citation"]["span"]
        assert not any(
            f["citation"]["review_id"] == rec["citation"]["review_id"]
            and f["citation"]["span"][0] <= start
            and end <= f["citation"]["span"][1]
            for f in findings
        ), rec["text"]
    folded = [h for h in findings if h["also_recommendations"]]
    assert folded, "some matching findings hold a matching recommendation"
    assert len({h["id"] for h in hits}) == len(hits)


@pytest.mark.parametrize(
    ("params", "keep"),
    [
        ({"region": "South West"}, lambda h: h["region"] == "South West"),
        ({"council": TORBAY}, lambda h: h["citation"]["council_id"] == TORBAY),
        ({"theme": 1}, lambda h: h["theme"] == 1),
        ({"polarity": "strength"}, lambda h: h["kind"] == "finding" and h["polarity"] == "strength"),
        ({"kind": "recommendation"}, lambda h: h["kind"] == "recommendation"),
        ({"from": "2024-01", "to": "2024-12"}, lambda h: h["citation"]["report_date"].startswith("2024")),
    ],
)
def test_search_filters_keep_only_what_they_say(
    client: TestClient, params: dict[str, Any], keep: Any
) -> None:
    everything = client.get("/search", params={"q": "waiting lists", "limit": 500}).json()["items"]
    kept = client.get("/search", params={"q": "waiting lists", "limit": 500, **params}).json()["items"]

    assert kept and all(keep(h) for h in kept)
    assert len(kept) < len(everything)


def test_the_search_page_shows_kind_and_polarity_badges_and_pages(client: TestClient) -> None:
    first = client.get("/ui/search", params={"q": "waiting lists"}).text
    total = len(client.get("/search", params={"q": "waiting lists", "limit": 500}).json()["items"])

    assert f"{total} results for “waiting lists”: 1 to 20" in first
    assert 'class="tag tag--kind">Finding</strong>' in first
    assert 'class="tag tag--area-for-development">' in first
    found = re.search(r'href="/ui/search\?([^"]+)" rel="next"', first)
    assert found
    pairs = [p.split("=", 1) for p in found.group(1).replace("&amp;", "&").split("&")]
    second = client.get("/ui/search", params={k: unquote_plus(v) for k, v in pairs}).text
    assert "21 to " in second
    bad = client.get("/ui/search", params={"q": "waiting", "polarity": "angry"})
    assert bad.status_code == 400 and "polarity:" in bad.text


# --- 17.4 exports --------------------------------------------------------------------------------


def _csv_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx_rows(response: Any) -> list[list[Any]]:
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_export_opens_and_holds_what_the_api_lists(client: TestClient, fmt: str) -> None:
    read = _csv_rows if fmt == "csv" else _xlsx_rows
    matrix = client.get("/patterns/matrix", params={"by": "region", "measure": "councils"}).json()
    rows = read(client.get(f"/exports/pattern-matrix.{fmt}"))
    assert rows[0][2:] == matrix["column_names"]
    body = {r[0]: [int(v) for v in r[2:]] for r in rows[2:]}
    assert body == dict(zip(matrix["rows"], matrix["cells"], strict=True))

    quotes = client.get(f"/patterns/{KPD}/quotes", params={"region": "South West", "limit": 500}).json()[
        "items"
    ]
    rows = read(client.get(f"/exports/patterns/{KPD}/quotes.{fmt}", params={"region": "South West"}))
    assert [r[rows[0].index("text")] for r in rows[1:]] == [q["text"] for q in quotes]
    assert all(
        r[rows[0].index("link")].endswith(f"#item-{q['id']}") for r, q in zip(rows[1:], quotes, strict=True)
    )

    hits = client.get("/search", params={"q": "waiting lists", "limit": 500}).json()["items"]
    rows = read(client.get(f"/exports/search.{fmt}", params={"q": "waiting lists"}))
    assert len(rows) - 1 == len(hits) > 20

    actions = read(client.get(f"/exports/actions.{fmt}", params={"council": "X99000002"}))
    assert [r[actions[0].index("ref")] for r in actions[1:]] == sorted(
        (r[actions[0].index("ref")] for r in actions[1:]), key=lambda ref: int(ref[1:])
    )

    recs = client.get(f"/councils/{TORBAY}").json()["recommendations"]
    rows = read(client.get(f"/exports/councils/{TORBAY}/recommendations.{fmt}"))
    assert [r[rows[0].index("text")] for r in rows[1:]] == [r["text"] for r in recs]


def test_export_cells_that_look_like_formulas_stay_text() -> None:
    from graph.reads.tables import Table, to_csv, to_xlsx

    table = Table("t", ["text"], [['=HYPERLINK("http://x","click")'], ["+1"], ["plain"]])

    assert list(csv.reader(io.StringIO(to_csv(table))))[1:] == [
        ['\'=HYPERLINK("http://x","click")'],
        ["'+1"],
        ["plain"],
    ]
    sheet = load_workbook(io.BytesIO(to_xlsx(table))).active
    assert sheet is not None
    cell = sheet.cell(2, 1)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","click")' and cell.quotePrefix


def test_each_page_links_its_exports(client: TestClient) -> None:
    assert 'href="/exports/pattern-matrix.csv?by=region"' in client.get("/ui/patterns").text
    assert (
        f'href="/exports/patterns/{KPD}/quotes.xlsx?region=South+West"'
        in client.get(f"/ui/patterns/{KPD}", params={"region": "South West"}).text
    )
    assert (
        'href="/exports/search.csv?q=waiting+lists"'
        in client.get("/ui/search", params={"q": "waiting lists"}).text
    )
    assert 'href="/exports/actions.xlsx?sort=due"' in client.get("/ui/actions", params={"sort": "due"}).text
    assert (
        f'href="/exports/councils/{TORBAY}/recommendations.csv"' in client.get(f"/ui/councils/{TORBAY}").text
    )


# --- 17.6 the action tracker ---------------------------------------------------------------------


def test_references_sort_in_natural_order() -> None:
    from graph.reads.actions import natural_key

    refs = ["R10", "R2", "R1", None, "R1a", "R3"]
    assert sorted(refs, key=natural_key) == ["R1", "R1a", "R2", "R3", "R10", None]


def test_the_tracker_orders_by_reference_or_due_date(client: TestClient) -> None:
    by_ref = client.get("/ui/actions", params={"council": "X99000002"}).text
    by_due = client.get("/ui/actions", params={"council": "X99000002", "sort": "due"}).text

    refs = re.findall(r"<td><a href=\"/ui/actions/[^\"]+\">(R\d+)<", by_ref)  # a Ref links to its action
    assert refs and refs == sorted(refs, key=lambda r: int(r[1:]))
    dues = re.findall(r"<td>(\d{4}-\d{2}-\d{2})", by_due)
    assert dues and dues == sorted(dues)
    assert client.get("/ui/actions", params={"sort": "owner"}).status_code == 400


def test_the_action_export_takes_a_status_or_none_as_the_tracker_s_form_sends_it(client: TestClient) -> None:
    assert client.get("/exports/actions.csv", params={"status": ""}).status_code == 200
    assert client.get("/exports/actions.csv", params={"status": "on_track"}).status_code == 200
    refused = client.get("/exports/actions.csv", params={"status": "nope"})
    assert refused.status_code == 422 and "status" in refused.text
