"""Errors as RFC 9457 problem documents (application/problem+json), never stack traces.

Every error a client sees has `type`, `title`, `status`, `detail`, `instance` (the path) and the
request id, so a user can quote it and an operator can find the log line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute

from api.context import request_id
from peergraph.core.errors import PeergraphError, StoreError, UnauthorizedError

log = logging.getLogger("peergraph.api")
PROBLEM_JSON = "application/problem+json"


class Problem(BaseModel):
    type: str = Field(examples=["urn:peergraph:problem:not-found"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["no council with id 'E99999999'"])
    instance: str = Field(examples=["/councils/E99999999"])
    request_id: str
    errors: list[dict[str, Any]] | None = None


def problem_response(
    request: Request, status: int, detail: str, kind: str | None = None, **extra: Any
) -> JSONResponse:
    phrase = HTTPStatus(status).phrase
    body = Problem(
        type=f"urn:peergraph:problem:{kind}" if kind else "about:blank",
        title=phrase,
        status=status,
        detail=detail,
        instance=request.url.path,
        request_id=request_id(),
        **extra,
    ).model_dump(exclude_none=True)
    headers = {"WWW-Authenticate": 'Bearer realm="peergraph"'} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _kind(error: Exception) -> str:
    name = type(error).__name__.removesuffix("Error").removesuffix("_")
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(PeergraphError)
    async def peergraph_error(request: Request, error: PeergraphError) -> JSONResponse:
        if isinstance(error, StoreError):
            log.error("store problem: %s", error)
        response = problem_response(request, error.http_status, str(error), _kind(error))
        response.headers.update(error.http_headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(part) for part in item.get("loc", ())], "msg": item.get("msg", "")}
            for item in error.errors()
        ]
        where = ", ".join(".".join(e["loc"]) + ": " + e["msg"] for e in errors[:3])
        return problem_response(request, 422, f"invalid request: {where}", "validation", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        detail = error.detail if isinstance(error.detail, str) else HTTPStatus(error.status_code).phrase
        response = problem_response(request, error.status_code, detail)
        response.headers.update(error.headers or {})
        if error.status_code == 405:
            response.headers["Allow"] = ", ".join(methods_at(request.app.routes, request.url.path))
        return response


def methods_at(routes: Sequence[BaseRoute], path: str) -> list[str]:
    """Every method some route serves at `path`: Starlette's 405 names only the first route's,
    and GET and PATCH of one resource are two routes."""
    methods: set[str] = set()
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI keeps included routers apart
        if included is not None and getattr(route, "path", None) is None:
            methods.update(methods_at(included.routes, path))
            continue
        pattern = getattr(route, "path_regex", None)
        if pattern is not None and pattern.match(path):
            methods.update(getattr(route, "methods", None) or ())
    if "GET" in methods:
        methods.add("HEAD")  # answered for every GET route (api/middleware.py)
    return sorted(methods)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": HTTPStatus(status).phrase}
    for status in (400, 404, 422, 500)
}
CONFLICT_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: {
        "model": Problem,
        "content": {PROBLEM_JSON: {}},
        "description": "Someone changed it first: the version sent is stale; read it again",
    }
}
PENDING_RESPONSES: dict[int | str, dict[str, Any]] = {
    503: {
        "model": Problem,
        "content": {PROBLEM_JSON: {}},
        "description": "Still being computed in the background: ask again after Retry-After seconds",
        "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
    }
}
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": HTTPStatus(status).phrase}
    for status in (401, 403)
}
__all__ = ["AUTH_RESPONSES", "ERROR_RESPONSES", "Problem", "UnauthorizedError", "install_problem_handlers"]
