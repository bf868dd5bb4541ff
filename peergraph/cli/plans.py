"""Commands over councils' action plans: import-plan, link, plan-template, export-plan."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peergraph.cli.support import DbOption, opened_store, settings_with, user_errors
from peergraph.core.errors import PeergraphError


@user_errors
def import_plan_command(
    file: Annotated[Path, typer.Argument(help="The council's action plan: .xlsx or .csv")],
    council: Annotated[str, typer.Option("--council", help="The council's id (ONS code)")],
    by: Annotated[
        str | None, typer.Option("--by", help="Who the updates are from (kept in the history)")
    ] = None,
    db: DbOption = None,
) -> None:
    """Import an action plan: link each action to its recommendation and append status changes."""
    from graph.plans.loader import import_plan
    from importers.action_plan import read_action_plan
    from peergraph.cli.console import print_plan_import

    plan = read_action_plan(file, settings_with(db).max_file_bytes)
    with opened_store(db) as store:
        result = import_plan(store, plan, council, by)
    print_plan_import(result)


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
    from graph.plans.actions import link_action
    from graph.reads.actions import council_actions
    from peergraph.cli.console import print_unlinked

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
        from graph.plans.loader import recommendation_refs
        from importers.plan_linking import RecommendationRef

        unlinked = [a for a in council_actions(store, council) if not a.recommendation_id]
        refs: list[RecommendationRef] = recommendation_refs(store, council)
    print_unlinked(unlinked, refs)


@user_errors
def plan_template(
    council: Annotated[str, typer.Option("--council", help="The council's id (ONS code)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write")],
    db: DbOption = None,
) -> None:
    """Write an action-plan workbook pre-filled with the council's latest recommendations."""
    from graph.plans.sheets import write_plan_template

    with opened_store(db, read_only=True) as store:
        rows = write_plan_template(store, council, output)
    typer.echo(f"wrote {output} with {rows} recommendations to plan against")


@user_errors
def export_plan(
    council: Annotated[str, typer.Option("--council", help="The council's id (ONS code)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write")],
    db: DbOption = None,
) -> None:
    """Write the council's action plan as it stands, with a History sheet of every change."""
    from graph.plans.sheets import write_plan_export

    with opened_store(db, read_only=True) as store:
        rows = write_plan_export(store, council, output)
    typer.echo(f"wrote {output} with {rows} actions")
