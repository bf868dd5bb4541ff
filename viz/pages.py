"""View helpers for the web pages: the template environment and the shapes templates render.

Nothing here runs Cypher: helpers call the read functions in `graph/` and arrange their results
for a page (the review text cut into highlighted, nested segments; filters parsed from a query
string; labels for statuses and polarities). Every template is autoescaped, and no imported
text is ever marked safe: templates receive plain strings and structures, never HTML.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from graph.reads import patterns as pattern_reads
from graph.reads import reviews as reads
from graph.reads.actions import ACTION_SORTS, STATUSES, sorted_actions
from graph.reads.models import (
    ActionOut,
    CouncilSummary,
    Page,
    RecommendationOut,
    ReviewSummary,
    SearchHit,
)
from graph.reads.paging import MAX_PAGE, decode_cursor, encode_cursor
from graph.reads.search import SearchIndex, SearchQuery, cursor_offset
from graph.store import GraphStore
from importers.plan_model import STATUS_LABELS
from peergraph.core.errors import BadRequestError
from viz import charts
from viz.cqc_pages import council_cqc_section
from viz.review_view import ReviewFilters, contents, filtered_items, report_blocks

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

POLARITY_LABELS = {
    "strength": "Strength",
    "area_for_development": "Area for development",
    "mixed": "Mixed",
}
THEME_NAMES = {
    1: "Working with people",
    2: "Providing support",
    3: "Ensuring safety",
    4: "Leadership",
}
QUOTES_PER_PAGE = 50
# Content-Security-Policy of the pages: no script at all, nothing from anywhere but this server.
PAGE_CSP = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)


def polarity_label(polarity: str | None) -> str:
    return POLARITY_LABELS.get(polarity or "", (polarity or "unknown").replace("_", " ").capitalize())


def status_label(status: str | None) -> str:
    if not status:
        return "No status"
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def theme_label(theme: int | None) -> str:
    return f"{theme}. {THEME_NAMES[theme]}" if theme in THEME_NAMES else "No theme"


def citation_url(review_id: str, item_id: str) -> str:
    """Where a quoted finding or recommendation sits in its report's page."""
    return f"/ui/reviews/{review_id}#item-{item_id}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Jinja environment for pages and graph views: autoescape on for every template."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        polarity_label=polarity_label,
        status_label=status_label,
        theme_label=theme_label,
        slug=lambda value: str(value or "none").replace("_", "-"),
    )
    env.globals.update(citation_url=citation_url, evidence_parts=evidence_parts, STATUS_LABELS=STATUS_LABELS)
    return env


# --- lists the pages show ---------------------------------------------------------------------


def reviewed_councils(store: GraphStore) -> list[CouncilSummary]:
    """Every council with at least one review, all pages of them."""
    found: list[CouncilSummary] = []
    cursor = None
    while True:
        page = reads.councils(store, limit=MAX_PAGE, cursor=cursor)
        found += page.items
        cursor = page.next_cursor
        if not cursor:
            return found


def all_reviews(store: GraphStore) -> list[ReviewSummary]:
    """Every review, the latest import first."""
    return reads.reviews(store)


def councils_by_region(councils: Iterable[CouncilSummary]) -> dict[str, list[CouncilSummary]]:
    grouped: dict[str, list[CouncilSummary]] = {}
    for council in sorted(councils, key=lambda c: (c.region, c.name)):
        grouped.setdefault(council.region, []).append(council)
    return grouped


@dataclass(frozen=True)
class ActionFilters:
    """The action tracker's filters, as the GET form sends them (empty means any)."""

    status: str | None = None
    owner: str | None = None
    overdue: bool | None = None
    council: str | None = None
    sort: str = "ref"

    @classmethod
    def parse(
        cls,
        status: str | None,
        owner: str | None,
        overdue: str | None,
        council: str | None,
        sort: str | None = None,
    ) -> ActionFilters:
        status = (status or "").strip() or None
        if status is not None and status not in STATUSES:
            raise BadRequestError(f"status: expected one of {', '.join(sorted(STATUSES))}")
        flag = (overdue or "").strip().lower()
        if flag not in ("", "yes", "no", "true", "false"):
            raise BadRequestError("overdue: expected yes or no")
        order = (sort or "").strip() or "ref"
        if order not in ACTION_SORTS:
            raise BadRequestError("sort: expected ref or due")
        return cls(
            status=status,
            owner=(owner or "").strip() or None,
            overdue=None if not flag else flag in ("yes", "true"),
            council=(council or "").strip() or None,
            sort=order,
        )

    @property
    def overdue_value(self) -> str:
        return "" if self.overdue is None else ("yes" if self.overdue else "no")

    def query(self, **extra: str) -> dict[str, str]:
        """The filters as query parameters (for a next-page link), empty ones left out."""
        params = {
            "status": self.status or "",
            "owner": self.owner or "",
            "overdue": self.overdue_value,
            "council": self.council or "",
            "sort": "" if self.sort == "ref" else self.sort,
            **extra,
        }
        return {key: value for key, value in params.items() if value}


