"""Downloads: the pattern matrix, a pattern's quotes, search results, the action tracker and a
council's recommendations, each as CSV or XLSX, every cell formula-safe (graph/reads/tables.py).

The pages link here; the same filters as the page give the same rows, all of them, not a page.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from api.deps import AppSettings, Index, Reader, Store
from api.problems import ERROR_RESPONSES
from api.routes.params import DateFrom, DateTo
from graph.reads import tables
from graph.reads.actions import STATUSES, sorted_actions
from graph.reads.patterns import QuoteFilters
from graph.reads.reviews import councils
from graph.reads.search import SearchQuery

router = APIRouter(tags=["exports"], responses=ERROR_RESPONSES)
Format = Annotated[Literal["csv", "xlsx"], Path(description="csv or xlsx")]
Text = Annotated[str | None, Query(max_length=200)]
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {tables.MEDIA_TYPES["csv"]: {}, tables.MEDIA_TYPES["xlsx"]: {}},
        "description": "The file",
    }
}


def _base_url(request: Request, settings: AppSettings) -> str:
    return settings.public_url or str(request.base_url)


def _download(table: tables.Table, fmt: str) -> Response:
    return Response(
        tables.write(table, fmt),
        media_type=tables.MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{table.name}.{fmt}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


def _names(store: Store) -> dict[str, str]:
    return {c.id: c.short_name or c.name for c in councils(store, limit=500).items}


@router.get(
    "/exports/pattern-matrix.{fmt}",
    summary="The pattern × region or × council matrix",
    responses=FILE_RESPONSES,
)
def pattern_matrix(
    store: Store,
    _: Reader,
    fmt: Format,
    by: Literal["region", "council"] = "region",
    measure: Literal["councils", "instances"] | None = None,
) -> Response:
    return _download(tables.pattern_matrix_table(store, by, measure), fmt)


@router.get(
    "/exports/patterns/{pattern_id}/quotes.{fmt}",
    summary="Every quote of a pattern with its citation, filtered as on its page",
    responses=FILE_RESPONSES,
)
def pattern_quotes(
    store: Store,
    settings: AppSettings,
    request: Request,
    _: Reader,
    pattern_id: str,
    fmt: Format,
    region: Text = None,
    council: Text = None,
    polarity: Literal["strength", "area_for_development", "mixed", "recommendation"] | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> Response:
    filters = QuoteFilters(region or None, council or None, polarity, date_from or None, date_to or None)
    return _download(
        tables.pattern_quotes_table(store, pattern_id, filters, _base_url(request, settings)), fmt
    )


@router.get(
    "/exports/search.{fmt}", summary="Every search result, filtered as on the page", responses=FILE_RESPONSES
)
def search(
    store: Store,
    index: Index,
    settings: AppSettings,
    request: Request,
    _: Reader,
    fmt: Format,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    kind: Literal["finding", "recommendation"] | None = None,
    region: Text = None,
    council: Text = None,
    theme: Annotated[int | None, Query(ge=1, le=4)] = None,
    polarity: Literal["strength", "area_for_development", "mixed"] | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> Response:
    query = SearchQuery(
        q, region or None, council or None, theme, polarity, kind, date_from or None, date_to or None
    )
    return _download(tables.search_table(index.ranked(store, query), _base_url(request, settings)), fmt)


@router.get(
    "/exports/actions.{fmt}",
    summary="The action tracker, filtered and sorted as on its page",
    responses=FILE_RESPONSES,
)
def actions(
    store: Store,
    settings: AppSettings,
    request: Request,
    _: Reader,
    fmt: Format,
    council: Text = None,
    status: Annotated[
        str | None,
        Query(
            description="An action status, or empty for any (as the tracker's form sends it)",
            pattern="^(" + "|".join(sorted(STATUSES)) + ")?$",
        ),
    ] = None,
    owner: Text = None,
    overdue: Literal["yes", "no"] | None = None,
    sort: Literal["ref", "due"] = "ref",
) -> Response:
    names = _names(store)
    found = sorted_actions(
        store,
        council=council or None,
        status=status or None,
        owner=owner or None,
        overdue=None if overdue is None else overdue == "yes",
        sort=sort,
        council_names=names,
    )
    return _download(tables.actions_table(found, names, _base_url(request, settings)), fmt)


@router.get(
    "/exports/councils/{council_id}/recommendations.{fmt}",
    summary="A council's recommendations with owners, patterns and action statuses",
    responses=FILE_RESPONSES,
)
def council_recommendations(
    store: Store, settings: AppSettings, request: Request, _: Reader, council_id: str, fmt: Format
) -> Response:
    return _download(
        tables.council_recommendations_table(store, council_id, _base_url(request, settings)), fmt
    )
