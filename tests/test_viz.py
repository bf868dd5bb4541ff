"""The graph views: self-contained (vis-network inlined, nothing fetched), escaped, and counted right.

Expected node counts come from the read functions, never from guesses: the trace view holds the
trace's review, findings, recommendation, owners and actions; the council view its reviews,
themes, owners and patterns; the peer network every team member and council.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from graph.reads import patterns as pattern_reads
from graph.reads import reviews as reads
from graph.reports.ids import person_id
from graph.store import GraphStore, open_store
from peergraph.cli import app as cli
from peergraph.core.settings import Settings
from tests.fixtures import DUNHOLLOW, SCRIPT, TORBAY, WESTMOOR, copy_store, examples_db, store_settings
from viz import graph_views

REMOTE_ASSET = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.I
)


@pytest.fixture(scope="module")
def db(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return examples_db(seed_db, tmp_path_factory)


@pytest.fixture(scope="module")
def store(db: Path) -> Iterator[GraphStore]:
    with open_store(Settings(db=db, neo4j_uri=None), read_only=True) as opened:
        yield opened


def counts(html: str) -> dict[str, int]:
    """The node counts per type a view publishes (`#graph-counts`)."""
    match = re.search(r'<script type="application/json" id="graph-counts">(.*?)</script>', html, re.S)
    assert match, "the view publishes its counts"
    return dict(json.loads(match.group(1)))


def graph_data(html: str) -> dict[str, list[dict[str, object]]]:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert match
    return dict(json.loads(match.group(1)))


def assert_self_contained(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert not REMOTE_ASSET.search(html), REMOTE_ASSET.search(html)
    assert not re.search(r"<script\b[^>]*\bsrc=", html), "every script is inline"
    assert not re.search(r"<link\b[^>]*rel=\"?stylesheet", html), "every stylesheet is inline"
    assert "bootstrap" not in html.lower() and "cdnjs" not in html and "jsdelivr" not in html
    assert "@license" in html and "vis-network" in html and "new vis.Network(" in html  # inlined library
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert policy and unescape(policy.group(1)).startswith("default-src 'none';")  # forbids any fetch


def expected_trace_counts(store: GraphStore, recommendation_id: str) -> dict[str, int]:
    trace = reads.trace(store, recommendation_id)
    owners = {o.name for o in trace.owners} | {name for a in trace.actions for name in a.owners}
    expected = {
        "review": 1,
        "recommendation": 1,
        "finding": len(trace.findings),
        "owner": len(owners),
        "action": len(trace.actions),
    }
    return {group: n for group, n in expected.items() if n}


def expected_council_counts(store: GraphStore, council_id: str) -> dict[str, int]:
    detail = reads.council(store, council_id)
    themes = {c.theme for c in detail.counts if c.theme is not None}
    owners = {name for r in detail.recommendations for name in r.owners}
    names = pattern_reads.pattern_names(store)
    shown: set[str] = set()
    for summary in detail.reviews:
        by_theme: dict[int, Counter[str]] = {}
        for finding in reads.review(store, summary.id).findings:
            if finding.theme is not None:
                by_theme.setdefault(finding.theme, Counter()).update(finding.patterns)
        for counted in by_theme.values():
            ranked = sorted(counted.items(), key=lambda kv: (-kv[1], names[kv[0]]))
            shown |= {pattern for pattern, _ in ranked[: graph_views.PATTERNS_PER_THEME]}
    patterns = len(shown)
    expected = {
        "council": 1,
        "review": len(detail.reviews),
        "theme": len(themes),
        "owner": len(owners),
        "pattern": patterns,
    }
    return {group: n for group, n in expected.items() if n}


def test_trace_view_of_a_torbay_recommendation(store: GraphStore) -> None:
    rec = next(
        r for r in reads.council(store, TORBAY).recommendations if r.source == "summary" and r.findings
    )

    html = graph_views.trace_view(store, rec.id)

    assert_self_contained(html)
    assert counts(html) == expected_trace_counts(store, rec.id)
    assert counts(html)["finding"] == len(rec.findings)


def test_trace_view_colours_actions_by_status(store: GraphStore) -> None:
    rec = next(r for r in reads.council(store, WESTMOOR).recommendations if r.action_status)
    trace = reads.trace(store, rec.id)

    html = graph_views.trace_view(store, rec.id)

    assert counts(html) == expected_trace_counts(store, rec.id)
    actions = {n["id"]: n for n in graph_data(html)["nodes"] if n["group"] == "action"}
    for action in trace.actions:
        assert actions[f"action:{action.id}"]["color"] == graph_views.STATUS_COLOURS[action.status]


def test_council_view_of_torbay(store: GraphStore) -> None:
    html = graph_views.council_view(store, TORBAY)

    assert_self_contained(html)
    assert counts(html) == expected_council_counts(store, TORBAY)


def test_pattern_map_links_patterns_to_councils_coloured_by_region(store: GraphStore) -> None:
    matrix = pattern_reads.pattern_matrix(store, by="council")
    patterns = sum(1 for row in matrix.cells if any(row))
    councils = sum(1 for j in range(len(matrix.columns)) if any(row[j] for row in matrix.cells))

    html = graph_views.pattern_map_view(store, top=None)

    assert_self_contained(html)
    assert counts(html) == {k: v for k, v in {"pattern": patterns, "council": councils}.items() if v}
    nodes = [n for n in graph_data(html)["nodes"] if n["group"] == "council"]
    by_region: dict[object, set[object]] = {}
    for node in nodes:
        by_region.setdefault(node["region"], set()).add(node["color"])
    assert all(len(colours) == 1 for colours in by_region.values())


def test_the_pattern_map_keeps_the_top_patterns_of_a_region(store: GraphStore) -> None:
    rows = [r for r in pattern_reads.tag_rows(store) if r["region"] == "South West"]
    reach = Counter(
        {
            p: len({r["council_id"] for r in rows if r["pattern_id"] == p})
            for p in {r["pattern_id"] for r in rows}
        }
    )
    top = sorted(reach, key=lambda p: (-reach[p], p))[:3]

    data = graph_data(graph_views.pattern_map_view(store, top=3, region="South West"))

    assert sorted(n["id"] for n in data["nodes"] if n["group"] == "pattern") == sorted(
        f"pattern:{p}" for p in top
    )
    assert {n["region"] for n in data["nodes"] if n["group"] == "council"} == {"South West"}
    assert all(n.get("url", "").startswith("/ui/") for n in data["nodes"])


def test_every_colour_in_a_legend_means_one_thing_and_is_drawn(store: GraphStore) -> None:
    rec = next(r for r in reads.council(store, WESTMOOR).recommendations if r.action_status)
    palette = [*graph_views.STATUS_COLOURS.values(), *graph_views.POLARITY_COLOURS.values()] + [
        style["color"] for style in graph_views.TYPE_STYLES.values() if "color" in style
    ]
    assert len(palette) == len(set(palette)), "no two meanings share a colour"
    for view in (
        graph_views.trace_graph(store, rec.id),
        graph_views.council_graph(store, TORBAY),
        graph_views.peer_network_graph(store),
    ):
        colours, lines = graph_views.honest_legend(view)
        nodes, edges, *_ = view.network.get_network_data()
        assert {c.lower() for _, _, c in colours} <= {str(n.get("color", "")).lower() for n in nodes}
        assert len({c for _, _, c in colours}) == len(colours)
        if any(e.get("dashes") for e in edges):
            assert "dashed" in [style for style, _ in lines]
        else:
            assert "dashed" not in [style for style, _ in lines]


def test_peer_network_has_every_team_member_and_council(store: GraphStore) -> None:
    reviews = [
        reads.review(store, r.id)
        for c in reads.councils(store).items
        for r in reads.council(store, c.id).reviews
    ]
    people = {person_id(m.name) for review in reviews for m in review.peer_team}

    html = graph_views.peer_network_view(store)

    assert_self_contained(html)
    found = counts(html)
    assert found["person"] == len(people)
    assert found["council"] >= len({review.council_id for review in reviews})


def test_labels_and_tooltips_are_escaped(store: GraphStore) -> None:
    dunhollow = reads.review(store, reads.council(store, DUNHOLLOW).reviews[0].id)
    finding = next(f for f in dunhollow.findings if SCRIPT in f.text)
    view = graph_views.GraphView(title="<b>title</b>", description="<i>d</i>")
    view.node("n1", "finding", "<img src=x onerror=alert(1)>", finding.text)

    html = view.render()

    assert "<img src=x" not in html and "<script>alert(1)" not in html and "<b>title" not in html
    node = graph_data(html)["nodes"][0]
    assert node["label"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in str(node["title"])
    assert "area.innerHTML" in html and "box.textContent" in html  # decoded to text, never markup


def test_graph_views_are_served_by_the_api(store: GraphStore) -> None:
    rec = next(r for r in reads.council(store, TORBAY).recommendations if r.source == "summary")
    with TestClient(create_app(store_settings(store), store=store)) as client:
        for path in (
            f"/ui/graph/trace/{rec.id}",
            f"/ui/graph/council/{TORBAY}",
            "/ui/graph/patterns",
            "/ui/graph/peers",
        ):
            response = client.get(path)
            assert response.status_code == 200, path
            assert response.headers["content-security-policy"].startswith("default-src 'none'")
            assert_self_contained(response.text)
        assert client.get("/ui/graph/trace/nope").status_code == 404
        assert client.get(f"/ui/graph/trace/{rec.id}").text == graph_views.trace_view(store, rec.id)


@pytest.mark.parametrize(
    ("args", "group"),
    [
        (["council", TORBAY], "theme"),
        (["patterns"], None),
        (["peers"], "person"),
    ],
)
def test_cli_writes_a_view(db: Path, tmp_path: Path, args: list[str], group: str | None) -> None:
    private = copy_store(db, tmp_path / "graph.lbug")
    output = tmp_path / "view.html"

    result = CliRunner().invoke(cli, ["viz", *args, "-o", str(output), "--db", str(private)])

    assert result.exit_code == 0, result.output
    html = output.read_text(encoding="utf-8")
    assert_self_contained(html)
    if group:
        assert counts(html)[group] > 0


def test_cli_trace_and_its_errors(db: Path, tmp_path: Path) -> None:
    private = copy_store(db, tmp_path / "graph.lbug")
    with open_store(Settings(db=private, neo4j_uri=None), read_only=True) as opened:
        rec = next(r for r in reads.council(opened, TORBAY).recommendations if r.source == "summary")
        expected = expected_trace_counts(opened, rec.id)
    output = tmp_path / "trace.html"

    ok = CliRunner().invoke(cli, ["viz", "trace", rec.id, "-o", str(output), "--db", str(private)])
    missing = CliRunner().invoke(cli, ["viz", "trace", "nope", "-o", str(output), "--db", str(private)])

    assert ok.exit_code == 0, ok.output
    assert counts(output.read_text(encoding="utf-8")) == expected
    assert missing.exit_code == 1 and "no recommendation with id 'nope'" in missing.output
