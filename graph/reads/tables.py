"""The lists the pages show, as tables to download: CSV and XLSX, every cell formula-safe.

Each `*_table` function shapes one read (the pattern matrix, a pattern's quotes, search results,
the action tracker, a council's recommendations) into a header and rows; `to_csv` and
`to_xlsx` write any table, every cell through `peergraph.core.spreadsheet_cells`, so a quoted
passage that starts with `=` stays text in Excel and LibreOffice. Citation links are absolute
under `base_url` (the server, or the public URL a deployment sets).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

from graph.reads import patterns as pattern_reads
from graph.reads import reviews as review_reads
from graph.reads.models import ActionOut, PatternQuote, SearchHit
from graph.store import GraphStore
from peergraph.core.spreadsheet_cells import csv_cell, put_text

FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Table:
    name: str
    """A file name without its extension, and the sheet's title."""
    header: list[str]
    rows: list[list[object]]


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in table.header])
    writer.writerows([csv_cell(value) for value in row] for row in table.rows)
    return out.getvalue()


def to_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.name[:31]
    for column, heading in enumerate(table.header, 1):
        put_text(sheet, 1, column, heading).font = Font(bold=True)
    for row_number, row in enumerate(table.rows, 2):
        for column, value in enumerate(row, 1):
            put_text(sheet, row_number, column, value)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write(table: Table, fmt: str) -> bytes:
    return to_csv(table).encode("utf-8-sig") if fmt == "csv" else to_xlsx(table)


def item_link(base_url: str, review_id: str, item_id: str) -> str:
    return f"{base_url.rstrip('/')}/ui/reviews/{review_id}#item-{item_id}"


def pattern_matrix_table(store: GraphStore, by: str = "region", measure: str | None = None) -> Table:
    """Pattern × region (councils showing each pattern, beside councils reviewed) or × council."""
    matrix = pattern_reads.pattern_matrix(store, by, measure)
    header = ["pattern_id", "pattern", *matrix.column_names]
    rows: list[list[object]] = []
    if by == "region":
        reviewed = pattern_reads.reviewed_by_region(store)
        rows.append(["", "Councils reviewed", *(reviewed.get(c, 0) for c in matrix.columns)])
    rows += [
        [pattern_id, name, *cells]
        for pattern_id, name, cells in zip(matrix.rows, matrix.row_names, matrix.cells, strict=True)
    ]
    return Table(f"patterns-by-{by}-{matrix.measure}", header, rows)


QUOTE_HEADER = [
    "pattern_id", "kind", "polarity", "council", "council_id", "region", "report_date", "heading",
    "text", "evidence", "tagged", "score", "review_id", "span_start", "span_end", "link",
]  # fmt: skip


def _quote_row(pattern_id: str, quote: PatternQuote, base_url: str) -> list[object]:
    c = quote.citation
    tagged = "confirmed" if quote.confirmed else "automatic" if quote.confirmed is None else "rejected"
    return [
        pattern_id, quote.kind, quote.polarity or "", c.council, c.council_id, quote.region or "",
        c.report_date or "", c.heading or c.section or "", quote.text, quote.evidence, tagged,
        round(quote.score, 3), c.review_id, c.span[0], c.span[1], item_link(base_url, c.review_id, quote.id),
    ]  # fmt: skip


def pattern_quotes_table(
    store: GraphStore, pattern_id: str, filters: pattern_reads.QuoteFilters, base_url: str
) -> Table:
    """Every quote of a pattern that the filters keep (all pages), with its citation."""
    rows = pattern_reads.pattern_quote_rows(store, pattern_id, filters)
    quotes = [pattern_reads.quote_out(row) for row in rows]
    return Table(
        f"{pattern_id}-quotes", QUOTE_HEADER, [_quote_row(pattern_id, quote, base_url) for quote in quotes]
    )


def search_table(hits: Sequence[SearchHit], base_url: str) -> Table:
    header = [
        "rank", "kind", "polarity", "also_recommendations", "council", "council_id", "region",
        "report_date", "theme", "heading", "text", "score", "review_id", "span_start", "span_end", "link",
    ]  # fmt: skip
    rows: list[list[object]] = [
        [
            rank,
            hit.kind,
            hit.polarity or "",
            "; ".join(hit.also_recommendations),
            hit.citation.council,
            hit.citation.council_id,
            hit.region or "",
            hit.citation.report_date or "",
            hit.theme or "",
            hit.citation.heading or hit.citation.section or "",
            hit.text,
            hit.score,
            hit.citation.review_id,
            hit.citation.span[0],
            hit.citation.span[1],
            item_link(base_url, hit.citation.review_id, hit.id),
        ]
        for rank, hit in enumerate(hits, 1)
    ]
    return Table("search-results", header, rows)


def actions_table(actions: Sequence[ActionOut], council_names: dict[str, str], base_url: str) -> Table:
    header = [
        "council", "council_id", "ref", "action", "recommendation", "owners", "due_date", "due_text",
        "status", "overdue", "date_slipped", "progress", "trace",
    ]  # fmt: skip
    base = base_url.rstrip("/")
    rows: list[list[object]] = [
        [
            council_names.get(a.council_id, a.council_id),
            a.council_id,
            a.ref or "",
            a.text or "",
            a.recommendation_text or "",
            "; ".join(a.owners) or (a.owner_text or ""),
            a.due_date or "",
            a.due_text or "",
            a.status or "",
            "yes" if a.overdue else "no",
            "yes" if a.slipped else "no",
            a.progress or "",
            f"{base}/ui/recommendations/{a.recommendation_id}" if a.recommendation_id else "",
        ]
        for a in actions
    ]
    return Table("action-tracker", header, rows)


def council_recommendations_table(store: GraphStore, council_id: str, base_url: str) -> Table:
    """Every recommendation in a council's reports, with owners, patterns and action statuses."""
    detail = review_reads.council(store, council_id)
    dates = {r.id: r.report_date for r in detail.reviews}
    names = pattern_reads.pattern_names(store)
    base = base_url.rstrip("/")
    header = [
        "council", "review_id", "report_date", "number", "source", "firm", "theme", "text", "owners",
        "patterns", "findings_addressed", "actions_by_status", "trace",
    ]  # fmt: skip
    rows: list[list[object]] = []
    numbers: dict[str, int] = {}
    for rec in detail.recommendations:
        review_id = rec.citation.review_id if rec.citation else _review_of(rec.id, detail.reviews)
        numbers[review_id] = numbers.get(review_id, 0) + 1
        rows.append(
            [
                detail.council.name,
                review_id,
                dates.get(review_id) or "",
                numbers[review_id],
                rec.source,
                "" if rec.firm is None else ("yes" if rec.firm else "no"),
                rec.theme or "",
                rec.text,
                "; ".join(rec.owners),
                "; ".join(names.get(p) or p for p in rec.patterns),
                len(rec.findings),
                "; ".join(f"{status}: {n}" for status, n in sorted(rec.action_status.items())),
                f"{base}/ui/recommendations/{rec.id}",
            ]
        )
    return Table(f"{council_id}-recommendations", header, rows)


def _review_of(item_id: str, reviews: Sequence[object]) -> str:
    """The review an item belongs to: item ids start with their review's id."""
    ids = sorted((getattr(r, "id", "") for r in reviews), key=len, reverse=True)
    return next((review_id for review_id in ids if item_id.startswith(review_id)), "")
