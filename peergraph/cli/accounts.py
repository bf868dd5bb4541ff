"""`peergraph accounts …`: accounts people sign in to the web pages with, created by an admin."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from peergraph.cli.support import DbOption, opened_store, settings_with, user_errors
from peergraph.core.errors import PeergraphError

accounts_app = typer.Typer(
    help="Web sign-in accounts: create, list and disable (argon2 hashes in the credentials database).",
    no_args_is_help=True,
)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:  # for scripts: the first line of standard input
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@accounts_app.command("create")
@user_errors
def accounts_create(
    name: Annotated[str, typer.Argument(help="The name to sign in with (lower case)")],
    role: Annotated[str, typer.Option("--role", help="reader, council_editor or admin")],
    council: Annotated[
        str | None, typer.Option("--council", help="Council id (ONS code) for council_editor")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input, not a prompt")
    ] = False,
    db: DbOption = None,
) -> None:
    """Create an account; the password is asked for (twice) and stored only as an argon2 hash."""
    from graph.access.accounts import create_account
    from graph.access.keys import Role
    from graph.store.credentials import open_credentials

    try:
        chosen = Role(role)
    except ValueError:
        raise PeergraphError(f"--role {role!r}: expected reader, council_editor or admin") from None
    password = _read_password(password_stdin)
    credentials = open_credentials(settings_with(db))
    if chosen is Role.COUNCIL_EDITOR:  # the council must be one the store knows
        with opened_store(db) as store:
            create_account(credentials, name, password, chosen, council, store=store)
    else:
        create_account(credentials, name, password, chosen, council)
    typer.echo(
        f"account {name} ({chosen}{', ' + council if council else ''}) created; sign in at /ui/sign-in"
    )


@accounts_app.command("list")
@user_errors
def accounts_list(db: DbOption = None) -> None:
    """List accounts (never their passwords)."""
    from graph.access.accounts import list_accounts
    from graph.store.credentials import open_credentials

    for row in list_accounts(open_credentials(settings_with(db))):
        typer.echo(json.dumps(row, ensure_ascii=False))


@accounts_app.command("disable")
@user_errors
def accounts_disable(
    name: Annotated[str, typer.Argument(help="The account's name")], db: DbOption = None
) -> None:
    """Disable an account: its sessions end and it cannot sign in again."""
    from graph.access.accounts import disable_account
    from graph.store.credentials import open_credentials

    disable_account(open_credentials(settings_with(db)), name)
    typer.echo(f"disabled {name}")
