"""The peergraph web service: `create_app(settings)` builds it; `peergraph serve` runs it under uvicorn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api.context import configure_logging, request_id_middleware
from api.problems import install_problem_handlers
from api.routes import actions, briefs, items, pages, patterns, reference, reviews, search, uploads
from graph.reads.search import SearchIndex
from graph.reports.reference import bootstrap_store
from graph.store import GraphStore, open_store
from peergraph import __version__
from peergraph.core.settings import Settings
from viz.pages import STATIC

DESCRIPTION = """
What LGA peer teams found when they challenged English councils' adult social care, what they
recommended, and what councils did about it.

Every finding and recommendation carries a **citation**: the review, its council and date, and
`span` offsets into the review's text (`GET /reviews/{id}/text`), so each quote can be checked.

**Access.** Reads are open unless the server sets `PEERGRAPH_OPEN_READS=false`. Changes need an
API key from `peergraph keys create --role reader|council_editor|admin [--council ID]`, sent as
`Authorization: Bearer <key>`; a council editor changes only its own council's data.
Errors are RFC 9457 problem documents.
"""


def create_app(settings: Settings, store: GraphStore | None = None) -> FastAPI:
    """The app over `store` (opened from `settings` if not given, and closed on shutdown)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        if owned:
            app.state.store = open_store(settings)
            try:
                bootstrap_store(app.state.store, settings)
            except BaseException:
                app.state.store.close()
                raise
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="peergraph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[
            {"name": "councils", "description": "Regions and councils"},
            {"name": "reviews", "description": "Peer challenge reports"},
            {"name": "findings", "description": "What peer teams found"},
            {"name": "recommendations", "description": "What they recommended, and who owns it"},
            {"name": "owners", "description": "Roles that recommendations land on"},
            {"name": "search", "description": "Full-text search"},
            {"name": "reports", "description": "Uploading reports"},
            {"name": "actions", "description": "Councils' action plans: actions, status and history"},
            {"name": "patterns", "description": "Recurring patterns across councils and regions"},
            {
                "name": "briefs",
                "description": "Learning briefs on a pattern, theme or region, with citations",
            },
        ],
    )
    app.state.settings = settings
    app.state.search_index = SearchIndex()
    if store is not None:
        app.state.store = store
    app.middleware("http")(request_id_middleware)
    if settings.cors_origins.strip():
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[origin.strip() for origin in settings.cors_origins.split(",") if origin.strip()],
            allow_methods=["GET", "POST", "PATCH"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        )
    install_problem_handlers(app)
    for module in (reference, reviews, items, search, uploads, actions, patterns, briefs):
        app.include_router(module.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def serve(settings: Settings, host: str, port: int) -> None:
    """Run the app under uvicorn on host:port (blocking)."""
    import uvicorn

    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings), host=host, port=port, log_level=settings.log_level.lower(), access_log=False
    )
