"""What every command-line module shares: one-line errors, settings with --db, the store, options.

Kept apart from `peergraph.cli` so sub-apps (`viz`, `brief`) can use it without importing the
main app, which imports them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from peergraph.core.errors import PeergraphError
from peergraph.core.settings import Settings, get_settings

if TYPE_CHECKING:
    from graph.store import GraphStore

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


@contextmanager
def opened_store(db: Path | None, *, read_only: bool = False) -> Iterator[GraphStore]:
    """The store for a command: read-only opens change nothing; writable ones bootstrap it first."""
    from graph.store import open_store

    settings = settings_with(db)
    store = open_store(settings, read_only=read_only)
    try:
        if not read_only:
            from graph.reports.reference import bootstrap_store

            bootstrap_store(store, settings)
        yield store
    finally:
        store.close()


DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Embedded store file (default: PEERGRAPH_DB, else the user data directory)"),
]
