"""Web pages (server-rendered HTML under /ui/) and the interactive graph views (/ui/graph/...).

Each handler reads its arguments, asks `viz.pages` for the page's context (which calls the
read functions) and renders an autoescaped template. Pages carry no script; errors are HTML
pages with the same status the JSON API would give. None of these routes is in the OpenAPI
description: they are for people, the JSON API is for programs.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute

from api.deps import Index, Reader, Store
from graph.reads.patterns import QuoteFilters
from peergraph.core.errors import PeergraphError
from viz import cqc_pages, graph_views, pages
from viz.review_view import ReviewFilters


def _html(body: str, status: int = 200, csp: str = pages.PAGE_CSP, **headers: str) -> HTMLResponse:
    return HTMLResponse(
        body,
        status_code=status,
        headers={"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff", **headers},
    )


def render(template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return _html(pages.environment().get_template(template).render(**context), status)


def error_page(status: int, detail: str) -> HTMLResponse:
    title = HTTPStatus(status).phrase
    headers = {"WWW-Authenticate": 'Bearer realm="peergraph"'} if status == 401 else {}
    body = pages.environment().get_template("error.html").render(title=title, detail=detail, section="")
    return _html(body, status, **headers)


class PageRoute(APIRoute):
    """Errors a user can act on become an HTML page (with the problem's status), not JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except PeergraphError as error:
                return error_page(error.http_status, str(error))
            except RequestValidationError as error:
                where = "; ".join(
                    ".".join(str(part) for part in item.get("loc", ())) + ": " + str(item.get("msg", ""))
                    for item in error.errors()[:3]
                )
                return error_page(422, f"invalid request: {where}")

        return route


router = APIRouter(route_class=PageRoute, include_in_schema=False, default_response_class=HTMLResponse)
Text = Annotated[str | None, Query(max_length=200)]


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui")
def ui_root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui/")
def home(store: Store, _: Reader) -> HTMLResponse:
    return render("home.html", pages.home_context(store))


@router.get("/ui/councils")
def councils(store: Store, _: Reader) -> HTMLResponse:
    return render("councils.html", pages.councils_context(store))


@router.get("/ui/councils/{council_id}")
def council(store: Store, _: Reader, council_id: str) -> HTMLResponse:
    return render("council.html", pages.council_context(store, council_id))


@router.get("/ui/reviews/{review_id}")
def review(
    store: Store,
    _: Reader,
    review_id: str,
    theme: Text = None,
    polarity: Text = None,
    pattern: Text = None,
    kind: Text = None,
) -> HTMLResponse:
    filters = ReviewFilters.parse(theme, polarity, pattern, kind)
    return render("review.html", pages.review_context(store, review_id, filters))


@router.get("/ui/recommendations/{recommendation_id}")
def trace(store: Store, _: Reader, recommendation_id: str) -> HTMLResponse:
    context = pages.trace_context(store, recommendation_id)
    view = graph_views.trace_graph(store, recommendation_id)
    context["graph_listing"] = graph_views.graph_listing(view)
    context["type_names"] = graph_views.TYPE_NAMES
    return render("trace.html", context)


@router.get("/ui/patterns")
def patterns(store: Store, _: Reader) -> HTMLResponse:
    return render("patterns.html", pages.patterns_context(store))


@router.get("/ui/patterns/councils")
def pattern_councils(store: Store, _: Reader, region: Text = None) -> HTMLResponse:
    return render(
        "pattern_councils.html", pages.pattern_councils_context(store, (region or "").strip() or None)
    )


@router.get("/ui/patterns/{pattern_id}")
def pattern(
    store: Store,
    _: Reader,
    pattern_id: str,
    region: Text = None,
    council: Text = None,
    polarity: Text = None,
    date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
) -> HTMLResponse:
    filters = QuoteFilters(
        *((value or "").strip() or None for value in (region, council, polarity, date_from, date_to))
    )
    return render("pattern.html", pages.pattern_context(store, pattern_id, filters, cursor or None))


@router.get("/ui/cqc")
def cqc(store: Store, _: Reader, quality_statement: Text = None, pattern: Text = None) -> HTMLResponse:
    return render(
        "cqc.html",
        cqc_pages.cqc_context(
            store, (quality_statement or "").strip() or None, (pattern or "").strip() or None
        ),
    )


@router.get("/ui/actions")
def actions(
    store: Store,
    _: Reader,
    status: Text = None,
    owner: Text = None,
    overdue: Text = None,
    council: Text = None,
    sort: Text = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    filters = pages.ActionFilters.parse(status, owner, overdue, council, sort)
    return render("actions.html", pages.actions_context(store, filters, cursor))


@router.get("/ui/owners")
def owners(store: Store, _: Reader) -> HTMLResponse:
    return render("owners.html", pages.owners_context(store))


@router.get("/ui/owners/{owner_id}")
def owner(store: Store, _: Reader, owner_id: str) -> HTMLResponse:
    return render("owner.html", pages.owner_context(store, owner_id))


@router.get("/ui/search")
def search(
    store: Store,
    index: Index,
    _: Reader,
    q: Text = None,
    region: Text = None,
    council: Text = None,
    theme: Text = None,
    polarity: Text = None,
    kind: Text = None,
    date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
    mode: Text = None,
) -> HTMLResponse:
    form = pages.SearchForm(
        *(
            (value or "").strip()
            for value in (q, region, council, theme, polarity, kind, date_from, date_to, mode)
        )
    )
    return render("search.html", pages.search_context(index, store, form, cursor or None))


# --- the interactive graph views: complete pages with vis-network inlined ------------------------


@router.get("/ui/graph/trace/{recommendation_id}")
def trace_graph(store: Store, _: Reader, recommendation_id: str, embed: bool = False) -> HTMLResponse:
    return _html(graph_views.trace_view(store, recommendation_id, embed), csp=graph_views.VIEW_HEADER_CSP)


@router.get("/ui/graph/council/{council_id}")
def council_graph(store: Store, _: Reader, council_id: str) -> HTMLResponse:
    return _html(graph_views.council_view(store, council_id), csp=graph_views.VIEW_HEADER_CSP)


@router.get("/ui/graph/patterns")
def patterns_graph(
    store: Store,
    _: Reader,
    top: Annotated[int, Query(ge=0, le=200, description="0 for every pattern")] = graph_views.TOP_PATTERNS,
    region: Text = None,
) -> HTMLResponse:
    return _html(
        graph_views.pattern_map_view(store, top or None, (region or "").strip() or None),
        csp=graph_views.VIEW_HEADER_CSP,
    )


@router.get("/ui/graph/peers")
def peers_graph(store: Store, _: Reader) -> HTMLResponse:
    return _html(graph_views.peer_network_view(store), csp=graph_views.VIEW_HEADER_CSP)
