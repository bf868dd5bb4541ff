"""Reads about recurring patterns: where each shows, in whose words, and how patterns relate.

Quotes are chosen for coverage (one per council before a second from any), each with its
citation; strengths are kept apart from areas for development, so good practice can be found
next to the problem it answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.patterns import analytics, discovery
from graph.patterns.candidates import candidates
from graph.reads.aggregates import cached
from graph.reads.dates import date_bound, within_dates
from graph.reads.models import (
    CandidateOut,
    CandidateQuoteOut,
    Citation,
    CouncilSimilarity,
    Page,
    PatternCouncil,
    PatternDetail,
    PatternMatrix,
    PatternPair,
    PatternQuote,
    PatternRegion,
    PatternSummary,
)
from graph.reads.paging import decode_cursor, encode_cursor, page_limit
from graph.store import GraphStore, Row
from graph.store import queries as q
from peergraph.core.errors import BadRequestError, NotFoundError
from peergraph.core.settings import Settings

STRENGTH = "strength"


def is_strength(row: Row) -> bool:
    return row.get("polarity") == STRENGTH


def tag_rows(store: GraphStore, pattern: str | None = None, region: str | None = None) -> list[Row]:
    return store.read(q.TAG_ROWS, {"pattern": pattern, "region": region})


def tag_cells(store: GraphStore, region: str | None = None) -> list[Row]:
    """Tag rows without their texts: all the aggregates read."""
    return store.read(q.TAG_CELLS, {"region": region})


def analytic_rows(rows: Iterable[Row]) -> list[analytics.TagRow]:
    return [
        analytics.TagRow(
            item_key=row["item_id"],
            item_kind="finding" if row["kind"] == "Finding" else "recommendation",
            pattern_id=row["pattern_id"],
            council_id=row["council_id"],
            council=row["council"],
            region=row["region"],
            polarity=row["polarity"] or "area_for_development",
            score=float(row["score"] or 0.0),
        )
        for row in rows
    ]


def pattern_summary(pattern: Row, rows: list[Row]) -> PatternSummary:
    """How widely a pattern shows in `rows` (its tag rows): councils, regions, instances by polarity."""
    return PatternSummary(
        id=pattern["id"],
        name=pattern["name"],
        description=pattern["description"] or "",
        origin=pattern["origin"] or "builtin",
        councils=len({row["council_id"] for row in rows}),
        regions=len({row["region"] for row in rows}),
        instances=len(rows),
        development=sum(not is_strength(row) for row in rows),
        strengths=sum(is_strength(row) for row in rows),
    )


def _patterns(store: GraphStore) -> dict[str, Row]:
    return {row["id"]: row for row in store.read(q.PATTERN_LIST)}


def pattern_names(store: GraphStore) -> dict[str, str]:
    """Every pattern's name by its id."""
    return {pattern_id: row["name"] for pattern_id, row in _patterns(store).items()}


def patterns_overview(store: GraphStore, region: str | None = None) -> list[PatternSummary]:
    """Every pattern with how widely it shows, most councils first (optionally within one region)."""
    return cached(store, "patterns_overview", (region,), lambda: _patterns_overview(store, region))


def _patterns_overview(store: GraphStore, region: str | None) -> list[PatternSummary]:
    by_pattern: dict[str, list[Row]] = defaultdict(list)
    for row in tag_cells(store, region=region):
        by_pattern[row["pattern_id"]].append(row)
    summaries = [
        pattern_summary(pattern, by_pattern[pattern_id]) for pattern_id, pattern in _patterns(store).items()
    ]
    return sorted(summaries, key=lambda s: (-s.councils, -s.instances, s.id))


def quote_out(row: Row) -> PatternQuote:
    return PatternQuote(
        kind="finding" if row["kind"] == "Finding" else "recommendation",
        id=row["item_id"],
        text=row["text"],
        evidence=row["evidence"] or row["text"],
        score=float(row["score"] or 0.0),
        polarity=row["polarity"],
        confirmed=row["confirmed"],
        region=row.get("region"),
        citation=Citation(
            review_id=row["review_id"],
            council_id=row["council_id"],
            council=row["council"],
            report_date=row["report_date"],
            section=row["section"],
            heading=row["heading"],
            span=(row["span_start"], row["span_end"]),
        ),
    )


