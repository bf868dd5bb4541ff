"""Whether the service is up, and whether what it works out ahead is ready (api/warming.py)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.problems import ERROR_RESPONSES

router = APIRouter(responses=ERROR_RESPONSES)


class Warming(BaseModel):
    state: Literal["warming", "ready", "failed"] = Field(
        description="ready: the search index and every council page are worked out for the current data"
    )
    councils: int = Field(description="Council pages worked out in the last warm-up")
    seconds: float = Field(description="How long the last warm-up took")
    error: str | None = Field(
        description="The kind of error the last warm-up failed with (it is tried again; the log says more)"
    )


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    warming: Warming | None = Field(
        description="None when the server does not warm (PEERGRAPH_WARM_READS=false)"
    )


@router.get("/health", tags=["service"], summary="The service is up; whether its warm-up is done")
def health(request: Request) -> Health:
    warmer = getattr(request.app.state, "warmer", None)
    return Health(warming=Warming(**warmer.status.as_dict()) if warmer is not None else None)
