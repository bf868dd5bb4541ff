"""Learning briefs as files: Markdown, self-contained HTML, Word or PDF, drafted from the graph.

Citation links point at PEERGRAPH_PUBLIC_URL (the address readers can reach), never at the address a
request happened to arrive on; without it a brief cites in text only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.deps import AppSettings, Reader, Store
from api.problems import ERROR_RESPONSES
from viz.briefs import MEDIA_TYPES, build_brief, file_name, render
from viz.briefs.build import councils_to_hide

router = APIRouter(tags=["briefs"], responses=ERROR_RESPONSES)


@router.get(
    "/briefs",
    summary="A learning brief on patterns, a CQC theme or a region, as a file; every quote cited",
    response_class=Response,
    responses={200: {"content": {media: {} for media in MEDIA_TYPES.values()}}},
)
def get_brief(
    store: Store,
    settings: AppSettings,
    _: Reader,
    pattern: Annotated[
        list[str] | None,
        Query(description="Pattern id; repeat for several", examples=["key_person_dependency"]),
    ] = None,
    theme: Annotated[int | None, Query(ge=1, le=4, description="CQC theme 1-4")] = None,
    region: Annotated[str | None, Query(description="Region name", examples=["South West"])] = None,
    since: Annotated[
        str | None,
        Query(description="Reports dated on or after: YYYY, YYYY-MM or YYYY-MM-DD", examples=["2024"]),
    ] = None,
    anonymise: Annotated[bool, Query(description='Council names become "a <region> <type> council"')] = False,
    format: Annotated[Literal["md", "html", "docx", "pdf"], Query(description="File format")] = "md",
) -> Response:
    brief = build_brief(
        store,
        patterns=pattern or [],
        theme=theme,
        region=region,
        since=since,
        anonymise=anonymise,
        base_url=settings.public_url,
        councils=councils_to_hide(settings.extra_council_files) if anonymise else None,
    )
    return Response(
        content=render(brief, format),
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{file_name(brief, format)}"'},
    )
