"""Recurring patterns: where they show, quotes with citations, matrices, candidates and curation."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from api.deps import AppSettings, Reader, Store, Writer
from api.problems import AUTH_RESPONSES, ERROR_RESPONSES, PENDING_RESPONSES
from api.routes.params import DateFrom, DateTo
from graph.patterns.candidates import accept_candidate
from graph.patterns.tags import CONFIRM, REJECT, decide
from graph.reads import patterns as pattern_reads
from graph.reads.models import (
    CandidateOut,
    CouncilSimilarity,
    Page,
    PatternDetail,
    PatternMatrix,
    PatternPair,
    PatternQuote,
    PatternSummary,
)
from graph.reads.patterns import QuoteFilters, current_candidates

router = APIRouter(tags=["patterns"], responses=ERROR_RESPONSES)
PatternId = Annotated[str, Path(examples=["key_person_dependency"])]


class Decision(BaseModel):
    item_id: str = Field(description="The finding or recommendation tagged")
    note: str | None = Field(None, max_length=2000)


class DecisionOut(BaseModel):
    item_id: str
    pattern_id: str
    decision: str
    by: str
    at: str


class AcceptRequest(BaseModel):
    pattern_id: str | None = Field(
        None, pattern=r"^[a-z][a-z0-9_]{2,60}$", description="Id for the new pattern (default: from its name)"
    )


@router.get("/patterns", summary="Every pattern, with how many councils and regions show it")
def list_patterns(
    store: Store, _: Reader, region: Annotated[str | None, Query(examples=["South West"])] = None
) -> list[PatternSummary]:
    return pattern_reads.patterns_overview(store, region=region)


@router.get(
    "/patterns/matrix", summary="Pattern × region or pattern × council: councils showing it, or instances"
)
def pattern_matrix(
    store: Store,
    _: Reader,
    by: Literal["region", "council"] = "region",
    measure: Annotated[
        Literal["councils", "instances"] | None,
        Query(description="Default: councils by region, instances by council"),
    ] = None,
) -> PatternMatrix:
    return pattern_reads.pattern_matrix(store, by, measure)


@router.get("/patterns/pairs", summary="Patterns that occur together, most often first")
def pattern_pairs(
    store: Store, _: Reader, top: Annotated[int, Query(ge=1, le=200)] = 20
) -> list[PatternPair]:
    return pattern_reads.pattern_pairs(store, top)


@router.get("/patterns/similar-councils", summary="Councils that share most patterns")
def similar_councils(
    store: Store, _: Reader, top: Annotated[int, Query(ge=1, le=200)] = 20
) -> list[CouncilSimilarity]:
    return pattern_reads.council_similarities(store, top)


# Discovery runs in the background (minutes at 500 reports): a request waits this long for it at most.
CANDIDATES_WAIT_SECONDS = 5.0


@router.get(
    "/patterns/candidates",
    summary="Candidate new patterns found across at least three councils",
    description="Computed in the background once per data version; until they are ready (minutes on "
    "a large store), the answer is 503 with Retry-After.",
    responses=PENDING_RESPONSES,
)
async def list_candidates(
    store: Store, settings: AppSettings, request: Request, _: Reader
) -> list[CandidateOut]:
    return await run_in_threadpool(
        current_candidates, store, settings, request.app.state, CANDIDATES_WAIT_SECONDS
    )


@router.post(
    "/patterns/candidates/{candidate_id}/accept",
    status_code=201,
    summary="Accept a candidate into the library (admin) and tag every review with it",
    responses=AUTH_RESPONSES | PENDING_RESPONSES,
)
async def accept(
    store: Store,
    settings: AppSettings,
    request: Request,
    principal: Writer,
    candidate_id: Annotated[str, Path()],
    body: AcceptRequest | None = None,
) -> PatternSummary:
    principal.require_admin()
    pattern_id = await run_in_threadpool(
        accept_candidate,
        store,
        settings,
        request.app.state,
        candidate_id,
        body.pattern_id if body else None,
        CANDIDATES_WAIT_SECONDS,
    )
    return next(p for p in pattern_reads.patterns_overview(store) if p.id == pattern_id)


@router.get(
    "/patterns/{pattern_id}/quotes",
    summary="Every quote of a pattern, with citations: filtered by region, council, polarity and date, paged",
)
def pattern_quotes(
    store: Store,
    _: Reader,
    pattern_id: PatternId,
    region: Annotated[str | None, Query(max_length=200, examples=["South West"])] = None,
    council: Annotated[str | None, Query(max_length=200, examples=["E06000027"])] = None,
    polarity: Literal["strength", "area_for_development", "mixed", "recommendation"] | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
) -> Page[PatternQuote]:
    filters = QuoteFilters(region, council, polarity, date_from, date_to)
    return pattern_reads.pattern_quotes(store, pattern_id, filters, limit=limit, cursor=cursor)


@router.get(
    "/patterns/{pattern_id}", summary="Where a pattern shows: councils, regions, quotes with citations"
)
def get_pattern(store: Store, _: Reader, pattern_id: PatternId) -> PatternDetail:
    return pattern_reads.pattern_detail(store, pattern_id)


def _decide(store: Store, principal: Writer, pattern_id: str, body: Decision, decision: str) -> DecisionOut:
    from graph.patterns.tags import item_council

    principal.require_council(item_council(store, body.item_id))
    return DecisionOut(**decide(store, body.item_id, pattern_id, decision, principal.actor, body.note))


@router.post(
    "/patterns/{pattern_id}/confirm",
    summary="Confirm that an item is an instance of the pattern (kept through re-tagging)",
    responses=AUTH_RESPONSES,
)
def confirm(store: Store, principal: Writer, pattern_id: PatternId, body: Decision) -> DecisionOut:
    return _decide(store, principal, pattern_id, body, CONFIRM)


@router.post(
    "/patterns/{pattern_id}/reject",
    summary="Reject a tag: it is removed and never suggested again for that item",
    responses=AUTH_RESPONSES,
)
def reject(store: Store, principal: Writer, pattern_id: PatternId, body: Decision) -> DecisionOut:
    return _decide(store, principal, pattern_id, body, REJECT)
