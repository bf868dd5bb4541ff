"""Reviews: the structured report with every item's span, and the text those spans index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import PlainTextResponse

from api.deps import Reader, Store
from api.problems import ERROR_RESPONSES
from graph.reads import reviews as reads
from graph.reads.models import ReviewDetail

router = APIRouter(tags=["reviews"], responses=ERROR_RESPONSES)
ReviewId = Annotated[str, Path(examples=["E06000027-pfa-2024-06"])]


@router.get(
    "/reviews/{review_id}", summary="The structured report: team, findings and recommendations with spans"
)
def get_review(store: Store, _: Reader, review_id: ReviewId) -> ReviewDetail:
    return reads.review(store, review_id)


@router.get(
    "/reviews/{review_id}/text",
    response_class=PlainTextResponse,
    summary="The normalised report text that every span indexes",
    responses={200: {"content": {"text/plain": {}}}},
)
def get_review_text(store: Store, _: Reader, review_id: ReviewId) -> str:
    return reads.review_text(store, review_id)
