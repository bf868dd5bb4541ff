"""Whether the service is up, and whether what it works out ahead is ready (api/warming.py)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.problems import ERROR_RESPONSES
from api.warming import WarmState

router = APIRouter(responses=ERROR_RESPONSES)


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    warming: WarmState | None = Field(
        description="None when the server does not warm (PEERGRAPH_WARM_READS=false)"
    )


@router.get("/health", tags=["service"], summary="The service is up; whether its warm-up is done")
def health(request: Request) -> Health:
    warmer = getattr(request.app.state, "warmer", None)
    return Health(warming=warmer.status.model_copy() if warmer is not None else None)