def action_summary(actions: Sequence[ActionOut]) -> dict[str, int]:
    """How many actions, and how many are overdue or have slipped."""
    return {
        "total": len(actions),
        "overdue": sum(a.overdue for a in actions),
        "slipped": sum(a.slipped for a in actions),
        "complete": sum(a.status == "complete" for a in actions),
    }


@dataclass(frozen=True)
class SnippetPart:
    text: str
    marked: bool


def snippet_parts(hit: SearchHit) -> list[SnippetPart]:
    """A search hit's snippet cut at its highlights, so the template marks them (and escapes all)."""
    parts: list[SnippetPart] = []
    pos = 0
    for start, end in sorted(hit.highlights):
        start, end = max(start, pos), min(end, len(hit.snippet))
        if end <= start:
            continue
        if start > pos:
            parts.append(SnippetPart(hit.snippet[pos:start], False))
        parts.append(SnippetPart(hit.snippet[start:end], True))
        pos = end
    if pos < len(hit.snippet):
        parts.append(SnippetPart(hit.snippet[pos:], False))
    return parts


def evidence_parts(text: str, evidence: str | None) -> list[SnippetPart]:
    """A quote cut around the sentence that shows its pattern, so the template marks that sentence."""
    at = text.find(evidence) if evidence else -1
    if not evidence or at < 0:
        return [SnippetPart(text, False)]
    parts = [
        SnippetPart(text[:at], False),
        SnippetPart(evidence, True),
        SnippetPart(text[at + len(evidence) :], False),
    ]
    return [part for part in parts if part.text]


# --- what each page shows -----------------------------------------------------------------------
# One function per page: it calls the read functions and returns the template's context.


def home_context(store: GraphStore) -> dict[str, Any]:
    from graph.store.stats import store_stats

    regions = reads.regions(store)
    shown = [r for r in regions if r.reviews]
    return {
        "title": "Home",
        "section": "home",
        "totals": store_stats(store).totals,
        "recent": all_reviews(store)[:10],
        "regions": regions,
        "regions_chart": charts.bar_chart_svg(
            [r.name for r in shown],
            [charts.Series("councils", "Councils reviewed", [r.councils for r in shown])],
            title="Councils reviewed per region",
            description=", ".join(f"{r.name}: {r.councils}" for r in shown) or "No reviews yet",
        ),
    }


def councils_context(store: GraphStore) -> dict[str, Any]:
    councils = reviewed_councils(store)
    return {
        "title": "Councils",
        "section": "councils",
        "total": len(councils),
        "grouped": councils_by_region(councils),
        "themes": list(THEME_NAMES.items()),  # for the brief form (service)
    }


