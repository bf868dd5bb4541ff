"""Bounded page reads give exactly what the one-step queries they replace gave."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.reads import patterns as pattern_reads
from graph.reads import reviews
from graph.store import open_store
from graph.store import queries as q
from peergraph.core.settings import Settings

FINDING_FILTERS: list[dict[str, Any]] = [
    {},
    {"q": "waiting"},
    {"q": "WAITING LISTS"},
    {"theme": 3},
    {"polarity": "area_for_development", "q": "carers"},
    {"q": "no such words anywhere"},
    {"q": "council’s"},
    {"q": "Co-Production"},
]
RECOMMENDATION_FILTERS: list[dict[str, Any]] = [
    {}, {"owner": "DASS"}, {"owner": "owner-dass"}, {"owner": "DASS", "standing": True},
    {"owner": "DASS", "firm": False}, {"owner": "DASS", "source": "summary"}, {"owner": "DASS", "theme": 3}, {"owner": "nobody"},
    {"q": "should"}, {"q": "Carers"}, {"source": "summary"}, {"q": "dass", "source": "summary"},
]  # fmt: skip
NO_FILTERS = {
    "council": None, "region": None, "theme": None, "quality_statement": None, "polarity": None,
    "section": None, "pattern": None, "q": None, "owner": None, "status": None, "source": None,
    "firm": None, "standing": False,
}  # fmt: skip


def pages(read: Any, limit: int) -> list[list[str]]:
    """Every page's ids, following cursors to the end."""
    out, cursor = [], None
    while True:
        page = read(cursor)
        out.append([item.id for item in page.items])
        if page.next_cursor is None:
            return out
        cursor = page.next_cursor


@pytest.mark.parametrize("filters", FINDING_FILTERS)
def test_finding_pages_match_the_one_step_query(seed_db: Path, filters: dict[str, Any]) -> None:
    with open_store(Settings(db=seed_db, neo4j_uri=None), read_only=True) as store:
        for limit in (7, 50):
            after: tuple[str, int] = ("", -1)
            expected: list[list[str]] = []
            while True:
                params = {
                    **NO_FILTERS,
                    **filters,
                    "after_review": after[0],
                    "after_ordinal": after[1],
                    "limit": limit,
                }
                rows = store.read(q.FINDINGS_PAGE, params)
                expected.append([row["id"] for row in rows])
                if len(rows) < limit:
                    break
                after = (rows[-1]["review_id"], rows[-1]["ordinal"])
            got = pages(
                lambda cursor, limit=limit: reviews.findings(
                    store, limit=limit, cursor=cursor, q_text=filters.get("q"), theme=filters.get("theme"),
                    polarity=filters.get("polarity"),
                ),
                limit,
            )  # fmt: skip
            assert [page for page in got if page] == [page for page in expected if page]
            first = reviews.findings(store, limit=limit, q_text=filters.get("q"), theme=filters.get("theme"),
                                     polarity=filters.get("polarity"))  # fmt: skip
            one_step = store.read(q.FINDINGS_PAGE, {**NO_FILTERS, **filters, "after_review": "",
                                                    "after_ordinal": -1, "limit": limit})  # fmt: skip
            assert [item.model_dump() for item in first.items] == [
                reviews.finding_out(row).model_dump() for row in one_step
            ]


@pytest.mark.parametrize("filters", RECOMMENDATION_FILTERS)
def test_recommendation_pages_match_the_one_step_query(seed_db: Path, filters: dict[str, Any]) -> None:
    with open_store(Settings(db=seed_db, neo4j_uri=None), read_only=True) as store:
        for limit in (5, 50):
            params = {**NO_FILTERS, **filters, "after_review": "", "after_ordinal": -1, "limit": limit}
            one_step = store.read(q.RECOMMENDATIONS_PAGE, params)
            page = reviews.recommendations(
                store,
                limit=limit,
                owner=filters.get("owner"),
                q_text=filters.get("q"),
                source=filters.get("source"),
                theme=filters.get("theme"),
                firm=filters.get("firm"),
                standing=filters.get("standing", False),
            )
            assert [item.model_dump() for item in page.items] == [
                reviews.recommendation_out(row).model_dump() for row in one_step
            ]
            if filters.get("owner") in ("DASS", "owner-dass") or not filters:
                assert page.items, "the seeds have recommendations for this filter"


@pytest.mark.parametrize("region", [None, "South West"])
def test_whole_region_reads_equal_every_page_in_order(seed_db: Path, region: str | None) -> None:
    """What a brief reads in one query is what paging through the region gave."""
    with open_store(Settings(db=seed_db, neo4j_uri=None), read_only=True) as store:
        for read, read_all in (
            (reviews.findings, reviews.all_findings),
            (reviews.recommendations, reviews.all_recommendations),
        ):
            paged, cursor = [], None
            while True:
                page = read(store, region=region, limit=100, cursor=cursor)
                paged += page.items
                if page.next_cursor is None:
                    break
                cursor = page.next_cursor
            whole = read_all(store, region)
            # a brief reads its pattern tags apart (pattern-scoped), so whole-region rows carry none
            untagged = {"patterns"}
            assert whole and [item.model_dump(exclude=untagged) for item in whole] == [
                item.model_dump(exclude=untagged) for item in paged
            ]


@pytest.mark.parametrize(("region", "theme"), [(None, 3), ("South West", 1), (None, 4)])
def test_a_theme_s_items_and_tags_read_in_the_store_are_the_whole_read_s_of_that_theme(
    seed_db: Path, region: str | None, theme: int
) -> None:
    """What a theme brief reads (selected in the store) is what filtering every item by theme gave."""
    with open_store(Settings(db=seed_db, neo4j_uri=None), read_only=True) as store:
        findings = [f.model_dump() for f in reviews.all_findings(store, region) if f.theme == theme]
        recommendations = [
            r.model_dump() for r in reviews.all_recommendations(store, region) if r.theme == theme
        ]
        assert findings and recommendations
        assert [f.model_dump() for f in reviews.all_findings(store, region, theme)] == findings
        assert [r.model_dump() for r in reviews.all_recommendations(store, region, theme)] == recommendations
        in_theme = {item["id"] for item in findings + recommendations}
        every_tag = [
            row for row in pattern_reads.tag_rows(store, region=region) if row["item_id"] in in_theme
        ]
        theme_tags = store.read(q.TAG_ROWS_OF_THEME_ITEMS, {"region": region, "theme": theme})
        key = lambda row: (row["item_id"], row["pattern_id"])  # noqa: E731
        assert every_tag and sorted(theme_tags, key=key) == sorted(every_tag, key=key)


def test_recommendation_pages_count_every_action_of_a_recommendation(example_db: Path) -> None:
    """Read by id, a recommendation's actions are counted by status, two with one status as two."""
    from tests.fixtures import WESTMOOR

    with open_store(Settings(db=example_db, neo4j_uri=None), read_only=True) as store:
        params = {**NO_FILTERS, "council": WESTMOOR, "after_review": "", "after_ordinal": -1, "limit": 200}
        one_step = [reviews.recommendation_out(row) for row in store.read(q.RECOMMENDATIONS_PAGE, params)]
        page = reviews.recommendations(store, council=WESTMOOR, limit=200)
        assert [item.model_dump() for item in page.items] == [item.model_dump() for item in one_step]
        assert any(count > 1 for item in page.items for count in item.action_status.values()), (
            "the example plans give one recommendation two actions with the same status"
        )
