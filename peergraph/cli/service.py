"""Running peergraph as a service: `serve`, and `demo` (import the examples, then serve them)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from peergraph.cli.support import DbOption, settings_with, user_errors


@user_errors
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
) -> None:
    """Run the web service (JSON API, OpenAPI docs at /docs) under uvicorn."""
    from api.app import serve as run_server

    def announce(url: str) -> None:
        typer.echo(f"peergraph: serving on {url} (API docs at /docs); Ctrl-C stops", err=True)

    run_server(settings_with(db), host, port, announce=announce)


@user_errors
def demo(
    db: DbOption = None,
    reports: Annotated[
        Path | None,
        typer.Option(
            "--reports", help="Folder of reports (default: PEERGRAPH_REPORTS, else the built-in examples)"
        ),
    ] = None,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the result on --port")] = True,
    port: Annotated[int, typer.Option(help="Port to serve on")] = 8000,
) -> None:
    """Import the example reports (or PEERGRAPH_REPORTS) into a demo store, show them, and serve them."""
    from peergraph.cli.demo import run_demo

    run_demo(settings_with(db), reports, serve=serve, port=port)
