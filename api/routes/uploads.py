"""Upload a report: parsed and loaded exactly as `peergraph import` does, in one transaction."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from api.deps import AppSettings, Store, Writer
from api.problems import AUTH_RESPONSES, ERROR_RESPONSES
from graph.patterns.tags import tagger_for
from graph.reports.loader import load_report
from importers.councils import load_councils
from importers.parser import parse_file
from peergraph.core.errors import FileTooLargeError
from peergraph.core.settings import Settings

router = APIRouter(tags=["reports"], responses={**ERROR_RESPONSES, **AUTH_RESPONSES})
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadResult(BaseModel):
    review_id: str
    status: str
    council_id: str
    council: str
    findings: int
    recommendations: int


def _safe_name(name: str | None) -> str:
    base = _UNSAFE.sub("_", Path(name or "report").name).strip("._") or "report"
    return base[:120]


async def read_upload(file: UploadFile, settings: Settings, folder: str) -> Path:
    """Save an upload under `folder` with a safe name, refusing it past the size limit (413)."""
    name = _safe_name(file.filename)
    limit = settings.max_file_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise FileTooLargeError(name, f"the upload is over the {settings.max_file_mb:g} MB limit")
    path = Path(folder) / name
    path.write_bytes(data)
    return path


@router.post(
    "/reports",
    status_code=201,
    summary="Upload a report (.txt, .md, .html, .pdf, .docx); a council editor may upload its own council's only",
    responses={
        409: {
            "description": "The file would replace a stored review and lose much of it (pass replace=true)"
        },
        413: {"description": "The file is over the size limit"},
    },
)
async def upload_report(
    request: Request,
    store: Store,
    settings: AppSettings,
    principal: Writer,
    file: Annotated[UploadFile, File(description="The report file")],
    replace: Annotated[
        bool,
        Query(description="Replace the stored review even if this file would lose much of it (else 409)"),
    ] = False,
) -> UploadResult:
    limit = settings.max_file_bytes
    if int(request.headers.get("content-length") or 0) > limit + 1024 * 1024:
        raise FileTooLargeError(
            _safe_name(file.filename), f"the upload is over the {settings.max_file_mb:g} MB limit"
        )
    with tempfile.TemporaryDirectory(prefix="peergraph-upload-") as folder:
        path = await read_upload(file, settings, folder)
        councils = load_councils(settings.extra_council_files)
        report = await run_in_threadpool(parse_file, path, limit, councils)
    principal.require_council(report.council.id)
    outcome = await run_in_threadpool(
        lambda: load_report(store, report, replace=replace, tagger=tagger_for(store, settings))
    )
    return UploadResult(
        review_id=outcome.review_id or "",
        status=outcome.status.value,
        council_id=report.council.id,
        council=report.council.name,
        findings=outcome.findings,
        recommendations=outcome.recommendations,
    )
