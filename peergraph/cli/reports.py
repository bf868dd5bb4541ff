"""Commands over reports and the whole store: parse, import, stats, query, export, restore."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from peergraph.cli.support import DbOption, opened_store, settings_with, user_errors
from peergraph.core.errors import PeergraphError
from peergraph.core.settings import get_settings


@user_errors
def parse(
    file: Annotated[Path, typer.Argument(help="Report file: .txt, .md, .html, .pdf or .docx")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the parsed report as JSON")] = False,
    text: Annotated[bool, typer.Option("--text", help="Print the normalised text that spans index")] = False,
) -> None:
    """Parse one report and print what was found (a summary, --json, or --text)."""
    from importers.councils import councils_for
    from importers.parser import parse_file

    settings = get_settings()
    report = parse_file(file, settings.max_file_bytes, councils_for([file], settings.extra_council_files))
    if text:
        sys.stdout.write(report.text)
        return
    if as_json:
        from graph.patterns.library import load_patterns
        from graph.patterns.tagger import tag_report

        report.patterns = tag_report(report, load_patterns(settings.pattern_file_paths))
        typer.echo(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    from importers.summary import summarise_report

    typer.echo(summarise_report(report))


@user_errors
def import_(
    paths: Annotated[list[Path], typer.Argument(help="Report files, or folders to search for them")],
    db: DbOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Re-parse and reload files already loaded (e.g. after an upgrade)")
    ] = False,
    tag: Annotated[bool, typer.Option("--tag/--no-tag", help="Tag findings with recurring patterns")] = True,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Let a file replace its stored review even if it would lose much of it (a truncated copy is refused without this)",
        ),
    ] = False,
) -> None:
    """Import reports into the graph: one transaction per report; bad files are listed and skipped."""
    from graph.reports.bulk import import_files
    from graph.reports.loader import report_files
    from importers.councils import councils_for
    from peergraph.cli.console import import_progress, print_import_summary

    settings = settings_with(db)
    settings = settings.model_copy(update={"tag_on_import": settings.tag_on_import and tag})
    files = list(report_files(paths))
    councils = councils_for(paths, settings.extra_council_files)
    with opened_store(db) as store, import_progress(len(files)) as progress:
        summary = import_files(
            store,
            files,
            settings,
            councils,
            on_file=progress,
            on_tagged=progress.tagged,
            force=force,
            replace=replace,
        )
    print_import_summary(summary)
    if summary.failed or not summary.outcomes:
        raise typer.Exit(2)


@user_errors
def stats(db: DbOption = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts per label, per region and per council."""
    from graph.store.stats import store_stats
    from peergraph.cli.console import print_stats

    with opened_store(db, read_only=True) as store:
        result = store_stats(store)
    if as_json:
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        print_stats(result)


def _parse_params(pairs: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise PeergraphError(f"--param {pair!r}: expected NAME=VALUE")
        try:
            params[key.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            params[key.strip()] = raw
    return params


@user_errors
def query(
    cypher: Annotated[str, typer.Argument(help="A Cypher query; pass values with --param, never inline")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE (VALUE read as JSON if it parses)")
    ] = None,
    write: Annotated[bool, typer.Option("--write", help="Allow the query to change the graph")] = False,
    db: DbOption = None,
) -> None:
    """Run a Cypher query (read-only unless --write) and print its rows as JSON lines."""
    params = _parse_params(param or [])
    with opened_store(db, read_only=not write) as store:
        rows = store.run_cypher(cypher, params, write=write)
    for row in rows:
        typer.echo(json.dumps(row, ensure_ascii=False, default=str))


@user_errors
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (- for stdout, jsonl only)")],
    format: Annotated[str, typer.Option("--format", help="jsonl (a backup) or graphml")] = "jsonl",
    db: DbOption = None,
) -> None:
    """Write the whole graph to a JSON Lines backup or a GraphML file."""
    from graph.store.backup import export_graphml, export_jsonl

    if format not in ("jsonl", "graphml"):
        raise PeergraphError(f"--format {format!r}: expected jsonl or graphml")
    with opened_store(db, read_only=True) as store:
        if format == "graphml":
            count = export_graphml(store, output)
        elif str(output) == "-":
            count = export_jsonl(store, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as handle:
                count = export_jsonl(store, handle)
    typer.echo(f"wrote {count} nodes and relationships to {output}", err=True)


@user_errors
def restore(
    backup: Annotated[Path, typer.Argument(help="A JSON Lines backup from `peergraph export`")],
    db: DbOption = None,
) -> None:
    """Merge a JSON Lines backup into the store (checked whole before writing; restoring twice changes nothing)."""
    from graph.store.backup import restore_jsonl
    from peergraph.cli.console import rows_progress

    with opened_store(db) as store, rows_progress("restoring") as progress:
        nodes, rels = restore_jsonl(store, backup, progress)
    typer.echo(f"restored {nodes} nodes and {rels} relationships from {backup.name}")
