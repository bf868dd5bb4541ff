"""`peergraph import-cqc FILE...`: load CQC's assessments of councils into the graph.

Registered in `peergraph/cli/__init__.py` as `app.command("import-cqc")(import_cqc_command)`; a thin
layer over `graph.cqc.loader.import_cqc_files`, printing a table like `peergraph import`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from peergraph.cli.support import DbOption, opened_store, settings_with, user_errors
from peergraph.core.errors import PeergraphError

if TYPE_CHECKING:  # the loader pulls in every format reader: imported when a CQC command runs
    from graph.cqc.loader import CqcImportSummary


def print_cqc_import(summary: CqcImportSummary) -> None:
    from graph.cqc.loader import CqcStatus
    from peergraph.cli.console import stdout

    table = Table(title="CQC import", title_justify="left")
    for column in (
        "file",
        "status",
        "shape",
        "council",
        "published",
        "rating",
        "score",
        "statements",
        "key findings",
        "reason",
    ):
        table.add_column(
            column, justify="right" if column in ("score", "statements", "key findings") else "left"
        )
    for outcome in summary.outcomes:
        skipped = outcome.status is CqcStatus.SKIPPED
        councils = outcome.councils[0] if len(outcome.councils) == 1 else f"{len(outcome.councils)} councils"
        table.add_row(
            outcome.source,
            f"[red]{outcome.status}[/red]" if skipped else str(outcome.status),
            outcome.shape or "",
            "" if skipped else councils,
            outcome.published or "",
            outcome.rating or "",
            "" if outcome.score is None else str(outcome.score),
            "" if skipped else str(outcome.statement_scores),
            "" if skipped else str(outcome.key_findings),
            outcome.reason or "",
        )
    stdout.print(table)
    loaded = [o for o in summary.outcomes if o.status is not CqcStatus.SKIPPED]
    stdout.print(
        f"{len(loaded)} CQC files in the store from this run "
        f"({len({a for o in loaded for a in o.assessments})} assessments, {sum(o.statement_scores for o in loaded)} "
        f"statement scores, {sum(o.key_findings for o in loaded)} key findings); {len(summary.failed)} files skipped"
    )


@user_errors
def import_cqc_command(
    paths: Annotated[
        list[Path],
        typer.Argument(help="CQC pages (.html, .txt, .md), press releases, CSVs, or folders of them"),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date (YYYY-MM-DD) for a quality statement page that prints none "
            "(default: the council's latest assessment in the store)",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Import CQC assessment results: one transaction per file; bad files are listed and skipped."""
    from graph.cqc.loader import cqc_files, import_cqc_files
    from importers.councils import councils_for
    from peergraph.cli.console import import_progress

    when = None
    if published is not None:
        try:
            when = date.fromisoformat(published)
        except ValueError:
            raise PeergraphError(f"--published {published!r}: expected a date like 2024-05-17") from None
    settings = settings_with(db)
    files = list(cqc_files(paths))
    councils = councils_for(paths, settings.extra_council_files)
    with opened_store(db) as store, import_progress(len(files)) as advance:
        summary = import_cqc_files(
            store,
            files,
            settings.max_file_bytes,
            councils,
            on_file=lambda path, _: advance(path, None),  # type: ignore[arg-type]
            published=when,
        )
    print_cqc_import(summary)
    if summary.failed or not summary.outcomes:
        raise typer.Exit(2)
