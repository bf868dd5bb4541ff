"""API keys: created from the command line, stored hashed in the credentials database, sent as bearer tokens.

A key reads `pg_<id>_<secret>`. Only a SHA-256 of the secret is stored (the secret is 256
random bits, so a fast hash is enough); the id finds the record, and the comparison is
constant-time. Roles: `reader` reads everything, `council_editor` also changes one council's
data, `admin` does everything.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from graph.store import GraphStore
from graph.store import queries as q
from graph.store.credentials import Credentials, Row
from peergraph.core.errors import ForbiddenError, NotFoundError, PeergraphError, UnauthorizedError


class Role(StrEnum):
    READER = "reader"
    COUNCIL_EDITOR = "council_editor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    """Who a request acts for: a key (its id) or a signed-in account (its name), a role, a council."""

    key_id: str
    role: Role
    council_id: str | None = None
    account: str | None = None

    @property
    def actor(self) -> str:
        """How a change records who made it: "key <id>" or "account <name>"."""
        return f"account {self.account}" if self.account else f"key {self.key_id}"

    @property
    def _kind(self) -> str:
        return "account" if self.account else "key"

    def require_council(self, council_id: str) -> None:
        """Allow changes to `council_id`'s data, or raise 403."""
        if self.role is Role.ADMIN:
            return
        if self.role is Role.COUNCIL_EDITOR and self.council_id == council_id:
            return
        if self.role is Role.COUNCIL_EDITOR:
            raise ForbiddenError(
                f"this {self._kind} may change {self.council_id}'s data only, not {council_id}'s"
            )
        raise ForbiddenError(f"this {self._kind} may read only; changes need a council_editor or admin role")

    def require_change(self) -> None:
        """Allow some change (what it touches is checked later), or raise 403 for a reader."""
        if self.role is Role.READER:
            raise ForbiddenError(
                f"this {self._kind} may read only; changes need a council_editor or admin role"
            )

    def require_admin(self) -> None:
        if self.role is not Role.ADMIN:
            raise ForbiddenError(f"this needs an admin {self._kind}")


def check_role(role: Role, council_id: str | None, store: GraphStore | None, what: str) -> None:
    """A council editor belongs to one council the store knows; no other role belongs to one."""
    if role is Role.COUNCIL_EDITOR:
        if not council_id:
            raise PeergraphError(f"--council: a council_editor {what} needs the council's id (ONS code)")
        if store is None or not store.read(q.COUNCIL_BY_ID, {"id": council_id}):
            raise NotFoundError(f"--council: no council with id {council_id!r}")
    elif council_id:
        raise PeergraphError(
            f"--council: only council_editor {what}s belong to a council, not {role} {what}s"
        )


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(
    credentials: Credentials,
    role: Role,
    council_id: str | None = None,
    label: str | None = None,
    *,
    store: GraphStore | None = None,
) -> tuple[str, str]:
    """Store a new key and return (key id, token); the token is shown once and never stored.

    A council editor's key needs `store`, read only to check that its council exists.
    """
    check_role(role, council_id, store, "key")
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    credentials.execute(
        "INSERT INTO api_keys (id, hash, role, council_id, label, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (key_id, _digest(secret), role.value, council_id, label, _now()),
    )
    return key_id, f"pg_{key_id}_{secret}"


def authenticate(credentials: Credentials, token: str) -> Principal:
    """The principal a bearer token stands for; 401 for a malformed, unknown or revoked key."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "pg" or not parts[1] or not parts[2]:
        raise UnauthorizedError("the API key is malformed; expected pg_<id>_<secret>")
    rows = credentials.query(
        "SELECT id, hash, role, council_id, revoked_at FROM api_keys WHERE id = ?", (parts[1],)
    )
    if not rows or not hmac.compare_digest(rows[0]["hash"], _digest(parts[2])):
        raise UnauthorizedError("the API key is not recognised")
    if rows[0]["revoked_at"]:
        raise UnauthorizedError("the API key has been revoked")
    return Principal(rows[0]["id"], Role(rows[0]["role"]), rows[0]["council_id"])


def list_keys(credentials: Credentials) -> list[Row]:
    return credentials.query(
        "SELECT id, role, council_id, label, created_at, revoked_at FROM api_keys ORDER BY created_at, id"
    )


def revoke_key(credentials: Credentials, key_id: str) -> None:
    if not credentials.execute(
        "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (_now(), key_id)
    ):
        raise NotFoundError(f"no active key with id {key_id!r}")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
