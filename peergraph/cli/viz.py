"""`peergraph viz`: write the interactive graph views as self-contained HTML files.

Each command is a thin layer over a function in `viz.graph_views`; the file opens offline in
any browser (vis-network is inlined, nothing is fetched).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from peergraph.cli.support import DbOption, opened_store, user_errors

viz_app = typer.Typer(
    help="Interactive graph views as self-contained HTML files (open offline in a browser).",
    no_args_is_help=True,
)

OutputOption = Annotated[Path, typer.Option("--output", "-o", help="The .html file to write")]


def _write(output: Path, db: Path | None, view: Callable[..., str], *args: object) -> None:
    with opened_store(db, read_only=True) as store:
        page = view(store, *args)
    output.write_text(page, encoding="utf-8")
    typer.echo(f"wrote {output}")


@viz_app.command("trace")
@user_errors
def trace(
    recommendation_id: Annotated[str, typer.Argument(help="The recommendation's id")],
    output: OutputOption,
    db: DbOption = None,
) -> None:
    """A recommendation's trace: review, findings, recommendation, owners and actions by status."""
    from viz.graph_views import trace_view

    _write(output, db, trace_view, recommendation_id)


@viz_app.command("council")
@user_errors
def council(
    council_id: Annotated[str, typer.Argument(help="The council's id (ONS code)")],
    output: OutputOption,
    db: DbOption = None,
) -> None:
    """A council's neighbourhood: its reviews, CQC themes, owners and patterns."""
    from viz.graph_views import council_view

    _write(output, db, council_view, council_id)


@viz_app.command("patterns")
@user_errors
def patterns(
    output: OutputOption,
    top: Annotated[
        int, typer.Option(min=0, max=200, help="Patterns to show, most councils first; 0 for all")
    ] = 12,
    region: Annotated[
        str | None, typer.Option(help="Only councils in this region, e.g. 'South West'")
    ] = None,
    db: DbOption = None,
) -> None:
    """The pattern map: the top patterns and the councils that show them, councils coloured by region."""
    from viz.graph_views import pattern_map_view

    _write(output, db, pattern_map_view, top or None, region)


@viz_app.command("peers")
@user_errors
def peers(output: OutputOption, db: DbOption = None) -> None:
    """The peer network: team members linking the councils they reviewed and come from."""
    from viz.graph_views import peer_network_view

    _write(output, db, peer_network_view)
