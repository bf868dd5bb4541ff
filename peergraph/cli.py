"""The `peergraph` command: thin wrappers over the library functions, one per sub-command.

Errors the user can act on (`PeergraphError`) print as one line on stderr and exit with their
code; nothing here holds logic beyond reading arguments and printing results.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from peergraph.errors import PeergraphError
from peergraph.settings import Settings, get_settings

app = typer.Typer(
    name="peergraph",
    help="A knowledge graph of adult social care peer challenge reports, recommendations and action plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(command: F) -> F:
    """Turn a PeergraphError into one line on stderr and its exit code, with no traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PeergraphError as error:
            typer.echo(f"peergraph: {error}", err=True)
            raise typer.Exit(error.exit_code) from None

    return wrapper  # type: ignore[return-value]


def settings_with(db: Path | None = None) -> Settings:
    settings = get_settings()
    return settings.model_copy(update={"db": db}) if db is not None else settings


DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Embedded store file (default: PEERGRAPH_DB, else the user data directory)"),
]


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
        typer.echo(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    from importers.summary import summarise_report

    typer.echo(summarise_report(report))


@app.command()
@user_errors
def demo(
    reports: Annotated[
        Path | None, typer.Option("--reports", help="Folder of reports (default: PEERGRAPH_REPORTS, else examples/)")
    ] = None,
) -> None:
    """Parse the example reports (or PEERGRAPH_REPORTS) and show what was found in each."""
    from peergraph.demo import run_demo

    run_demo(get_settings(), reports)


if __name__ == "__main__":  # pragma: no cover
    app()
