"""Rendering a brief in the format its file name asks for: .md, .html, .docx or .pdf."""

from __future__ import annotations

import re
from pathlib import Path

from peergraph.core.errors import BadRequestError, PeergraphError
from viz.briefs.model import FORMATS, Brief, Format
from viz.briefs.outline import outline_of

MEDIA_TYPES: dict[Format, str] = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
_SUFFIXES: dict[str, Format] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}


def format_for(path: Path) -> Format:
    """The format a file name asks for; anything else is a one-line error naming the choices."""
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise BadRequestError(
            f"{path.name}: cannot tell the format from {path.suffix or 'no suffix'!r}; "
            "end the file name in .md, .html, .docx or .pdf"
        )
    return fmt


def render(brief: Brief, fmt: Format) -> bytes:
    """The brief's outline as the bytes of a file in `fmt`."""
    outline = brief.outline or outline_of(brief)
    if fmt == "md":
        from viz.briefs.markdown import render_markdown

        return render_markdown(outline).encode("utf-8")
    if fmt == "html":
        from viz.briefs.html import render_html

        return render_html(outline).encode("utf-8")
    if fmt == "docx":
        from viz.briefs.docx import render_docx

        return render_docx(outline)
    if fmt == "pdf":
        from viz.briefs.pdf import render_pdf

        return render_pdf(outline)
    raise BadRequestError(f"format: expected one of {', '.join(FORMATS)}, got {fmt!r}")


def file_name(brief: Brief, fmt: Format) -> str:
    """A download name from the scope: brief-key-person-dependency.pdf, brief-theme-3-south-west.md."""
    scope = brief.scope
    parts = [*scope.patterns]
    if scope.theme is not None:
        parts.append(f"theme-{scope.theme}")
    if scope.region:
        parts.append(scope.region)
    if scope.since:
        parts.append(f"since-{scope.since}")
    if scope.anonymised:
        parts.append("anonymised")
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")[:100] or "brief"
    return f"brief-{slug}.{fmt}"


def write_brief(brief: Brief, path: Path) -> Path:
    """Write the brief to `path` in the format its suffix names (.md, .html, .docx, .pdf)."""
    data = render(brief, format_for(path))
    try:
        path.write_bytes(data)
    except OSError as error:
        raise PeergraphError(f"{path}: cannot write the brief ({error.strerror or error})") from None
    return path
