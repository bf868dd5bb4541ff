"""`peergraph patterns …` and `peergraph tag`: recurring patterns, candidates, curation and re-tagging."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from peergraph.cli.support import DbOption, opened_store, settings_with, user_errors

patterns_app = typer.Typer(
    help="Recurring patterns across councils: list, candidates, accept, confirm, reject.",
    invoke_without_command=True,
)


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
    from graph.reads.patterns import patterns_overview
    from peergraph.cli.console import print_patterns

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
    from graph.reads.patterns import pattern_detail
    from peergraph.cli.console import print_pattern_detail

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

    from graph.reads.patterns import current_candidates
    from peergraph.cli.console import print_candidates

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

    from graph.patterns.candidates import accept_candidate

    with opened_store(db) as store:
        accepted = accept_candidate(store, settings_with(db), SimpleNamespace(), candidate_id, pattern_id)
    typer.echo(f"accepted {candidate_id} as pattern {accepted}")


def _decide(
    item_id: str, pattern_id: str, decision: str, by: str | None, note: str | None, db: Path | None
) -> None:
    import getpass

    from graph.patterns.tags import decide

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


@user_errors
def tag(
    pattern: Annotated[str | None, typer.Option("--pattern", help="Only this pattern")] = None,
    db: DbOption = None,
) -> None:
    """Re-tag every review with the pattern library in force, keeping confirmed and rejected tags."""
    from graph.patterns.tags import store_tagger, tag_store
    from peergraph.cli.console import import_progress

    with opened_store(db) as store:
        from graph.store import queries as q

        reviews = len(store.read(q.REVIEWS))
        tagger = store_tagger(store, settings_with(db))
        with import_progress(reviews) as advance:
            counts = tag_store(store, tagger, pattern, on_review=lambda review: advance(Path(review), None))  # type: ignore[arg-type]
    typer.echo(
        f"tagged {counts.items} findings and recommendations in {counts.reviews} reviews: {counts.tags} tags"
    )
