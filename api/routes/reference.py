"""Regions, councils and owners: what the graph covers, and what each role carries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import Reader, Store
from api.problems import ERROR_RESPONSES
from graph.reads import reviews as reads
from graph.reads.models import CouncilDetail, CouncilSummary, OwnerOut, Page, RecommendationOut, Region
from graph.reads.paging import MAX_PAGE

router = APIRouter(responses=ERROR_RESPONSES)

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page")]
Cursor = Annotated[str | None, Query(description="`next_cursor` from the previous page")]


@router.get("/regions", tags=["councils"], summary="The nine English regions, with what has been reviewed")
def list_regions(store: Store, _: Reader) -> list[Region]:
    return reads.regions(store)


@router.get("/councils", tags=["councils"], summary="Councils, by ONS code")
def list_councils(
    store: Store,
    _: Reader,
    region: Annotated[str | None, Query(description="Region name", examples=["South West"])] = None,
    reviewed: Annotated[bool, Query(description="Only councils with at least one review")] = True,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Page[CouncilSummary]:
    return reads.councils(store, region=region, reviewed=reviewed, limit=limit, cursor=cursor)


@router.get(
    "/councils/{council_id}",
    tags=["councils"],
    summary="A council: its reviews, findings by theme and polarity, recommendations with action status",
)
def get_council(
    store: Store, _: Reader, council_id: Annotated[str, Path(examples=["E06000027"])]
) -> CouncilDetail:
    return reads.council(store, council_id)


@router.get("/owners", tags=["owners"], summary="Owner roles, with how many recommendations land on each")
def list_owners(store: Store, _: Reader) -> list[OwnerOut]:
    return reads.owners(store)


@router.get(
    "/owners/{owner_id}/recommendations",
    tags=["owners"],
    summary="What one role carries, across councils",
)
def owner_recommendations(
    store: Store,
    _: Reader,
    owner_id: Annotated[str, Path(examples=["owner-dass"])],
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[RecommendationOut]:
    found = reads.owner(store, owner_id)
    return reads.recommendations(store, owner=found.id, limit=limit, cursor=cursor)
