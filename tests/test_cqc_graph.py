"""CQC results in the graph: every corpus file loads, one transaction per file, idempotent, corrections replace."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from graph.cqc import queries as cq
from graph.cqc.loader import CqcStatus, import_cqc_files
from graph.store import GraphStore, open_store
from graph.store.stats import store_stats
from peergraph.core.settings import Settings
from tests.fixtures import (
    CORPUS,
    PAGE_NAMES,
    Assessment,
    results_csv,
    statement_page_text,
    summary_html,
    summary_text,
    writable_store,
)

MAX_BYTES = 50 * 1024 * 1024
ORDER = list(PAGE_NAMES)
PEERGRAPH = str(Path(sys.executable).parent / "peergraph")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[GraphStore]:
    with writable_store(Settings(db=tmp_path / "graph.lbug", neo4j_uri=None)) as opened:
        yield opened


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def assessments(store: GraphStore) -> dict[str, dict[str, object]]:
    """Council name -> its assessment row, with its scores in statement order."""
    scores: dict[str, dict[str, int]] = {}
    for row in store.read(cq.CQC_SCORES, {"council": None}):
        scores.setdefault(row["assessment_id"], {})[row["quality_statement"]] = row["score"]
    return {
        row["council"]: {**row, "scores": [scores.get(row["id"], {}).get(q) for q in ORDER]}
        for row in store.read(cq.CQC_ASSESSMENTS, {"council": None})
    }


def counts(store: GraphStore) -> tuple[dict[str, int], dict[str, int]]:
    stats = store_stats(store)
    return stats.labels, stats.relationships


def test_every_corpus_file_loads_and_reads_back_exactly(store: GraphStore) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is missing")
    summary = import_cqc_files(store, sorted(CORPUS.iterdir()), MAX_BYTES, published=date(2025, 3, 14))
    assert [o.status for o in summary.outcomes] == [CqcStatus.LOADED] * 3, summary.outcomes
    found = assessments(store)
    herts = found["Hertfordshire County Council"]
    assert (herts["published"], herts["rating"], herts["score"]) == ("2024-05-17", "Good", 78)
    assert herts["scores"] == [3, 3, 3, 3, 4, 3, 3, 3, 3]
    kirklees = found["Kirklees Council"]
    assert (kirklees["published"], kirklees["rating"], kirklees["score"]) == (
        "2025-11-21",
        "Requires improvement",
        None,
    )
    assert kirklees["scores"] == [2, 2, 2, 2, 3, 2, 3, 2, 3]
    east_riding = found["East Riding of Yorkshire Council"]
    assert (east_riding["published"], east_riding["rating"], east_riding["score"]) == (
        "2025-03-14",
        None,
        None,
    )
    assert east_riding["scores"] == [1, *[None] * 8]
    quoted = store.read(cq.CQC_KEY_FINDINGS, {"assessment_id": east_riding["id"]})
    assert len(quoted) == 3
    text = store.read(cq.CQC_SOURCE_TEXT, {"id": quoted[0]["source_id"]})[0]["text"]
    assert all(text[k["span_start"] : k["span_end"]] == k["text"] for k in quoted)


def test_importing_again_changes_nothing(store: GraphStore, tmp_path: Path) -> None:
    files = [
        write(tmp_path, "summary.html", summary_html(Assessment("Torbay Council"))),
        write(
            tmp_path,
            "results.csv",
            results_csv(
                ["council", "published", "rating", *ORDER],
                [["Trafford Council", "2024-11-01", "Good", *[3] * 9]],
            ),
        ),
    ]
    import_cqc_files(store, files, MAX_BYTES)
    before = counts(store)
    again = import_cqc_files(store, files, MAX_BYTES)
    assert [o.status for o in again.outcomes] == [CqcStatus.UNCHANGED, CqcStatus.UNCHANGED]
    assert counts(store) == before


def test_a_corrected_page_replaces_what_it_said(store: GraphStore, tmp_path: Path) -> None:
    torbay = Assessment(
        "Torbay Council",
        findings={"qs1_assessing_needs": [(None, ["People waited a long time.", "Reviews were overdue."])]},
    )
    path = write(tmp_path, "torbay.txt", summary_text(torbay, with_sections=True))
    import_cqc_files(store, [path], MAX_BYTES)
    before = counts(store)
    corrected = Assessment(
        "Torbay Council",
        rating="Requires improvement",
        score=61,
        scores={**torbay.scores, "qs1_assessing_needs": 2},
        findings={"qs1_assessing_needs": [(None, ["People waited a long time.", "Carers waited longest."])]},
    )
    path.write_text(summary_text(corrected, with_sections=True), encoding="utf-8")
    (outcome,) = import_cqc_files(store, [path], MAX_BYTES).outcomes
    assert outcome.status is CqcStatus.UPDATED
    row = assessments(store)["Torbay Council"]
    assert (row["rating"], row["score"], row["scores"][0]) == ("Requires improvement", 61, 2)
    quoted = [k["text"] for k in store.read(cq.CQC_KEY_FINDINGS, {"assessment_id": row["id"]})]
    assert quoted == ["People waited a long time.", "Carers waited longest."]
    assert counts(store) == before  # same numbers of nodes and relationships: replaced, not added


def test_the_same_page_as_html_then_text_is_one_source(store: GraphStore, tmp_path: Path) -> None:
    page = Assessment("Torbay Council")
    html_file = write(tmp_path, "torbay.html", summary_html(page))
    import_cqc_files(store, [html_file], MAX_BYTES)
    before = counts(store)
    (outcome,) = import_cqc_files(
        store, [write(tmp_path, "torbay.txt", summary_text(page))], MAX_BYTES
    ).outcomes
    assert outcome.status is CqcStatus.UPDATED
    assert counts(store) == before
    sources = store.read(cq.CQC_SOURCES, {"council": "E06000027"})
    assert [s["source"] for s in sources] == ["torbay.txt"]


def test_an_undated_statement_page_joins_the_assessment_loaded_with_it(
    store: GraphStore, tmp_path: Path
) -> None:
    page = Assessment(
        "Torbay Council",
        published="3 October 2024",
        scores={**dict.fromkeys(ORDER, 3), "qs7_safeguarding": 2},
        findings={"qs7_safeguarding": [("Section 42 enquiries", ["Enquiries were slow."])]},
    )
    statement = write(tmp_path, "safeguarding.txt", statement_page_text(page, ["qs7_safeguarding"]))
    summary = write(tmp_path, "summary.txt", summary_text(page))
    result = import_cqc_files(store, [statement, summary], MAX_BYTES)  # the undated page first
    assert [o.status for o in result.outcomes] == [CqcStatus.LOADED, CqcStatus.LOADED]
    assert result.outcomes[0].published == "2024-10-03"
    (row,) = assessments(store).values()
    assert row["scores"][6] == 2
    (quoted,) = store.read(cq.CQC_KEY_FINDINGS, {"assessment_id": row["id"]})
    assert (quoted["quality_statement"], quoted["heading"], quoted["text"]) == (
        "qs7_safeguarding",
        "Section 42 enquiries",
        "Enquiries were slow.",
    )


def test_a_failure_part_way_leaves_no_trace(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.cqc import loader

    real_write = loader._write

    def write_then_fail(tx: object, records: object, known: set[str]) -> None:
        real_write(tx, records, known)  # type: ignore[arg-type]
        raise RuntimeError("the disk filled up")

    before = counts(store)
    monkeypatch.setattr(loader, "_write", write_then_fail)
    with pytest.raises(RuntimeError):
        import_cqc_files(
            store, [write(tmp_path, "torbay.txt", summary_text(Assessment("Torbay Council")))], MAX_BYTES
        )
    assert counts(store) == before
    assert assessments(store) == {}


def test_the_command_lists_bad_files_with_their_reason_and_exits_2(tmp_path: Path) -> None:
    good = write(tmp_path, "torbay.html", summary_html(Assessment("Torbay Council")))
    bad = write(tmp_path, "excellent.txt", summary_text(Assessment("Trafford Council", rating="Excellent")))
    db = tmp_path / "graph.lbug"
    done = subprocess.run(
        [PEERGRAPH, "import-cqc", str(good), str(bad), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "excellent.txt" in done.stdout and "rating 'Excellent' is not one of" in done.stdout
    assert "1 files skipped" in done.stdout
    with open_store(Settings(db=db, neo4j_uri=None)) as opened:
        assert list(assessments(opened)) == ["Torbay Council"]
    again = subprocess.run(
        [PEERGRAPH, "import-cqc", str(good), "--db", str(db)], capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 0 and "unchanged" in again.stdout


def test_a_backup_carries_the_cqc_results(store: GraphStore, tmp_path: Path) -> None:
    from graph.store.backup import export_jsonl, restore_jsonl

    page = Assessment(
        "Torbay Council", findings={"qs2_healthier_lives": [(None, ["Prevention was strong."])]}
    )
    import_cqc_files(
        store, [write(tmp_path, "torbay.txt", summary_text(page, with_sections=True))], MAX_BYTES
    )
    backup = tmp_path / "backup.jsonl"
    with backup.open("w", encoding="utf-8") as out:
        export_jsonl(store, out)
    with open_store(Settings(db=tmp_path / "restored.lbug", neo4j_uri=None)) as restored:
        restore_jsonl(restored, backup)
        assert assessments(restored) == assessments(store)
        assert counts(restored) == counts(store)