def spread_quotes(rows: list[Row], limit: int) -> list[Row]:
    """The best-scoring rows, taking one per council in turn so every council is heard."""
    by_council: dict[str, list[Row]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (-(r["confirmed"] is True), -float(r["score"] or 0), r["item_id"])):
        by_council[row["council_id"]].append(row)
    chosen: list[Row] = []
    while len(chosen) < limit and any(by_council.values()):
        for council in sorted(
            by_council, key=lambda c: -float(by_council[c][0]["score"] or 0) if by_council[c] else 0
        ):
            if by_council[council] and len(chosen) < limit:
                chosen.append(by_council[council].pop(0))
    return chosen


def council_counts(rows: list[Row]) -> list[PatternCouncil]:
    """Instances per council in `rows`, by polarity, the busiest council first."""
    councils: dict[str, PatternCouncil] = {}
    for row in rows:
        entry = councils.setdefault(
            row["council_id"],
            PatternCouncil(
                council_id=row["council_id"],
                council=row["council"],
                region=row["region"],
                development=0,
                strengths=0,
            ),
        )
        if is_strength(row):
            entry.strengths += 1
        else:
            entry.development += 1
    return sorted(councils.values(), key=lambda c: (-(c.development + c.strengths), c.council))


def region_counts(rows: list[Row], reviewed: dict[str, int]) -> list[PatternRegion]:
    """Councils showing the pattern per region, beside `reviewed` (councils reviewed per region)."""
    showing: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        showing[row["region"]].add(row["council_id"])
    return [
        PatternRegion(
            region=region,
            councils=len(ids),
            reviewed_councils=reviewed.get(region, 0),
            share=round(len(ids) / reviewed[region], 3) if reviewed.get(region) else 0.0,
        )
        for region, ids in sorted(showing.items())
    ]


def reviewed_by_region(store: GraphStore) -> dict[str, int]:
    """Councils with at least one review, per region."""
    return {row["region"]: int(row["councils"]) for row in store.read(q.REVIEWED_COUNCILS_BY_REGION)}


def pattern_detail(store: GraphStore, pattern_id: str, quotes: int = 12) -> PatternDetail:
    patterns = _patterns(store)
    if pattern_id not in patterns:
        raise NotFoundError(f"no pattern with id {pattern_id!r}")
    rows = tag_rows(store, pattern=pattern_id)
    return PatternDetail(
        pattern=pattern_summary(patterns[pattern_id], rows),
        councils=council_counts(rows),
        regions=region_counts(rows, reviewed_by_region(store)),
        development=[
            quote_out(row) for row in spread_quotes([r for r in rows if not is_strength(r)], quotes)
        ],
        strengths=[quote_out(row) for row in spread_quotes([r for r in rows if is_strength(r)], quotes)],
    )


def pattern_matrix(store: GraphStore, by: str = "region", measure: str | None = None) -> PatternMatrix:
    """Pattern × region or × council counts, busiest rows first.

    `measure` is `councils` (councils showing the pattern; the default by region) or `instances`
    (findings and recommendations tagged; the default by council, and the finer view by region
    once most patterns touch most councils).
    """
    if by not in ("region", "council"):
        raise BadRequestError("by: expected region or council")
    measure = measure or ("councils" if by == "region" else "instances")
    if measure not in ("councils", "instances"):
        raise BadRequestError("measure: expected councils or instances")
    return cached(store, "pattern_matrix", (by, measure), lambda: _pattern_matrix(store, by, measure))


def _pattern_matrix(store: GraphStore, by: str, measure: str) -> PatternMatrix:
    rows = analytic_rows(tag_cells(store))
    matrix = (
        analytics.pattern_region_matrix(rows) if by == "region" else analytics.pattern_council_matrix(rows)
    )
    counts = matrix.councils if measure == "councils" else matrix.cells
    patterns = _patterns(store)
    ordered = matrix.rows + sorted(set(patterns) - set(matrix.rows))
    return PatternMatrix(
        by=by,
        measure=measure,
        rows=ordered,
        row_names=[patterns[pid]["name"] if pid in patterns else pid for pid in ordered],
        columns=list(matrix.columns),
        column_names=[matrix.column_names.get(column, column) for column in matrix.columns],
        cells=[[int(counts.get((pid, column), 0)) for column in matrix.columns] for pid in ordered],
    )


