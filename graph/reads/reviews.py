"""Reads of the graph that the API, the web pages and the briefs share, as typed read models.

Each function runs named queries and shapes their rows; none holds HTTP or HTML concerns.
Lists are paged by an opaque cursor on their sort key.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from graph.reads import text_index
from graph.reads.actions import actions_for_recommendation
from graph.reads.aggregates import (
    COUNCILS_KEPT,
    PAGES_KEPT,
    cached,
    cached_where_versioned,
    kept_where_versioned,
)
from graph.reads.models import (
    Citation,
    CouncilDetail,
    CouncilSummary,
    FindingOut,
    OwnerOut,
    Page,
    PeerLink,
    RecommendationOut,
    Region,
    ReviewDetail,
    ReviewSummary,
    SentenceOut,
    TeamMember,
    ThemeCount,
    Trace,
)
from graph.reads.paging import decode_cursor, encode_cursor, page_limit
from graph.store import GraphStore, Params, Row
from graph.store import queries as q
from graph.store.model import FindingNode, RecommendationNode
from graph.store.queries import NEO4J, Query
from importers.owners import OWNER_ROLES
from peergraph.core.errors import NotFoundError


def _citation(row: Row) -> Citation:
    return Citation(
        review_id=row["review_id"],
        council_id=row["council_id"],
        council=row["council"],
        report_date=row.get("report_date"),
        section=row.get("section"),
        heading=row.get("heading"),
        span=(row["span_start"], row["span_end"]),
    )


def _sentences(raw: str | None) -> list[SentenceOut]:
    return [
        SentenceOut(span=tuple(item["span"]), polarity=item["polarity"]) for item in json.loads(raw or "[]")
    ]


def finding_out(row: Row, *, cite: bool = True, sentences: bool = True) -> FindingOut:
    node = FindingNode.from_row(row)
    return FindingOut(
        id=node.id,
        text=node.text,
        polarity=node.polarity,
        section=node.section,
        heading=node.heading,
        theme=node.theme,
        quality_statement=node.quality_statement,
        span=(node.span_start, node.span_end),
        citation=_citation(row) if cite and "review_id" in row else None,
        patterns=sorted({p for p in row.get("patterns") or [] if p}),
        sentences=_sentences(node.sentences) if sentences else [],
    )


def recommendation_out(row: Row, *, cite: bool = True) -> RecommendationOut:
    node = RecommendationNode.from_row(row)
    return RecommendationOut(
        id=node.id,
        text=node.text,
        source=node.source,
        firm=node.firm,
        theme=node.theme,
        span=(node.span_start, node.span_end),
        owners=sorted(row.get("owners") or []),
        findings=sorted(row.get("findings") or []),
        citation=_citation(row) if cite and "review_id" in row else None,
        action_status=dict(Counter(row.get("action_statuses") or [])),
        patterns=sorted({p for p in row.get("patterns") or [] if p}),
    )


def regions(store: GraphStore) -> list[Region]:
    """The regions with their counts, kept until the data changes (they count every finding: 10 ms
    at 500 reports on the embedded store, 75 ms on Neo4j)."""
    return cached(
        store, "regions", (), lambda: [Region(**row) for row in store.read(q.REGIONS_SUMMARY)], keep=1
    )


def councils(
    store: GraphStore,
    *,
    region: str | None = None,
    reviewed: bool = True,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[CouncilSummary]:
    (after,) = decode_cursor(cursor, [""])
    rows = store.read(
        q.COUNCILS_PAGE,
        {"after": after, "region": region, "min_reviews": 1 if reviewed else 0, "limit": page_limit(limit)},
    )
    items = [CouncilSummary(**row) for row in rows]
    return Page(items=items, next_cursor=encode_cursor(items[-1].id) if len(items) == limit else None)


def council(store: GraphStore, council_id: str) -> CouncilDetail:
    """A council's reviews, counts and recommendations, kept until the data changes where that costs
    nothing to know (at 500 reports a council's recommendations alone take 14 ms to read)."""
    return cached_where_versioned(
        store, "council", (council_id,), lambda: _council(store, council_id), keep=COUNCILS_KEPT
    )


def _council(store: GraphStore, council_id: str) -> CouncilDetail:
    rows = store.read(q.COUNCIL_BY_ID, {"id": council_id})
    if not rows:
        raise NotFoundError(f"no council with id {council_id!r}")
    return CouncilDetail(
        council=CouncilSummary(**rows[0]),
        reviews=[ReviewSummary(**row) for row in store.read(q.COUNCIL_REVIEWS, {"id": council_id})],
        counts=[ThemeCount(**row) for row in store.read(q.COUNCIL_THEME_COUNTS, {"id": council_id})],
        recommendations=[
            recommendation_out(row, cite=False) for row in _council_recommendations(store, council_id)
        ],
    )


def _council_recommendations(store: GraphStore, council_id: str) -> list[Row]:
    """A council's recommendation rows, each with its owners, findings, actions' statuses and patterns."""
    if store.backend == NEO4J:
        return store.read(q.COUNCIL_RECOMMENDATIONS_WITH_LISTS, {"id": council_id})
    return _council_recommendations_flat(store, council_id)


def _council_recommendations_flat(store: GraphStore, council_id: str) -> list[Row]:
    """`_council_recommendations` from flat queries put together here (what LadybugDB reads fastest)."""
    rows = store.read(q.COUNCIL_RECOMMENDATIONS, {"id": council_id})
    for column, query in q.COUNCIL_RECOMMENDATION_LISTS.items():
        values: dict[str, list[Any]] = defaultdict(list)
        for pair in store.read(query, {"id": council_id}):
            values[pair["id"]].append(pair["value"])
        for row in rows:
            row[column] = values.get(row["id"], [])
    return rows


def _json_list(text: str | None) -> list[str]:
    return list(json.loads(text)) if text else []


def review(store: GraphStore, review_id: str) -> ReviewDetail:
    rows = store.read(q.REVIEW_BY_ID, {"id": review_id})
    if not rows:
        raise NotFoundError(f"no review with id {review_id!r}")
    row = rows[0]
    cite = {"review_id": row["id"], "council_id": row["council_id"], "council": row["council"],
            "report_date": row["report_date"]}  # fmt: skip
    return ReviewDetail(
        id=row["id"],
        title=row["title"],
        report_date=row["report_date"],
        council_id=row["council_id"],
        council=row["council"],
        region=row["region"],
        source=row["source"],
        imported_at=row["imported_at"],
        onsite_start=row["onsite_start"],
        onsite_end=row["onsite_end"],
        commissioned_by=row["commissioned_by"],
        figures={
            key: row[key]
            for key in ("documents_read", "meetings", "people_met", "cases_audited", "hours_on_site")
        },
        council_asks=_json_list(row["council_asks"]),
        lga_contacts=_json_list(row["lga_contacts"]),
        peer_team=[
            TeamMember(**{k: v for k, v in member.items() if k != "ordinal"})
            for member in store.read(q.REVIEW_TEAM, {"id": review_id})
        ],
        findings=[
            finding_out({**finding, **cite})
            for finding in store.read(q.REVIEW_FINDINGS, {"review_id": review_id})
        ],
        recommendations=[
            recommendation_out({**rec, **cite})
            for rec in store.read(q.REVIEW_RECOMMENDATIONS, {"review_id": review_id})
        ],
    )


def reviews(store: GraphStore) -> list[ReviewSummary]:
    """Every review, the latest import first."""
    return [ReviewSummary(**row) for row in store.read(q.REVIEWS)]


def peer_links(store: GraphStore) -> list[PeerLink]:
    """Who sat on which review, and the council each works for (when their employer is one)."""
    return [PeerLink(**row) for row in store.read(q.PEER_LINKS)]


def review_text(store: GraphStore, review_id: str) -> str:
    rows = store.read(q.REVIEW_TEXT, {"id": review_id})
    if not rows:
        raise NotFoundError(f"no review with id {review_id!r}")
    return str(rows[0]["text"])


@kept_where_versioned("findings", keep=PAGES_KEPT)
def findings(
    store: GraphStore,
    *,
    council: str | None = None,
    region: str | None = None,
    theme: int | None = None,
    quality_statement: str | None = None,
    polarity: str | None = None,
    section: str | None = None,
    pattern: str | None = None,
    q_text: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[FindingOut]:
    after_review, after_ordinal = decode_cursor(cursor, ["", -1])
    only_words = q_text and not any((council, region, theme, quality_statement, polarity, section, pattern))
    rows = (
        _by_words(store, "Finding", q.FINDINGS_BY_IDS, q_text, (after_review, after_ordinal), limit)
        if only_words and q_text
        else _two_step(
            store,
            q.FINDINGS_PAGE_KEYS,
            q.FINDINGS_BY_IDS,
            {
                "after_review": after_review,
                "after_ordinal": after_ordinal,
                "council": council,
                "region": region,
                "theme": theme,
                "quality_statement": quality_statement,
                "polarity": polarity,
                "section": section,
                "pattern": pattern,
                "q": q_text or None,
                "limit": page_limit(limit),
            },
        )
    )
    items = [finding_out(row) for row in rows]
    last = rows[-1] if len(rows) == limit else None
    return Page(items=items, next_cursor=encode_cursor(last["review_id"], last["ordinal"]) if last else None)


OWNER_PAGES_KEPT = 4 * len(OWNER_ROLES)
"""Pages of recommendations kept for the owner roles beyond PAGES_KEPT of other visits: the four that
the warm-up works out for each role (api/warming.py)."""


@kept_where_versioned("recommendations", keep=PAGES_KEPT + OWNER_PAGES_KEPT)
def recommendations(
    store: GraphStore,
    *,
    council: str | None = None,
    region: str | None = None,
    owner: str | None = None,
    status: str | None = None,
    source: str | None = None,
    theme: int | None = None,
    q_text: str | None = None,
    firm: bool | None = None,
    standing: bool = False,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[RecommendationOut]:
    """`firm` selects firm recommendations or hedged suggestions; `standing` keeps the summary
    list's and the firm ones (what owner pages show by default)."""
    after_review, after_ordinal = decode_cursor(cursor, ["", -1])
    params = {
        "after_review": after_review,
        "after_ordinal": after_ordinal,
        "council": council,
        "region": region,
        "owner": owner,
        "status": status,
        "source": source,
        "firm": firm,
        "standing": standing,
        "theme": theme,
        "q": q_text or None,
        "limit": page_limit(limit),
    }
    # A status filter needs every candidate's actions, so it keeps the one-step query.
    only_words = q_text and not any(
        (council, region, owner, status, source, theme, firm is not None, standing)
    )
    if only_words and q_text:
        rows = _by_words(
            store, "Recommendation", q.RECOMMENDATIONS_BY_IDS, q_text, (after_review, after_ordinal), limit
        )
    elif status:
        rows = store.read(q.RECOMMENDATIONS_PAGE, params)
    elif owner:  # from the owner's own recommendations, not a test on every recommendation
        owner_ids = [row["id"] for row in store.read(q.OWNER_IDS_NAMED, {"owner": owner})]
        rows = _two_step(
            store,
            q.RECOMMENDATIONS_OF_OWNER_PAGE_KEYS,
            q.RECOMMENDATIONS_BY_IDS,
            params | {"owner_ids": owner_ids},
        )
    else:
        rows = _two_step(store, q.RECOMMENDATIONS_PAGE_KEYS, q.RECOMMENDATIONS_BY_IDS, params)
    items = [recommendation_out(row) for row in rows]
    last = rows[-1] if len(rows) == limit else None
    return Page(items=items, next_cursor=encode_cursor(last["review_id"], last["ordinal"]) if last else None)


def all_findings(
    store: GraphStore, region: str | None = None, theme: int | None = None, *, sentences: bool = True
) -> list[FindingOut]:
    """Every finding (of a region, of a CQC theme), in page order, read in one query; without
    `sentences`, their sentence spans are left out (a brief quotes by text, and parsing them is slow)."""
    rows = store.read(q.FINDINGS_IN_REGION, {"region": region, "theme": theme})
    return [finding_out(row, sentences=sentences) for row in rows]


def all_recommendations(
    store: GraphStore, region: str | None = None, theme: int | None = None
) -> list[RecommendationOut]:
    """Every recommendation (of a region, of a CQC theme), in page order, read in one query."""
    params = {"region": region, "theme": theme}
    return [recommendation_out(row) for row in store.read(q.RECOMMENDATIONS_IN_REGION, params)]


def _by_words(
    store: GraphStore, kind: str, by_ids: Query, q_text: str, after: tuple[str, int], limit: int
) -> list[Row]:
    """A page of items containing `q_text`, found in the text index (graph/reads/text_index.py)."""
    ids = text_index.matching_ids(store, kind, q_text, after, page_limit(limit))
    return store.read(by_ids, {"ids": ids}) if ids else []


def _two_step(store: GraphStore, keys: Query, by_ids: Query, params: Params) -> list[Row]:
    """One page: its keys first (filtered, sorted, limited), then the full rows of just those."""
    ids = [row["id"] for row in store.read(keys, params)]
    return store.read(by_ids, {"ids": ids}) if ids else []


def owners(store: GraphStore) -> list[OwnerOut]:
    """Every owner with its counts, kept like `regions` (20 ms at 500 reports, 40 ms on Neo4j)."""
    return cached(
        store,
        "owners",
        (),
        lambda: [OwnerOut(**row) for row in store.read(q.OWNERS_SUMMARY)],
        keep=1,
    )


def owner(store: GraphStore, owner_id: str) -> OwnerOut:
    """One owner with its counts, from the kept `owners`: counting one alone took 7.5 ms at 500
    reports, for each request of an owner's page."""
    found = next((o for o in owners(store) if o.id == owner_id), None)
    if found is None:
        raise NotFoundError(f"no owner with id {owner_id!r}")
    return found


def _owners_of(store: GraphStore, recommendation_id: str) -> list[OwnerOut]:
    """A recommendation's owners by name, with their counts from the kept `owners`: counting them
    again for each trace took 3-20 ms at 500 reports, the most of an owner like the DASS."""
    counted = {owner.id: owner for owner in owners(store)}
    found = [counted[row["id"]] for row in store.read(q.RECOMMENDATION_OWNER_IDS, {"id": recommendation_id})]
    return sorted(found, key=lambda owner: owner.name)


@kept_where_versioned("trace", keep=PAGES_KEPT, by_day=True)
def trace(store: GraphStore, recommendation_id: str) -> Trace:
    """Who owns a recommendation and where it is up to: findings, owners, actions and history."""
    rows = store.read(q.RECOMMENDATION_BY_ID, {"id": recommendation_id})
    if not rows:
        raise NotFoundError(f"no recommendation with id {recommendation_id!r}")
    row = rows[0]
    summary = ReviewSummary(
        id=row["review_id"],
        title=row["title"],
        report_date=row["report_date"],
        council_id=row["council_id"],
        council=row["council"],
        region=row["region"],
        source=row["review_source"],
        imported_at=row["imported_at"],
    )
    return Trace(
        recommendation=recommendation_out(row),
        review=summary,
        findings=[finding_out(f) for f in store.read(q.RECOMMENDATION_FINDINGS, {"id": recommendation_id})],
        owners=_owners_of(store, recommendation_id),
        actions=actions_for_recommendation(store, recommendation_id),
    )
