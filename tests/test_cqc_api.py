"""CQC beside peer findings, on the five reference reports plus CQC results this test writes.

The CQC results below are invented for the test (they are not the councils' real ones):

| council | shape | published | peer challenge | in the comparison? |
|---|---|---|---|---|
| Trafford | press release | 20 Nov 2024 | Sep 2023 | yes |
| Somerset | summary page, HTML, with key findings | 6 Dec 2024 | Mar 2024 | yes |
| Gloucestershire | CSV row | 1 Oct 2024 | Sep 2023 | yes |
| Redcar and Cleveland | CSV row | 13 Sep 2024 | Feb 2024 | yes |
| Torbay | summary page, text | 1 May 2024 | Jun 2024 | no: the peer challenge came after |
| Hertfordshire | CSV row | 17 May 2024 | none | no: no peer challenge report |

The expected table is counted here from the parsed reports (importers, not the graph), so the
test checks the graph's figures against a count made another way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.cqc.loader import CqcStatus, import_cqc_files
from graph.store import GraphStore, open_store
from graph.store import queries as q
from importers.model import Report
from importers.parser import parse_file
from peergraph.core.settings import Settings
from peergraph.core.spreadsheet_cells import csv_cell as spreadsheet_safe
from tests.fixtures import (
    PAGE_NAMES,
    Assessment,
    app_client,
    copy_store,
    press_release_text,
    results_csv,
    summary_html,
    summary_text,
)

MAX_BYTES = 50 * 1024 * 1024
ORDER = list(PAGE_NAMES)
TRAFFORD, SOMERSET, GLOUCESTERSHIRE, REDCAR, TORBAY = (
    "E08000009",
    "E06000066",
    "E10000013",
    "E06000003",
    "E06000027",
)
CQC_SCORES = {
    TRAFFORD: [3, 3, 3, 3, 3, 3, 2, 3, 3],
    SOMERSET: [2, 2, 2, 2, 3, 2, 2, 2, 3],
    GLOUCESTERSHIRE: [2, 3, 3, 2, 3, 3, 2, 2, 3],
    REDCAR: [3, 3, 2, 3, 3, 3, 3, 3, 3],
}
SOMERSET_FINDINGS = {
    "qs1_assessing_needs": [
        ("Waiting for assessments", ["People waited too long for a Care Act assessment."])
    ],
    "qs7_safeguarding": [(None, ["Safeguarding concerns were screened promptly."])],
}
NAMES = {
    TRAFFORD: "Trafford Council",
    SOMERSET: "Somerset Council",
    GLOUCESTERSHIRE: "Gloucestershire County Council",
    REDCAR: "Redcar and Cleveland Borough Council",
}


def cqc_files(folder: Path) -> list[Path]:
    files = {
        "trafford-press-release.txt": press_release_text(
            Assessment(
                "Trafford Council",
                published="20 November 2024",
                scores=dict(zip(ORDER, CQC_SCORES[TRAFFORD], strict=True)),
            )
        ),
        "somerset.html": summary_html(
            Assessment(
                "Somerset Council",
                published="6 December 2024",
                rating="Requires improvement",
                score=56,
                scores=dict(zip(ORDER, CQC_SCORES[SOMERSET], strict=True)),
                findings=SOMERSET_FINDINGS,
            ),
            with_sections=True,
        ),
        "torbay.txt": summary_text(Assessment("Torbay Council", published="1 May 2024")),
        "results.csv": results_csv(
            ["Local authority", "Date published", "Overall rating", "Score", *ORDER],
            [
                [
                    "Gloucestershire County Council",
                    "2024-10-01",
                    "Requires improvement",
                    61,
                    *CQC_SCORES[GLOUCESTERSHIRE],
                ],
                ["Redcar and Cleveland Borough Council", "13/09/2024", "Good", 72, *CQC_SCORES[REDCAR]],
                ["Hertfordshire County Council", "2024-05-17", "Good", 78, 3, 3, 3, 3, 4, 3, 3, 3, 3],
            ],
        ),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


@pytest.fixture(scope="module")
def store(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    folder = tmp_path_factory.mktemp("cqc-api")
    with open_store(Settings(db=copy_store(seed_db, folder / "graph.lbug"), neo4j_uri=None)) as opened:
        summary = import_cqc_files(opened, cqc_files(folder), MAX_BYTES)
        assert [o.status for o in summary.outcomes] == [CqcStatus.LOADED] * 4, summary.outcomes
        yield opened


@pytest.fixture(scope="module")
def client(store: GraphStore) -> Iterator[TestClient]:
    with app_client(store) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def reports(seeds_dir: Path) -> dict[str, Report]:
    parsed = [parse_file(path, MAX_BYTES) for path in sorted(seeds_dir.glob("*.txt"))]
    return {report.council.id: report for report in parsed}


def _raised(report: Report, statement: str) -> bool:
    return any(
        f.quality_statement == statement and f.polarity.value in ("area_for_development", "mixed")
        for f in report.findings
    )


def test_the_cross_council_table_matches_a_count_from_the_parsed_reports(
    client: TestClient, reports: dict[str, Report]
) -> None:
    body = client.get("/cqc/cross-council").json()
    assert body["councils"] == 4
    assert sorted(body["council_names"]) == sorted(NAMES.values())
    assert {(e["council"], e["reason"]) for e in body["excluded"]} == {
        ("Torbay Council", "its peer challenge reports are all dated after the CQC assessment"),
        ("Hertfordshire County Council", "no peer challenge report in the store"),
    }
    assert "4 councils" in body["caveat"] and "not proof" in body["caveat"]
    rows = {row["quality_statement"]: row for row in body["statements"]}
    assert list(rows) == ORDER
    for index, statement in enumerate(ORDER):
        raised = sorted(NAMES[c] for c in CQC_SCORES if _raised(reports[c], statement))
        not_raised = sorted(NAMES[c] for c in CQC_SCORES if not _raised(reports[c], statement))
        low = {NAMES[c] for c in CQC_SCORES if CQC_SCORES[c][index] <= 2}
        row = rows[statement]
        assert row["councils"] == 4
        assert sorted(row["raised"]["council_names"]) == raised, statement
        assert sorted(row["not_raised"]["council_names"]) == not_raised, statement
        assert sorted(row["raised"]["scored_low_names"]) == sorted(set(raised) & low), statement
        assert sorted(row["not_raised"]["scored_low_names"]) == sorted(set(not_raised) & low), statement
        assert row["raised"]["scored_low"] == len(set(raised) & low)


def test_rows_by_pattern_match_a_count_of_the_tagged_items(client: TestClient, store: GraphStore) -> None:
    tagged = store.run_cypher(
        """MATCH (c:Council)<-[:REVIEW_OF]-(:Review)-[:FOUND|RECOMMENDS]->(x)-[:INSTANCE_OF]->(p:Pattern {id: $p})
           WHERE x.polarity IS NULL OR x.polarity <> 'strength'
           RETURN DISTINCT c.id AS council""",
        {"p": "waiting_lists"},
    )
    told = {row["council"] for row in tagged} & set(CQC_SCORES)
    body = client.get(
        "/cqc/cross-council", params={"pattern": "waiting_lists", "quality_statement": "qs1_assessing_needs"}
    ).json()
    assert told, "the reference reports raise waiting lists"
    (row,) = body["patterns"]
    assert (row["pattern"], row["quality_statement"]) == ("waiting_lists", "qs1_assessing_needs")
    assert sorted(row["raised"]["council_names"]) == sorted(NAMES[c] for c in told)
    low = {NAMES[c] for c in told if CQC_SCORES[c][0] <= 2}
    assert set(row["raised"]["scored_low_names"]) == low
    assert row["raised"]["councils"] + row["not_raised"]["councils"] == 4
    assert [r["quality_statement"] for r in body["statements"]] == ["qs1_assessing_needs"]


def test_disagreements_cover_every_compared_council_with_the_measure_defined(client: TestClient) -> None:
    body = client.get("/cqc/cross-council").json()
    ranked = body["disagreements"]
    assert {d["council"] for d in ranked} == set(NAMES.values())
    assert [d["measure"] for d in ranked] == sorted((d["measure"] for d in ranked), reverse=True)
    for council in ranked:
        gaps = [s["gap"] for s in council["statements"]]
        assert council["measure"] == pytest.approx(sum(gaps) / len(gaps))
        assert council["statements_compared"] == len(gaps)
    assert "mean gap" in body["definitions"]["disagreement"]


def test_a_council_shows_cqc_scores_beside_the_peer_team_with_dates(
    client: TestClient, reports: dict[str, Report]
) -> None:
    body = client.get(f"/councils/{SOMERSET}/cqc").json()
    assert (body["assessment"]["published"], body["assessment"]["rating"], body["assessment"]["score"]) == (
        "2024-12-06",
        "Requires improvement",
        56,
    )
    assert body["peer_challenge"]["report_date"] == "2024-03"
    assert (body["peer_challenge"]["months_before_cqc"], body["peer_challenge"]["order"]) == (9, "before")
    statements = body["statements"]
    assert [s["quality_statement"] for s in statements] == ORDER
    assert [s["cqc_score"] for s in statements] == CQC_SCORES[SOMERSET]
    somerset = reports[SOMERSET]
    text = client.get(f"/reviews/{body['peer_challenge']['review_id']}/text").text
    for statement in statements:
        expected = {
            polarity: sorted(
                f.text
                for f in somerset.findings
                if f.quality_statement == statement["quality_statement"] and f.polarity.value == polarity
            )
            for polarity in ("strength", "area_for_development", "mixed")
        }
        shown = {
            "strength": sorted(f["text"] for f in statement["peer_strengths"]),
            "area_for_development": sorted(f["text"] for f in statement["peer_areas_for_development"]),
            "mixed": sorted(f["text"] for f in statement["peer_mixed"]),
        }
        assert shown == expected, statement["quality_statement"]
        for finding in statement["peer_areas_for_development"]:
            start, end = finding["citation"]["span"]
            assert text[start:end] == finding["text"]
    needs = statements[0]["cqc_key_findings"]
    assert [k["text"] for k in needs] == ["People waited too long for a Care Act assessment."]
    citation = needs[0]["citation"]
    assert (citation["source"], citation["heading"]) == ("somerset.html", "Waiting for assessments")
    source_text = client.get(f"/cqc/sources/{citation['source_id']}/text").text
    assert source_text[citation["span"][0] : citation["span"][1]] == needs[0]["text"]


def test_a_peer_challenge_after_cqc_and_a_council_without_cqc_say_so(client: TestClient) -> None:
    torbay = client.get(f"/councils/{TORBAY}/cqc").json()
    assert (
        torbay["peer_challenge"]["order"] == "after" and torbay["peer_challenge"]["months_before_cqc"] == -1
    )
    nothing = client.get("/councils/E09000001/cqc").json()  # City of London: in the table, nothing loaded
    assert (nothing["assessment"], nothing["peer_challenge"], nothing["reviews"]) == (None, None, [])
    assert all(s["cqc_score"] is None for s in nothing["statements"])
    assert client.get("/councils/E99999999/cqc").status_code == 404


def test_assessments_list_and_detail(client: TestClient) -> None:
    listed = {a["council"]: a for a in client.get("/cqc/assessments").json()}
    assert set(listed) == {*NAMES.values(), "Torbay Council", "Hertfordshire County Council"}
    herts = listed["Hertfordshire County Council"]
    assert [s["score"] for s in herts["scores"]] == [3, 3, 3, 3, 4, 3, 3, 3, 3]
    assert (herts["sources"][0]["shape"], herts["sources"][0]["row"]) == ("csv", 4)
    detail = client.get(f"/cqc/assessments/{listed['Somerset Council']['id']}").json()
    assert [k["quality_statement"] for k in detail["key_findings"]] == [
        "qs1_assessing_needs",
        "qs7_safeguarding",
    ]
    assert client.get("/cqc/assessments/nope").status_code == 404
    assert client.get("/cqc/sources/nope/text").status_code == 404
    # The schema lists the nine statements, so another is refused as any schema-invalid query is
    unknown_statement = client.get("/cqc/cross-council", params={"quality_statement": "qs99"})
    assert unknown_statement.status_code == 422 and "quality_statement" in unknown_statement.text
    assert client.get("/cqc/cross-council", params={"pattern": "no_such_pattern"}).status_code == 400


def test_the_csv_export_holds_the_table_and_a_note(client: TestClient) -> None:
    response = client.get("/cqc/cross-council.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    table = client.get("/cqc/cross-council").json()
    statements = [r for r in rows if r["kind"] == "statement"]
    assert [r["quality_statement"] for r in statements] == ORDER
    for row, expected in zip(statements, table["statements"], strict=True):
        assert int(row["raised_councils"]) == expected["raised"]["councils"]
        assert int(row["not_raised_scored_low"]) == expected["not_raised"]["scored_low"]
        assert row["raised_scored_low_councils"] == "; ".join(expected["raised"]["scored_low_names"])
    assert len([r for r in rows if r["kind"] == "pattern"]) == len(table["patterns"])
    assert rows[-1]["kind"] == "note" and rows[-1]["note"] == table["caveat"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_would_be_a_formula_is_neutralised(start: str) -> None:
    assert spreadsheet_safe(f'{start}HYPERLINK("http://x")') == f'\'{start}HYPERLINK("http://x")'
    assert spreadsheet_safe("Somerset Council") == "Somerset Council"
    assert spreadsheet_safe(3) == "3" and spreadsheet_safe(None) == ""


def test_imported_text_that_looks_like_a_formula_reaches_the_csv_as_text(
    seed_db: Path, tmp_path: Path
) -> None:
    """A pattern named like a formula (from a user's pattern file) on a compared council's finding."""
    with open_store(Settings(db=copy_store(seed_db, tmp_path / "graph.lbug"), neo4j_uri=None)) as store:
        import_cqc_files(store, cqc_files(tmp_path), MAX_BYTES)
        finding = store.run_cypher(
            """MATCH (:Council {id: $c})<-[:REVIEW_OF]-(:Review)-[:FOUND]->(f:Finding)
               WHERE f.polarity = 'area_for_development' RETURN f.id AS id ORDER BY id LIMIT 1""",
            {"c": SOMERSET},
        )[0]["id"]
        evil = '=HYPERLINK("http://evil.example","click")'

        def plant(tx: object) -> None:
            row = {"id": "evil", "name": evil, "description": "-2+3", "origin": "user", "phrasings": "[]",
                   "keywords": "[]", "threshold": 0.5}  # fmt: skip
            tx.run(q.MERGE_PATTERNS, {"rows": [row]})  # type: ignore[attr-defined]
            tag = {"item_id": finding, "pattern_id": "evil", "score": 1.0, "method": "manual", "evidence": "x",
                   "closest": "x", "confirmed": True}  # fmt: skip
            tx.run(q.MERGE_FINDING_TAGS, {"rows": [tag]})  # type: ignore[attr-defined]

        store.write(plant)
        with app_client(store) as client:
            response = client.get("/cqc/cross-council.csv", params={"pattern": "evil"})
    rows = [r for r in csv.reader(io.StringIO(response.text)) if r and r[0] == "pattern"]
    assert rows and all(r[4] == "'" + evil for r in rows)
    every_cell = [cell for r in csv.reader(io.StringIO(response.text)) for cell in r]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in every_cell)
