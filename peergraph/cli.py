"""The `peergraph` command: thin wrappers over the library functions, one per sub-command.

Errors the user can act on (`PeergraphError`) print as one line on stderr and exit with their
code; nothing here holds logic beyond reading arguments and printing results.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from peergraph.cli_support import DbOption, opened_store, settings_with, user_errors
from peergraph.core.errors import PeergraphError
from peergraph.core.settings import get_settings
from viz.briefs.cli import brief_command
from viz.cli import viz_app

if TYPE_CHECKING:
    pass

app = typer.Typer(
    name="peergraph",
    help="A knowledge graph of adult social care peer challenge reports, recommendations and action plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command()
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
        from graph.pattern_library import load_patterns
        from graph.tagger import tag_report

        report.patterns = tag_report(report, load_patterns(settings.pattern_file_paths))
        typer.echo(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    from importers.summary import summarise_report

    typer.echo(summarise_report(report))


@app.command("import")
@user_errors
def import_(
    paths: Annotated[list[Path], typer.Argument(help="Report files, or folders to search for them")],
    db: DbOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Re-parse and reload files already loaded (e.g. after an upgrade)")
    ] = False,
    tag: Annotated[bool, typer.Option("--tag/--no-tag", help="Tag findings with recurring patterns")] = True,
) -> None:
    """Import reports into the graph: one transaction per report; bad files are listed and skipped."""
    from graph.loader import import_reports, report_files
    from graph.pattern_store import tagger_for
    from importers.councils import councils_for
    from peergraph.console import import_progress, print_import_summary

    settings = settings_with(db)
    settings = settings.model_copy(update={"tag_on_import": settings.tag_on_import and tag})
    files = list(report_files(paths))
    councils = councils_for(paths, settings.extra_council_files)
    with opened_store(db) as store, import_progress(len(files)) as advance:
        tagger = tagger_for(store, settings)
        summary = import_reports(
            store, files, settings.max_file_bytes, councils, on_file=advance, force=force, tagger=tagger
        )
    print_import_summary(summary)
    if summary.failed or not summary.outcomes:
        raise typer.Exit(2)


@app.command()
@user_errors
def stats(db: DbOption = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts per label, per region and per council."""
    from graph.stats import store_stats
    from peergraph.console import print_stats

    with opened_store(db) as store:
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


@app.command()
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


@app.command()
@user_errors
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (- for stdout, jsonl only)")],
    format: Annotated[str, typer.Option("--format", help="jsonl (a backup) or graphml")] = "jsonl",
    db: DbOption = None,
) -> None:
    """Write the whole graph to a JSON Lines backup or a GraphML file."""
    from graph.backup import export_graphml, export_jsonl

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


@app.command()
@user_errors
def restore(
    backup: Annotated[Path, typer.Argument(help="A JSON Lines backup from `peergraph export`")],
    db: DbOption = None,
) -> None:
    """Merge a JSON Lines backup into the store (in one transaction; restoring twice changes nothing)."""
    from graph.backup import restore_jsonl

    with opened_store(db) as store:
        nodes, rels = restore_jsonl(store, backup)
    typer.echo(f"restored {nodes} nodes and {rels} relationships from {backup.name}")


