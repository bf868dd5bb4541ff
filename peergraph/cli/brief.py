"""`peergraph brief`: draft a learning brief from the graph and write it as .md, .html, .docx or .pdf.

Registered in `peergraph/cli.py` as `app.command("brief")(brief_command)`; a thin layer over
`build_brief` and `write_brief`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peergraph.cli.support import DbOption, opened_store, settings_with, user_errors


@user_errors
def brief_command(
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help="File to write: .md, .html, .docx or .pdf (the suffix picks the format)"
        ),
    ],
    pattern: Annotated[
        list[str] | None,
        typer.Option(
            "--pattern", help="Pattern id to brief on (repeat for several), e.g. key_person_dependency"
        ),
    ] = None,
    theme: Annotated[
        int | None, typer.Option("--theme", min=1, max=4, help="CQC theme 1-4 to brief on")
    ] = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="Region to brief on, or to narrow a pattern or theme brief to"),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only reports dated on or after this: YYYY, YYYY-MM or YYYY-MM-DD"),
    ] = None,
    anonymise: Annotated[
        bool,
        typer.Option(
            "--anonymise", help='Replace council names with "a <region> <type> council" and drop links'
        ),
    ] = False,
    base_url: Annotated[
        str, typer.Option("--base-url", help="Web UI the citation links point to")
    ] = "http://127.0.0.1:8000",
    db: DbOption = None,
) -> None:
    """Draft a learning brief: what peer teams found, in their words, every quote cited."""
    from viz.briefs import build_brief, format_for, write_brief
    from viz.briefs.build import councils_to_hide
    from viz.briefs.labels import plural

    format_for(output)  # a bad suffix fails before any reading
    settings = settings_with(db)
    with opened_store(db, read_only=True) as store:
        brief = build_brief(
            store,
            patterns=pattern or [],
            theme=theme,
            region=region,
            since=since,
            anonymise=anonymise,
            base_url=base_url,
            councils=councils_to_hide(settings.extra_council_files) if anonymise else None,
        )
    write_brief(brief, output)
    typer.echo(
        f"{output}: {brief.title} — {plural(brief.headline.councils, 'council')}, "
        f"{plural(len(brief.quotes()), 'quote')}" + (" (anonymised)" if anonymise else "")
    )
