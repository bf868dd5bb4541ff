"""The CQC parts of the pages: a council's assessment beside its peer challenge, and `/ui/cqc`.

Both read `graph.cqc.reads` (the same reads the API serves), so the page, the JSON and the CSV
agree. Every cross-council figure is shown with the number of councils behind it, and the plain
statement that with few councils these figures are descriptions, not proof.
"""

from __future__ import annotations

from typing import Any

from graph.cqc import reads as cqc_reads
from graph.cqc.read_models import CouncilCqc, CrossCouncilRow
from graph.store import GraphStore
from importers.framework import QUALITY_STATEMENTS
from peergraph.core.errors import BadRequestError

SCORE_WORDS = {
    1: "significant shortfalls",
    2: "some shortfalls",
    3: "a good standard",
    4: "an exceptional standard",
}
PATTERN_ROWS = 60
"""Pattern rows the page lists; the CSV holds them all."""


def council_cqc_section(store: GraphStore, council_id: str) -> CouncilCqc | None:
    """The council's latest CQC assessment beside its peer challenge, or None with no assessment."""
    return cqc_reads.assessed_council_cqc(store, council_id)


def share_text(scored_low: int, councils: int) -> str:
    return f"{scored_low} of {councils}" if councils else "no councils"


def _both_sides(row: CrossCouncilRow) -> bool:
    return row.raised.councils > 0 and row.not_raised.councils > 0


def cqc_context(store: GraphStore, statement: str | None, pattern: str | None) -> dict[str, Any]:
    known = {qs.id for qs in QUALITY_STATEMENTS}
    if statement is not None and statement not in known:
        raise BadRequestError(f"quality_statement: {statement!r} is not one of {', '.join(sorted(known))}")
    table = cqc_reads.cross_council(store, top=10)
    patterns = [
        row
        for row in table.patterns
        if (statement is None or row.quality_statement == statement)
        and (pattern is None or row.pattern == pattern)
    ]
    compared = sorted(
        (row for row in patterns if _both_sides(row)),
        key=lambda row: (-(abs(row.difference or 0.0)), row.quality_statement, row.pattern or ""),
    )
    pattern_names = sorted(
        {(row.pattern or "", row.pattern_name or "") for row in table.patterns}, key=lambda p: p[1]
    )
    query = {k: v for k, v in {"quality_statement": statement or "", "pattern": pattern or ""}.items() if v}
    return {
        "title": "CQC assessments beside peer challenges",
        "section": "cqc",
        "table": table,
        "statement": statement or "",
        "pattern": pattern or "",
        "statements": [(qs.id, f"{qs.number}. {qs.name}") for qs in QUALITY_STATEMENTS],
        "pattern_options": [p for p in pattern_names if p[0]],
        "pattern_rows": compared[:PATTERN_ROWS],
        "pattern_rows_total": len(compared),
        "pattern_rows_one_sided": len(patterns) - len(compared),
        "export_query": query,
        "share_text": share_text,
    }
