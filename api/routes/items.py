"""Findings and recommendations, filtered; and a recommendation's trace to owners and actions."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api.deps import Reader, Store
from api.problems import ERROR_RESPONSES
from api.routes.reference import Cursor, Limit
from graph.reads import reviews as reads
from graph.reads.models import FindingOut, Page, RecommendationOut, Trace

router = APIRouter(responses=ERROR_RESPONSES)

Council = Annotated[str | None, Query(description="Council id (ONS code)", examples=["E06000027"])]
RegionName = Annotated[str | None, Query(description="Region name", examples=["South West"])]
Theme = Annotated[int | None, Query(ge=1, le=4, description="CQC theme 1-4")]
Text = Annotated[str | None, Query(max_length=200, description="Words the text contains (case-insensitive)")]


@router.get("/findings", tags=["findings"], summary="Findings, filtered; each with its citation")
def list_findings(
    store: Store,
    _: Reader,
    council: Council = None,
    region: RegionName = None,
    theme: Theme = None,
    quality_statement: Annotated[str | None, Query(examples=["qs7_safeguarding"])] = None,
    polarity: Literal["strength", "area_for_development", "mixed"] | None = None,
    section: Annotated[str | None, Query(examples=["considerations"])] = None,
    pattern: Annotated[str | None, Query(examples=["key_person_dependency"])] = None,
    q: Text = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[FindingOut]:
    return reads.findings(
        store,
        council=council,
        region=region,
        theme=theme,
        quality_statement=quality_statement,
        polarity=polarity,
        section=section,
        pattern=pattern,
        q_text=q,
        limit=limit,
        cursor=cursor,
    )


@router.get("/recommendations", tags=["recommendations"], summary="Recommendations, filtered")
def list_recommendations(
    store: Store,
    _: Reader,
    council: Council = None,
    region: RegionName = None,
    owner: Annotated[str | None, Query(description="Owner id or name", examples=["DASS"])] = None,
    status: Annotated[
        str | None,
        Query(
            description="Status of an action implementing it, or 'none' for no actions", examples=["on_track"]
        ),
    ] = None,
    source: Literal["summary", "inline"] | None = None,
    firm: Annotated[
        bool | None,
        Query(
            description="true: firm recommendations (should, needs to, recommends); false: hedged suggestions"
        ),
    ] = None,
    theme: Theme = None,
    q: Text = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[RecommendationOut]:
    return reads.recommendations(
        store,
        council=council,
        region=region,
        owner=owner,
        status=status,
        source=source,
        firm=firm,
        theme=theme,
        q_text=q,
        limit=limit,
        cursor=cursor,
    )


@router.get(
    "/recommendations/{recommendation_id}/trace",
    tags=["recommendations"],
    summary="Who owns this and where is it up to: the findings it addresses, its owners, its actions",
)
def trace_recommendation(store: Store, _: Reader, recommendation_id: Annotated[str, Path()]) -> Trace:
    return reads.trace(store, recommendation_id)
