"""CQC on the pages and in briefs, on the example store (fictional reports with fictional CQC results).

The council page, `/ui/cqc` and a brief are checked against the JSON API (`/councils/{id}/cqc`,
`/cqc/cross-council`), which reads the same graph by another path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.store import GraphStore, open_store
from peergraph.core.settings import Settings
from tests.fixtures import TORBAY, WESTMOOR, app_client
from viz.briefs.build import build_brief
from viz.briefs.write import render


@pytest.fixture(scope="module")
def store(example_db: Path) -> Iterator[GraphStore]:
    with open_store(Settings(db=example_db, neo4j_uri=None), read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(store: GraphStore) -> Iterator[TestClient]:
    with app_client(store) as test_client:
        yield test_client


def _of(low: int, councils: int) -> str:
    return f"{low} of {councils}" if councils else "no councils"


def test_the_council_page_sets_each_cqc_score_beside_the_peer_teams_words(client: TestClient) -> None:
    cqc: dict[str, Any] = client.get(f"/councils/{WESTMOOR}/cqc").json()
    html = client.get(f"/ui/councils/{WESTMOOR}").text

    assert 'id="cqc"' in html
    a = cqc["assessment"]
    assert f"<strong>{a['rating']}</strong>, score {a['score']} out of 100" in html
    pc = cqc["peer_challenge"]
    assert f"report {pc['report_date']}" in html
    assert f"{pc['months_before_cqc']} months before CQC published" in html
    assert len(cqc["statements"]) == 9
    for s in cqc["statements"]:
        section = html[html.index(f'id="qs-{s["quality_statement"]}"') :]
        section = section[: section.index("</section>")]
        assert f"{s['number']}. {s['name']}: CQC {s['cqc_score']} of 4" in section
        for finding in s["peer_strengths"] + s["peer_areas_for_development"] + s["peer_mixed"]:
            assert f"#item-{finding['id']}" in section  # quoted with its citation link
        for key in s["cqc_key_findings"]:
            assert key["citation"]["source"] in section


def test_a_council_without_cqc_results_has_no_cqc_section(seed_db: Path) -> None:
    with (
        open_store(Settings(db=seed_db, neo4j_uri=None), read_only=True) as seeds,
        app_client(seeds) as seeds_client,
    ):
        assert seeds_client.get(f"/councils/{TORBAY}/cqc").json()["assessment"] is None
        html = seeds_client.get(f"/ui/councils/{TORBAY}").text
    assert "<h1>Torbay Council</h1>" in html and 'id="cqc"' not in html


def test_the_cqc_page_shows_counts_councils_and_the_caveat(client: TestClient) -> None:
    table = client.get("/cqc/cross-council").json()
    html = client.get("/ui/cqc").text

    assert table["caveat"] in html.replace("&#39;", "'")
    assert "descriptions, not proof" in html
    assert 'href="/cqc/cross-council.csv"' in html
    body = html[
        html.index('<table class="cqc-cross">') : html.index("</table>", html.index('class="cqc-cross"'))
    ]
    rows = re.findall(
        r"<tr>\s*<th scope=\"row\">(.*?)</th>\s*<td class=\"numeric\">(\d+)</td>(.*?)</tr>", body, re.S
    )
    assert len(rows) == 9
    for row, (name, councils, cells) in zip(table["statements"], rows, strict=True):
        assert name == row["quality_statement_name"] and int(councils) == row["councils"]
        assert _of(row["raised"]["scored_low"], row["raised"]["councils"]) in cells
        assert _of(row["not_raised"]["scored_low"], row["not_raised"]["councils"]) in cells
    first = table["disagreements"][0]
    assert f'href="/ui/councils/{first["council_id"]}#cqc">{first["council"]}</a>' in html


def test_the_cqc_page_compares_by_pattern_and_filters(client: TestClient) -> None:
    table = client.get("/cqc/cross-council", params={"quality_statement": "qs1_assessing_needs"}).json()
    both = [r for r in table["patterns"] if r["raised"]["councils"] and r["not_raised"]["councils"]]
    html = client.get("/ui/cqc", params={"quality_statement": "qs1_assessing_needs"}).text

    assert f"{len(both)} pattern and statement pair" in html
    patterns_table = html[html.index('<table class="cqc-patterns">') :]
    assert "Assessing needs" in patterns_table and "Safeguarding</td>" not in patterns_table
    assert client.get("/ui/cqc", params={"quality_statement": "qs99"}).status_code == 400


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_a_brief_has_a_cqc_section_with_the_same_counts(
    store: GraphStore, client: TestClient, fmt: str
) -> None:
    table = client.get("/cqc/cross-council").json()
    brief = build_brief(store, patterns=["waiting_lists"])

    assert brief.cqc is not None and brief.cqc.councils == table["councils"]
    assert [
        (r.statement, r.raised, r.raised_low, r.not_raised, r.not_raised_low) for r in brief.cqc.statements
    ] == [
        (
            r["quality_statement_name"],
            r["raised"]["councils"],
            r["raised"]["scored_low"],
            r["not_raised"]["councils"],
            r["not_raised"]["scored_low"],
        )
        for r in table["statements"]
    ]
    assert brief.cqc.patterns and {r.pattern for r in brief.cqc.patterns} == {"Waiting lists and backlogs"}
    assert brief.outline is not None
    titles = [getattr(b, "text", "") for b in brief.outline.blocks]
    assert "CQC assessments beside the peer findings" in titles
    data = render(brief, fmt)  # type: ignore[arg-type]
    if fmt in ("md", "html"):
        text = data.decode()
        assert "CQC assessments beside the peer findings" in text and "descriptions, not proof" in text
    elif fmt == "docx":
        import io

        import docx

        document = docx.Document(io.BytesIO(data))
        assert "CQC assessments beside the peer findings" in [p.text for p in document.paragraphs]
    else:
        import subprocess

        text = subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        assert "CQC assessments beside the peer findings" in text


def test_an_anonymised_brief_names_no_council_in_its_cqc_section(store: GraphStore) -> None:
    brief = build_brief(store, patterns=["waiting_lists"], anonymise=True)
    assert brief.cqc is not None
    assert "Westmoor" not in brief.cqc.model_dump_json()
