"""The peergraph web service: `create_app(settings)` builds it; `peergraph serve` runs it under uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import signal
import socket
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api.context import configure_logging
from api.middleware import RequestContext
from api.openapi import install_openapi
from api.problems import install_problem_handlers
from api.routes import (
    actions,
    briefs,
    cqc,
    exports,
    health,
    items,
    pages,
    patterns,
    reference,
    reviews,
    search,
    uploads,
    web_forms,
    web_session,
)
from api.routes.docs import install_docs
from api.security import SecurityHeaders
from api.session import WebSessions, current_visit
from api.warming import Warmer
from graph.patterns.candidates import finish_store_reads, start_candidates
from graph.reads.search import SearchIndex
from graph.reports.reference import bootstrap_store
from graph.store import GraphStore, open_store
from graph.store.control import control_socket
from graph.store.credentials import open_credentials
from graph.store.embedded import EmbeddedStore
from peergraph import __version__
from peergraph.core.errors import PeergraphError
from peergraph.core.settings import Settings
from viz.pages import STATIC, environment

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
        if settings.precompute_candidates:
            start_candidates(app.state.store, settings, app.state)
        warmer = Warmer(app.state.store, app.state.search_index) if settings.warm_reads else None
        app.state.warmer = warmer
        if warmer is not None:
            warmer.start()
        try:
            yield
        finally:
            if warmer is not None:
                await asyncio.to_thread(warmer.stop)  # the event loop serves on while it stops
            finish_store_reads(app.state)
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="peergraph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served from local files by install_docs, not from a CDN
        redoc_url=None,
        openapi_tags=[
            {"name": "service", "description": "Whether the service is up and warmed"},
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
            {"name": "cqc", "description": "CQC's assessments of councils beside what peer teams found"},
        ],
    )
    app.state.settings = settings
    app.state.credentials = open_credentials(settings)
    app.state.search_index = SearchIndex()
    if store is not None:
        app.state.store = store
    if settings.cors_origins.strip():
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[origin.strip() for origin in settings.cors_origins.split(",") if origin.strip()],
            allow_methods=["GET", "POST", "PATCH"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        )
    install_problem_handlers(app)
    install_openapi(app, open_reads=settings.open_reads)
    app.add_middleware(WebSessions)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestContext)  # outermost of ours: every response carries its request id
    for module in (
        health,
        reference,
        reviews,
        items,
        search,
        uploads,
        actions,
        patterns,
        briefs,
        cqc,
        exports,
    ):
        app.include_router(module.router)
    app.include_router(pages.router)
    app.include_router(web_session.router)
    app.include_router(web_forms.router)
    environment().globals["visitor"] = current_visit  # who is signed in, for the pages' forms
    install_docs(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def bind_listener(host: str, port: int) -> socket.socket:
    """The listening socket for host:port, or a one-line error when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Connections accepted from this socket inherit TCP_NODELAY (Linux). Without it Nagle holds
    # a response's body until the client ACKs its headers, which clients delay by ~40 ms: every
    # request over a kept-alive connection took 48 ms (headers at 6 ms), measured over loopback.
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        if error.errno == errno.EADDRINUSE:
            raise PeergraphError(
                f"port {port} on {host} is already in use; choose another with --port (make demo PORT=...)"
            ) from None
        raise PeergraphError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    listener.listen(2048)
    return listener


def exit_on_terminate() -> None:
    """SIGTERM (`docker stop`, systemd, kill) ends the process by SystemExit, so that the store is
    closed and the serving file removed: uvicorn shuts down on it, then raises it again with the
    handler it found, and Python's default handler ends the process at once, before any `finally`
    (the serving file and the store's WAL were left behind). The exit status stays 128 + 15."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def serve(settings: Settings, host: str, port: int, *, announce: Callable[[str], None] | None = None) -> None:
    """Run the app under uvicorn on host:port (blocking), as the one writer of its store.

    On the embedded store the server also opens a control socket, so that other peergraph
    commands on the same store run through it while it serves (graph/store/control.py).
    """
    import uvicorn

    configure_logging(settings.log_level)
    exit_on_terminate()
    listener = bind_listener(host, port)
    try:
        store = open_store(settings, attach=False)
    except BaseException:
        listener.close()
        raise
    try:
        bootstrap_store(store, settings)
        url = f"http://{host}:{port}/"
        sharing = (
            control_socket(store, settings.db.expanduser(), url)
            if isinstance(store, EmbeddedStore)
            else contextlib.nullcontext()
        )
        with sharing:
            config = uvicorn.Config(
                create_app(settings, store=store), log_level=settings.log_level.lower(), access_log=False
            )
            if announce is not None:
                announce(url)
            uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()
        store.close()
