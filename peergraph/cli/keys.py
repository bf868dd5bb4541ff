"""`peergraph keys …`: API keys for the web service, created, listed and revoked."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from peergraph.cli.support import DbOption, opened_store, settings_with, user_errors
from peergraph.core.errors import PeergraphError

keys_app = typer.Typer(
    help="API keys: create, list and revoke (stored hashed in the credentials database beside the store).",
    no_args_is_help=True,
)


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
    from graph.access.keys import Role, create_key
    from graph.store.credentials import open_credentials

    try:
        chosen = Role(role)
    except ValueError:
        raise PeergraphError(f"--role {role!r}: expected reader, council_editor or admin") from None
    credentials = open_credentials(settings_with(db))
    if chosen is Role.COUNCIL_EDITOR:  # the council must be one the store knows
        with opened_store(db) as store:
            key_id, token = create_key(credentials, chosen, council, label, store=store)
    else:
        key_id, token = create_key(credentials, chosen, council, label)
    typer.echo(token)
    typer.echo(
        f"key {key_id} ({chosen}{', ' + council if council else ''}): store it now, it is not shown again",
        err=True,
    )


@keys_app.command("list")
@user_errors
def keys_list(db: DbOption = None) -> None:
    """List keys (never their secrets)."""
    from graph.access.keys import list_keys
    from graph.store.credentials import open_credentials

    for row in list_keys(open_credentials(settings_with(db))):
        typer.echo(json.dumps(row, ensure_ascii=False))


@keys_app.command("revoke")
@user_errors
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id")], db: DbOption = None) -> None:
    """Revoke a key: requests with it get 401 from then on."""
    from graph.access.keys import revoke_key
    from graph.store.credentials import open_credentials

    revoke_key(open_credentials(settings_with(db)), key_id)
    typer.echo(f"revoked {key_id}")
