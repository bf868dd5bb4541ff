"""`make demo`: parse the example reports and show what peergraph found in each."""

from __future__ import annotations

from pathlib import Path

import typer

from peergraph.errors import PeergraphError
from peergraph.settings import Settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}


def run_demo(settings: Settings, reports: Path | None) -> None:
    from importers.councils import councils_for
    from importers.parser import parse_file
    from importers.summary import summarise_report

    folder = reports or settings.reports or EXAMPLES
    if not folder.is_dir():
        raise PeergraphError(f"{folder}: no such folder of reports")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)
    councils = councils_for([folder], settings.extra_council_files)
    for path in files:
        typer.echo(f"== {path.name}")
        typer.echo(summarise_report(parse_file(path, settings.max_file_bytes, councils)))
        typer.echo("")
