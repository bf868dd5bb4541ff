"""Pattern tags in the graph: written on import, found where they should be, curation that lasts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.patterns.tags import decide, default_tagger, library, tag_store
from graph.reads.patterns import pattern_detail, patterns_overview, tag_rows
from graph.reports.loader import load_report
from graph.store import GraphStore
from importers.parser import parse_file
from tests.fixtures import MAX_BYTES, store_settings, writable_store
from tests.neo4j_server import BACKENDS, seeded_settings

SOMERSET_PASSAGE = (
    "key staff within the organisation lead (and are depended on to deliver) strong performance"
)
TORBAY_PASSAGES = (
    "whose long and in-depth experience",
    "although this in itself poses a risk if roles or personnel",
)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    with writable_store(seeded_settings(request, tmp_path)) as opened:
        yield opened


def test_key_person_dependency_is_found_in_somerset_and_torbay_with_their_passages(store: GraphStore) -> None:
    rows = tag_rows(store, pattern="key_person_dependency")
    by_council: dict[str, list[str]] = {}
    for row in rows:
        by_council.setdefault(row["council"], []).append(row["text"])
    assert any(SOMERSET_PASSAGE in text for text in by_council["Somerset Council"])
    for passage in TORBAY_PASSAGES:
        assert any(passage in text for text in by_council["Torbay Council"]), passage
    for row in rows:
        assert row["evidence"] in row["text"], "evidence is a verbatim sentence of the item"


def test_pattern_detail_spreads_quotes_across_councils_and_splits_strengths(store: GraphStore) -> None:
    detail = pattern_detail(store, "waiting_lists")
    councils = [quote.citation.council for quote in detail.development]
    first_round = councils[: len(set(councils))]
    assert len(first_round) == len(set(first_round)), "one quote per council before any council's second"
    assert all(q.polarity != "strength" for q in detail.development)
    assert all(q.polarity == "strength" for q in detail.strengths)
    assert detail.pattern.councils == len({c.council_id for c in detail.councils}) >= 3
    overview = {p.id: p for p in patterns_overview(store)}
    assert len(overview) == 29 and overview["waiting_lists"].councils == detail.pattern.councils


def test_a_rejected_tag_stays_rejected_and_a_confirmed_one_stays(store: GraphStore, seeds_dir: Path) -> None:
    somerset = next(
        r for r in tag_rows(store, pattern="key_person_dependency") if SOMERSET_PASSAGE in r["text"]
    )
    rejected = next(r for r in tag_rows(store, pattern="waiting_lists") if r["council"] == "Trafford Council")
    decide(store, somerset["item_id"], "key_person_dependency", "confirm", by="adviser")
    decide(
        store,
        rejected["item_id"],
        "waiting_lists",
        "reject",
        by="adviser",
        note="about assessments, not waits",
    )
    tagger = default_tagger(library(store, store_settings(store)))
    tag_store(store, tagger)
    for path in sorted(seeds_dir.glob("*.txt")):
        load_report(store, parse_file(path, MAX_BYTES), force=True, tagger=tagger)
    kept = [
        r for r in tag_rows(store, pattern="key_person_dependency") if r["item_id"] == somerset["item_id"]
    ]
    assert kept and kept[0]["confirmed"] is True
    assert not [r for r in tag_rows(store, pattern="waiting_lists") if r["item_id"] == rejected["item_id"]]


def test_retagging_is_idempotent(store: GraphStore) -> None:
    before = sorted((r["item_id"], r["pattern_id"], r["score"]) for r in tag_rows(store))
    tag_store(store, default_tagger(library(store, store_settings(store))))
    assert sorted((r["item_id"], r["pattern_id"], r["score"]) for r in tag_rows(store)) == before
