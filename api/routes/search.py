"""Full-text search over findings and recommendations, with highlighted snippets and citations."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import Index, Reader, Store
from api.problems import ERROR_RESPONSES
from api.routes.params import DateFrom, DateTo
from graph.reads.models import Page, SearchHit
from graph.reads.search import SearchQuery

router = APIRouter(tags=["search"], responses=ERROR_RESPONSES)


@router.get(
    "/search",
    summary="Search findings and recommendations; exact phrases rank first, one hit per passage, paged",
)
def search(
    store: Store,
    index: Index,
    _: Reader,
    q: Annotated[str, Query(min_length=1, max_length=200, examples=["single points of failure"])],
    kind: Literal["finding", "recommendation"] | None = None,
    region: Annotated[str | None, Query(max_length=200, examples=["South West"])] = None,
    council: Annotated[str | None, Query(max_length=200, examples=["E06000027"])] = None,
    theme: Annotated[int | None, Query(ge=1, le=4)] = None,
    polarity: Literal["strength", "area_for_development", "mixed"] | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
    mode: Annotated[
        Literal["words", "hybrid"],
        Query(
            description="words: BM25 / full-text; hybrid: fused with meaning (embeddings), exact phrases still first"
        ),
    ] = "words",
) -> Page[SearchHit]:
    query = SearchQuery(q, region, council, theme, polarity, kind, date_from, date_to, mode)
    return index.search_page(store, query, limit=limit, cursor=cursor)