def council_similarities(store: GraphStore, top: int = 20) -> list[CouncilSimilarity]:
    return cached(store, "council_similarities", (top,), lambda: _council_similarities(store, top))


def _council_similarities(store: GraphStore, top: int) -> list[CouncilSimilarity]:
    pairs = analytics.council_similarity(analytic_rows(tag_cells(store)))
    return [
        CouncilSimilarity(a=pair.a, b=pair.b, jaccard=round(pair.jaccard, 3), shared=list(pair.shared))
        for pair in pairs[:top]
    ]


def pattern_pairs(store: GraphStore, top: int = 20) -> list[PatternPair]:
    return cached(store, "pattern_pairs", (top,), lambda: _pattern_pairs(store, top))


def _pattern_pairs(store: GraphStore, top: int) -> list[PatternPair]:
    graph = analytics.cooccurrence_network(analytic_rows(tag_cells(store)))
    return [PatternPair(**row) for row in analytics.cooccurrence_pairs(graph, top=top)]


def candidate_out(candidate: discovery.Candidate) -> CandidateOut:
    return CandidateOut(
        id=candidate.id,
        name=candidate.name,
        description=candidate.description,
        councils=list(candidate.councils),
        regions=list(candidate.regions),
        items=len(candidate.item_keys),
        quotes=[
            CandidateQuoteOut(item_id=quote.key, council=quote.council, text=quote.text)
            for quote in candidate.quotes
        ],
        cohesion=round(candidate.cohesion, 3),
        nearest_pattern=candidate.nearest_pattern,
        nearest_similarity=round(candidate.nearest_similarity, 3),
    )


def current_candidates(
    store: GraphStore, settings: Settings, cache: Any, wait: float | None = None
) -> list[CandidateOut]:
    """The current candidates (graph/patterns/candidates.py: raises CandidatesPending after `wait`)."""
    return [candidate_out(candidate) for candidate in candidates(store, settings, cache, wait)]


QUOTE_POLARITIES = ("strength", "area_for_development", "mixed", "recommendation")


@dataclass(frozen=True)
class QuoteFilters:
    """Which of a pattern's quotes to list: by region, council, polarity and report date."""

    region: str | None = None
    council: str | None = None
    polarity: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def __post_init__(self) -> None:
        if self.polarity is not None and self.polarity not in QUOTE_POLARITIES:
            raise BadRequestError(f"polarity: expected one of {', '.join(QUOTE_POLARITIES)}")
        date_bound(self.date_from, "from", upper=False)
        date_bound(self.date_to, "to", upper=True)

    def keeps(self, row: Row) -> bool:
        if self.region is not None and row["region"] != self.region:
            return False
        if self.council is not None and row["council_id"] != self.council:
            return False
        if self.polarity is not None:
            polarity = "recommendation" if row["kind"] != "Finding" else row["polarity"]
            if polarity != self.polarity:
                return False
        return within_dates(row.get("report_date"), self.date_from, self.date_to)


def _quote_key(row: Row) -> list[Any]:
    return [
        row["region"] or "",
        row["council"] or "",
        row["review_id"],
        int(row["span_start"] or 0),
        row["item_id"],
    ]


def pattern_quote_rows(store: GraphStore, pattern_id: str, filters: QuoteFilters) -> list[Row]:
    """Every tag row of a pattern that the filters keep, by region, council and place in the report."""
    if pattern_id not in _patterns(store):
        raise NotFoundError(f"no pattern with id {pattern_id!r}")
    rows = [row for row in tag_rows(store, pattern=pattern_id) if filters.keeps(row)]
    return sorted(rows, key=_quote_key)


def pattern_quotes(
    store: GraphStore,
    pattern_id: str,
    filters: QuoteFilters | None = None,
    *,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[PatternQuote]:
    """All of a pattern's quotes, filtered, a page at a time (every one reachable by its cursor)."""
    after = decode_cursor(cursor, ["", "", "", -1, ""])
    rows = pattern_quote_rows(store, pattern_id, filters or QuoteFilters())
    if cursor:
        rows = [row for row in rows if _quote_key(row) > after]
    chosen = rows[: page_limit(limit)]
    more = len(rows) > len(chosen)
    return Page(
        items=[quote_out(row) for row in chosen],
        next_cursor=encode_cursor(*_quote_key(chosen[-1])) if more and chosen else None,
    )