@app.command("import-plan")
@user_errors
def import_plan_command(
    file: Annotated[Path, typer.Argument(help="The council's action plan: .xlsx or .csv")],
    council: Annotated[str, typer.Option("--council", help="The council's id (ONS code)")],
    by: Annotated[
        str | None, typer.Option("--by", help="Who the updates are from (kept in the history)")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="When the plan was true (YYYY-MM-DD): the time of its updates in the history. "
            "Default: the sheet's own date (As at ..., Date of update), else the file's modified time",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Import an action plan: link each action to its recommendation and append status changes."""
    from graph.plans import import_plan
    from importers.action_plan import read_action_plan
    from importers.plan_as_of import parse_as_of
    from peergraph.console import print_plan_import

    given = parse_as_of(as_of) if as_of is not None else None
    plan = read_action_plan(file, settings_with(db).max_file_bytes, as_of=given)
    with opened_store(db) as store:
        result = import_plan(store, plan, council, by)
    print_plan_import(result)


@app.command()
@user_errors
def link(
    action_id: Annotated[str | None, typer.Argument(help="The action to link")] = None,
    recommendation_id: Annotated[str | None, typer.Argument(help="The recommendation it implements")] = None,
    council: Annotated[
        str | None, typer.Option("--council", help="List this council's unlinked actions")
    ] = None,
    db: DbOption = None,
) -> None:
    """Link an action to a recommendation by hand, or list a council's unlinked actions with candidates."""
    from graph.actions import council_actions, link_action
    from peergraph.console import print_unlinked

    if action_id and recommendation_id:
        with opened_store(db) as store:
            linked = link_action(store, action_id, recommendation_id)
        typer.echo(f"linked {linked.id} to {linked.recommendation_id}")
        return
    if not council:
        raise PeergraphError(
            "give ACTION_ID RECOMMENDATION_ID to link, or --council ID to list unlinked actions"
        )
    with opened_store(db) as store:
        from graph.plans import recommendation_refs
        from importers.plan_linking import RecommendationRef

        unlinked = [a for a in council_actions(store, council) if not a.recommendation_id]
        refs: list[RecommendationRef] = recommendation_refs(store, council)
    print_unlinked(unlinked, refs)


@app.command("plan-template")
@user_errors
def plan_template(
    council: Annotated[str, typer.Option("--council", help="The council's id (ONS code)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write")],
    db: DbOption = None,
) -> None:
    """Write an action-plan workbook pre-filled with the council's latest recommendations."""
    from graph.plan_files import write_plan_template

    with opened_store(db, read_only=True) as store:
        rows = write_plan_template(store, council, output)
    typer.echo(f"wrote {output} with {rows} recommendations to plan against")


@app.command("export-plan")
@user_errors
def export_plan(
    council: Annotated[str, typer.Option("--council", help="The council's id (ONS code)")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The .xlsx file to write (.csv: the plan sheet alone)")
    ],
    db: DbOption = None,
) -> None:
    """Write the council's action plan as it stands, with a History sheet of every change."""
    from graph.plan_files import write_plan_export

    with opened_store(db, read_only=True) as store:
        rows = write_plan_export(store, council, output)
    typer.echo(f"wrote {output} with {rows} actions")


patterns_app = typer.Typer(
    help="Recurring patterns across councils: list, candidates, accept, confirm, reject.",
    invoke_without_command=True,
)
app.add_typer(patterns_app, name="patterns")


@patterns_app.callback()
@user_errors
def patterns(
    ctx: typer.Context,
    region: Annotated[str | None, typer.Option("--region", help="Only councils in this region")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    db: DbOption = None,
) -> None:
    """Which patterns recur most, in how many councils and regions (the default command)."""
    if ctx.invoked_subcommand is not None:
        return
    from graph.pattern_reads import patterns_overview
    from peergraph.console import print_patterns

    with opened_store(db, read_only=True) as store:
        overview = patterns_overview(store, region=region)
    if as_json:
        typer.echo(json.dumps([p.model_dump() for p in overview], ensure_ascii=False, indent=2))
    else:
        print_patterns(overview, region)


@patterns_app.command("show")
@user_errors
def patterns_show(
    pattern_id: Annotated[str, typer.Argument(help="Pattern id, e.g. key_person_dependency")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    db: DbOption = None,
) -> None:
    """One pattern: councils, regions, and quotes with citations."""
    from graph.pattern_reads import pattern_detail
    from peergraph.console import print_pattern_detail

    with opened_store(db, read_only=True) as store:
        detail = pattern_detail(store, pattern_id)
    if as_json:
        typer.echo(detail.model_dump_json(indent=2))
    else:
        print_pattern_detail(detail)


@patterns_app.command("candidates")
@user_errors
def patterns_candidates(
    as_json: Annotated[bool, typer.Option("--json")] = False, db: DbOption = None
) -> None:
    """Candidate new patterns: clusters of areas for development spanning at least three councils."""
    from types import SimpleNamespace

    from graph.pattern_discovery import current_candidates
    from peergraph.console import print_candidates

    with opened_store(db) as store:
        found = current_candidates(store, settings_with(db), SimpleNamespace())
    if as_json:
        typer.echo(json.dumps([c.model_dump() for c in found], ensure_ascii=False, indent=2))
    else:
        print_candidates(found)


@patterns_app.command("accept")
@user_errors
def patterns_accept(
    candidate_id: Annotated[str, typer.Argument(help="A candidate id from `peergraph patterns candidates`")],
    pattern_id: Annotated[str | None, typer.Option("--id", help="Id for the new pattern")] = None,
    db: DbOption = None,
) -> None:
    """Accept a candidate into this store's library and tag every review with it."""
    from types import SimpleNamespace

    from graph.pattern_discovery import accept_candidate

    with opened_store(db) as store:
        accepted = accept_candidate(store, settings_with(db), SimpleNamespace(), candidate_id, pattern_id)
    typer.echo(f"accepted {candidate_id} as pattern {accepted}")


def _decide(
    item_id: str, pattern_id: str, decision: str, by: str | None, note: str | None, db: Path | None
) -> None:
    import getpass

    from graph.pattern_store import decide

    with opened_store(db) as store:
        done = decide(store, item_id, pattern_id, decision, by or getpass.getuser(), note)
    typer.echo(f"{decision}ed: {done['item_id']} as {done['pattern_id']} (by {done['by']} at {done['at']})")


@patterns_app.command("confirm")
@user_errors
def patterns_confirm(
    pattern_id: Annotated[str, typer.Argument()],
    item_id: Annotated[str, typer.Argument(help="Finding or recommendation id")],
    by: Annotated[str | None, typer.Option("--by")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    db: DbOption = None,
) -> None:
    """Confirm a tag: later tagging keeps it."""
    _decide(item_id, pattern_id, "confirm", by, note, db)


@patterns_app.command("reject")
@user_errors
def patterns_reject(
    pattern_id: Annotated[str, typer.Argument()],
    item_id: Annotated[str, typer.Argument(help="Finding or recommendation id")],
    by: Annotated[str | None, typer.Option("--by")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    db: DbOption = None,
) -> None:
    """Reject a tag: it is removed and later tagging never adds it back."""
    _decide(item_id, pattern_id, "reject", by, note, db)


@app.command()
@user_errors
def tag(
    pattern: Annotated[str | None, typer.Option("--pattern", help="Only this pattern")] = None,
    db: DbOption = None,
) -> None:
    """Re-tag every review with the pattern library in force, keeping confirmed and rejected tags."""
    from graph.pattern_store import default_tagger, library, tag_store
    from peergraph.console import import_progress

    with opened_store(db) as store:
        from graph import queries as q

        reviews = len(store.read(q.REVIEWS))
        tagger = default_tagger(library(store, settings_with(db)))
        with import_progress(reviews) as advance:
            counts = tag_store(store, tagger, pattern, on_review=lambda review: advance(Path(review), None))  # type: ignore[arg-type]
    typer.echo(
        f"tagged {counts.items} findings and recommendations in {counts.reviews} reviews: {counts.tags} tags"
    )


@app.command()
@user_errors
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
) -> None:
    """Run the web service (JSON API, OpenAPI docs at /docs) under uvicorn."""
    from api.app import serve as run_server

    typer.echo(f"peergraph: serving on http://{host}:{port}/ (API docs at /docs); Ctrl-C stops", err=True)
    run_server(settings_with(db), host, port)


keys_app = typer.Typer(
    help="API keys: create, list and revoke (stored hashed in the graph).", no_args_is_help=True
)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
@user_errors
def keys_create(
    role: Annotated[str, typer.Option("--role", help="reader, council_editor or admin")],
    council: Annotated[
        str | None, typer.Option("--council", help="Council id (ONS code) for council_editor")
    ] = None,
    label: Annotated[str | None, typer.Option("--label", help="Who or what the key is for")] = None,
    db: DbOption = None,
) -> None:
    """Create a key and print it once; only its hash is kept."""
    from graph.api_keys import Role, create_key

    try:
        chosen = Role(role)
    except ValueError:
        raise PeergraphError(f"--role {role!r}: expected reader, council_editor or admin") from None
    with opened_store(db) as store:
        key_id, token = create_key(store, chosen, council, label)
    typer.echo(token)
    typer.echo(
        f"key {key_id} ({chosen}{', ' + council if council else ''}): store it now, it is not shown again",
        err=True,
    )


@keys_app.command("list")
@user_errors
def keys_list(db: DbOption = None) -> None:
    """List keys (never their secrets)."""
    from graph.api_keys import list_keys

    with opened_store(db, read_only=True) as store:
        for row in list_keys(store):
            typer.echo(json.dumps(row, ensure_ascii=False))


@keys_app.command("revoke")
@user_errors
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id")], db: DbOption = None) -> None:
    """Revoke a key: requests with it get 401 from then on."""
    from graph.api_keys import revoke_key

    with opened_store(db) as store:
        revoke_key(store, key_id)
    typer.echo(f"revoked {key_id}")


@app.command()
@user_errors
def demo(
    db: DbOption = None,
    reports: Annotated[
        Path | None,
        typer.Option("--reports", help="Folder of reports (default: PEERGRAPH_REPORTS, else examples/)"),
    ] = None,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the result on --port")] = True,
    port: Annotated[int, typer.Option(help="Port to serve on")] = 8000,
) -> None:
    """Import the example reports (or PEERGRAPH_REPORTS) into a demo store, show them, and serve them."""
    from peergraph.demo import run_demo

    run_demo(settings_with(db), reports, serve=serve, port=port)


app.add_typer(viz_app, name="viz")
app.command("brief")(brief_command)


if __name__ == "__main__":  # pragma: no cover
    app()