def council_context(store: GraphStore, council_id: str) -> dict[str, Any]:
    from graph.reads.actions import council_actions

    detail = reads.council(store, council_id)
    by_theme: dict[int | None, dict[str, int]] = {}
    for count in detail.counts:
        by_theme.setdefault(count.theme, {})[count.polarity] = count.count
    theme_rows: list[dict[str, Any]] = [
        {
            "theme": theme,
            **{key: counts.get(key, 0) for key in POLARITY_LABELS},
            "total": sum(counts.values()),
        }
        for theme, counts in sorted(by_theme.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    ]
    actions = council_actions(store, council_id)
    grouped: dict[str, list[RecommendationOut]] = {}
    for rec in detail.recommendations:
        grouped.setdefault(rec.source, []).append(rec)
    return {
        "title": detail.council.name,
        "section": "councils",
        "detail": detail,
        "theme_rows": theme_rows,
        "theme_chart": charts.bar_chart_svg(
            [theme_label(row["theme"]) for row in theme_rows],
            [
                charts.Series(key, name, [row[key] for row in theme_rows])
                for key, name in POLARITY_LABELS.items()
            ],
            title=f"Findings by CQC theme for {detail.council.name}",
            description="; ".join(
                f"{theme_label(row['theme'])}: {row['strength']} strengths, "
                f"{row['area_for_development']} areas for development, {row['mixed']} mixed"
                for row in theme_rows
            ),
        ),
        "actions": actions,
        "summary": action_summary(actions),
        "recommendations": sorted(grouped.items(), key=lambda kv: kv[0] != "summary"),
        "cqc": council_cqc_section(store, council_id),
    }


def review_context(store: GraphStore, review_id: str, filters: ReviewFilters | None = None) -> dict[str, Any]:
    review = reads.review(store, review_id)
    text = reads.review_text(store, review_id)
    filters = filters or ReviewFilters()
    blocks = report_blocks(text, review.findings, review.recommendations)
    names = pattern_reads.pattern_names(store)
    tagged = {p for f in review.findings for p in f.patterns} | {
        p for r in review.recommendations for p in r.patterns
    }
    used = sorted(tagged, key=lambda p: (names.get(p) or p).lower())
    return {
        "title": f"{review.council}: peer challenge report {review.report_date or ''}".strip(),
        "section": "councils",
        "review": review,
        "blocks": blocks,
        "contents": contents(blocks),
        "filters": filters,
        "matches": filtered_items(filters, review.findings, review.recommendations) if filters.active else [],
        "pattern_names": names,
        "pattern_options": [(p, names.get(p) or p) for p in used],
        "summary_recommendations": [r for r in review.recommendations if r.source == "summary"],
    }


def trace_context(store: GraphStore, recommendation_id: str) -> dict[str, Any]:
    trace = reads.trace(store, recommendation_id)
    return {
        "title": f"Recommendation trace: {trace.review.council}",
        "section": "councils",
        "trace": trace,
        "summary": action_summary(trace.actions),
    }


ACTIONS_PER_PAGE = 100


def actions_context(store: GraphStore, filters: ActionFilters, cursor: str | None) -> dict[str, Any]:
    councils = reviewed_councils(store)
    names = {c.id: c.short_name or c.name for c in councils}
    found = sorted_actions(
        store,
        council=filters.council,
        status=filters.status,
        owner=filters.owner,
        overdue=filters.overdue,
        sort=filters.sort,
        council_names=names,
    )
    (offset,) = decode_cursor(cursor, [0])
    shown = found[offset : offset + ACTIONS_PER_PAGE]
    more = offset + len(shown) < len(found)
    page: Page[ActionOut] = Page(
        items=shown, next_cursor=encode_cursor(offset + len(shown)) if more else None
    )
    return {
        "title": "Action tracker",
        "section": "actions",
        "filters": filters,
        "page": page,
        "total": len(found),
        "summary": action_summary(found),
        "owners": sorted(reads.owners(store), key=lambda o: o.name.lower()),
        "councils": councils,
        "council_names": names,
        "next_query": filters.query(cursor=page.next_cursor or ""),
        "export_query": filters.query(),
        "sort_links": {
            key: ActionFilters(filters.status, filters.owner, filters.overdue, filters.council, key).query()
            for key in ACTION_SORTS
        },
    }


def owners_context(store: GraphStore) -> dict[str, Any]:
    owners = reads.owners(store)
    carrying = [o for o in owners if o.recommendations]
    return {
        "title": "Owners",
        "section": "owners",
        "owners": owners,
        "chart": charts.bar_chart_svg(
            [o.name for o in carrying],
            [charts.Series("recommendations", "Recommendations", [o.recommendations for o in carrying])],
            title="Recommendations per owner",
            description=", ".join(f"{o.name}: {o.recommendations}" for o in carrying) or "None",
        ),
    }


def owner_recommendations(
    store: GraphStore, owner_id: str
) -> tuple[Page[RecommendationOut], Page[RecommendationOut]]:
    """What an owner's page lists: its standing recommendations, and the suggestions in the text."""
    return (
        reads.recommendations(store, owner=owner_id, standing=True, limit=200),
        reads.recommendations(store, owner=owner_id, firm=False, source="inline", limit=200),
    )


def owner_context(store: GraphStore, owner_id: str) -> dict[str, Any]:
    from graph.reads.actions import actions_page

    owner = reads.owner(store, owner_id)
    recommendations, suggestions = owner_recommendations(store, owner.id)
    actions = actions_page(store, owner=owner.id, limit=MAX_PAGE).items
    return {
        "title": owner.name,
        "section": "owners",
        "owner": owner,
        "recommendations": recommendations.items,
        "more_recommendations": recommendations.next_cursor is not None,
        "suggestions": suggestions.items,
        "actions": actions,
        "summary": action_summary(actions),
        "council_names": {c.id: c.short_name or c.name for c in reviewed_councils(store)},
    }


SEARCH_PAGE = 20


@dataclass(frozen=True)
class SearchForm:
    """The search page's words and filters, as its GET form sends them (empty means any)."""

    q: str = ""
    region: str = ""
    council: str = ""
    theme: str = ""
    polarity: str = ""
    kind: str = ""
    date_from: str = ""
    date_to: str = ""
    mode: str = ""

    def query(self) -> SearchQuery:
        theme = self.theme.strip()
        if theme and theme not in ("1", "2", "3", "4"):
            raise BadRequestError("theme: expected 1, 2, 3 or 4")
        return SearchQuery(
            self.q,
            region=self.region or None,
            council=self.council or None,
            theme=int(theme) if theme else None,
            polarity=self.polarity or None,
            kind=self.kind or None,
            date_from=self.date_from or None,
            date_to=self.date_to or None,
            mode=self.mode or "words",
        )

    def params(self, **extra: str) -> dict[str, str]:
        """The form as query parameters (for next-page and export links), empty ones left out."""
        values = {
            "q": self.q,
            "region": self.region,
            "council": self.council,
            "theme": self.theme,
            "polarity": self.polarity,
            "kind": self.kind,
            "from": self.date_from,
            "to": self.date_to,
            "mode": self.mode,
            **extra,
        }
        return {key: value for key, value in values.items() if value}


def search_context(
    index: SearchIndex, store: GraphStore, form: SearchForm, cursor: str | None
) -> dict[str, Any]:
    query = form.query()  # bad filters are a 400 page naming the field
    page: Page[SearchHit] = Page(items=[])
    total, problem = 0, None
    if form.q.strip():
        try:
            page, total = index.page(store, query, limit=SEARCH_PAGE, cursor=cursor)
        except BadRequestError as error:
            if not str(error).startswith("q: "):
                raise
            problem = str(error).removeprefix("q: ")
    offset = cursor_offset(cursor)
    councils = reviewed_councils(store)
    return {
        "title": f"Search: {form.q}" if form.q else "Search",
        "section": "search",
        "q": form.q,
        "form": form,
        "total": total,
        "first": offset + 1,
        "last": offset + len(page.items),
        "page": page,
        "cursor": cursor,
        "hits": page.items,
        "problem": problem,
        "results": [(hit, snippet_parts(hit)) for hit in page.items],
        "regions": sorted({c.region for c in councils}),
        "councils": sorted(councils, key=lambda c: c.name),
        "next_query": form.params(cursor=page.next_cursor or ""),
        "first_query": form.params(),
    }


def _share_text(councils: int, reviewed: int) -> str:
    return f"{councils} of {reviewed}" if reviewed else str(councils)


def patterns_context(store: GraphStore) -> dict[str, Any]:
    matrix = pattern_reads.pattern_matrix(store, by="region", measure="councils")
    reviewed = pattern_reads.reviewed_by_region(store)
    totals = [reviewed.get(column, 0) for column in matrix.columns]
    shares = [
        [value / total if total else 0.0 for value, total in zip(row, totals, strict=True)]
        for row in matrix.cells
    ]
    labels = [
        [f"{round(100 * share)}%" if value else "0" for value, share in zip(row, srow, strict=True)]
        for row, srow in zip(matrix.cells, shares, strict=True)
    ]
    titles = [
        [
            f"{name} in {column}: {value} of {total} reviewed councils ({round(100 * share)}%)"
            for column, value, total, share in zip(matrix.columns, row, totals, srow, strict=True)
        ]
        for name, row, srow in zip(matrix.row_names, matrix.cells, shares, strict=True)
    ]
    return {
        "title": "Pattern explorer",
        "section": "patterns",
        "patterns": pattern_reads.patterns_overview(store),
        "matrix": matrix,
        "reviewed": totals,
        "shares": shares,
        "heatmap": charts.heatmap_svg(
            list(matrix.row_names),
            [f"{column} ({total})" for column, total in zip(matrix.columns, totals, strict=True)],
            matrix.cells,
            title="Patterns by region: the share of each region's reviewed councils whose report shows each pattern",
            description="Councils showing each pattern, of those reviewed in each region: "
            + "; ".join(
                f"{name}: "
                + ", ".join(
                    f"{col} {val} of {total}"
                    for col, val, total in zip(matrix.columns, row, totals, strict=True)
                    if val
                )
                for name, row in zip(matrix.row_names, matrix.cells, strict=True)
            ),
            shades=shares,
            cell_labels=labels,
            cell_titles=titles,
        ),
    }


def pattern_councils_context(store: GraphStore, region: str | None) -> dict[str, Any]:
    """Pattern × council: how many findings and recommendations of each council show each pattern."""
    matrix = pattern_reads.pattern_matrix(store, by="council", measure="instances")
    councils = {c.id: c for c in reviewed_councils(store)}
    regions = sorted({c.region for c in councils.values()})
    if region and region not in regions:
        raise BadRequestError(f"region: no reviewed council in {region!r}")
    keep = [
        j
        for j, column in enumerate(matrix.columns)
        if not region or (councils.get(column) and councils[column].region == region)
    ]
    columns = [(matrix.columns[j], matrix.column_names[j]) for j in keep]
    rows = [
        (matrix.rows[i], matrix.row_names[i], [matrix.cells[i][j] for j in keep])
        for i in range(len(matrix.rows))
    ]
    rows = [row for row in rows if any(row[2])]
    return {
        "title": "Patterns by council",
        "section": "patterns",
        "region": region or "",
        "regions": regions,
        "columns": columns,
        "rows": rows,
        "council_regions": {cid: c.region for cid, c in councils.items()},
    }


def pattern_context(
    store: GraphStore, pattern_id: str, filters: pattern_reads.QuoteFilters, cursor: str | None
) -> dict[str, Any]:
    detail = pattern_reads.pattern_detail(store, pattern_id)
    quotes = pattern_reads.pattern_quotes(store, pattern_id, filters, limit=QUOTES_PER_PAGE, cursor=cursor)
    polarity_counts = Counter(
        "recommendation" if row["kind"] != "Finding" else row["polarity"]
        for row in pattern_reads.pattern_quote_rows(
            store,
            pattern_id,
            pattern_reads.QuoteFilters(
                filters.region, filters.council, None, filters.date_from, filters.date_to
            ),
        )
    )
    query = {
        "region": filters.region or "",
        "council": filters.council or "",
        "polarity": filters.polarity or "",
        "from": filters.date_from or "",
        "to": filters.date_to or "",
    }
    council_names = {c.council_id: c.council for c in detail.councils}
    return {
        "title": detail.pattern.name,
        "section": "patterns",
        "detail": detail,
        "filters": filters,
        "quotes": quotes,
        "cursor": cursor,
        "polarity_counts": polarity_counts,
        "matching": sum(polarity_counts.values())
        if not filters.polarity
        else polarity_counts[filters.polarity],
        "council_names": council_names,
        "query": {k: v for k, v in query.items() if v},
        "next_query": {**{k: v for k, v in query.items() if v}, "cursor": quotes.next_cursor or ""},
        "region_chart": charts.bar_chart_svg(
            [r.region for r in detail.regions],
            [
                charts.Series(
                    "councils", "Councils showing the pattern", [r.councils for r in detail.regions]
                ),
                charts.Series(
                    "reviewed", "Councils reviewed", [r.reviewed_councils for r in detail.regions], "#b1b4b6"
                ),
            ],
            title=f"Councils showing “{detail.pattern.name}”, beside the councils reviewed, by region",
            description="; ".join(
                f"{r.region}: {r.councils} of {r.reviewed_councils} councils" for r in detail.regions
            ),
            stacked=False,
        ),
    }
