"""The API documentation, Swagger UI at /docs and ReDoc at /redoc, served from this server alone.

FastAPI's own pages load both from a CDN, so they are blank offline. Here the same pages point at
the files the `fastapi-offline` package ships (Swagger UI, Apache-2.0, and ReDoc's standalone
bundle, MIT), mounted under /static/api-docs. Each page's one inline script or style is allowed by
its hash, so the policy needs no 'unsafe-inline' script. ReDoc's bundle has one remote address
of its own, a logo drawn in its sidebar; it is served with that address swapped for a blank image.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from peergraph.core.csp import inline_script_sources

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
PREFIX = "/static/api-docs"
_COMMON = (
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'"
)

REDOC_REMOTE_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
BLANK_IMAGE = b"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=1)
def _offline_redoc_bundle() -> bytes:
    bundle = (ASSETS / "redoc.standalone.js").read_bytes()
    return bundle.replace(REDOC_REMOTE_LOGO, BLANK_IMAGE)


def _with_policy(page: HTMLResponse, policy: str) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = policy
    return page


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    page = get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title}: API documentation",
        swagger_js_url=f"{PREFIX}/swagger-ui-bundle.js",
        swagger_css_url=f"{PREFIX}/swagger-ui.css",
        swagger_favicon_url=f"{PREFIX}/favicon.png",
    )
    scripts = " ".join(inline_script_sources(bytes(page.body).decode()))
    return _with_policy(
        page,
        f"default-src 'none'; script-src 'self' {scripts}; style-src 'self'; {_COMMON}; "
        "form-action 'self'; frame-ancestors 'self'",
    )


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    page = get_redoc_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title}: API reference",
        redoc_js_url=f"{PREFIX}/redoc.standalone.js",
        redoc_favicon_url=f"{PREFIX}/favicon.png",
        with_google_fonts=False,
    )
    # ReDoc writes its styles into <style> elements at run time (styled-components), so its
    # styles (never its scripts) need 'unsafe-inline'; its search index runs in a blob: worker.
    return _with_policy(
        page,
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; worker-src blob:; "
        f"{_COMMON}; form-action 'none'; frame-ancestors 'self'",
    )


@router.get(f"{PREFIX}/redoc.standalone.js")
def redoc_bundle() -> Response:
    return Response(
        _offline_redoc_bundle(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


def install_docs(app: FastAPI) -> None:
    """Serve /docs and /redoc and their files; the app must be made with docs_url=redoc_url=None."""
    app.include_router(router)
    app.mount(PREFIX, StaticFiles(directory=ASSETS), name="api-docs")
