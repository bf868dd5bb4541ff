"""Full-text search over findings and recommendations, with highlighted snippets and citations."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import Index, Reader, Store
from api.problems import ERROR_RESPONSES
from graph.reads.models import SearchHit

router = APIRouter(tags=["search"], responses=ERROR_RESPONSES)


@router.get("/search", summary="Search findings and recommendations; exact phrases rank first")
def search(
    store: Store,
    index: Index,
    _: Reader,
    q: Annotated[str, Query(min_length=1, max_length=200, examples=["single points of failure"])],
    kind: Literal["finding", "recommendation"] | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    mode: Annotated[
        Literal["words", "hybrid"],
        Query(
            description="words: BM25 / full-text; hybrid: fused with meaning (embeddings), exact phrases still first"
        ),
    ] = "words",
) -> list[SearchHit]:
    return index.search(store, q, limit=limit, kind=kind, mode=mode)
