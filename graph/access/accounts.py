"""Accounts that people sign in with, and their sessions, in the credentials database beside the keys.

An admin creates each account (`peergraph accounts create`, or the admin page) with one of the
keys' roles, so a signed-in person and a key are the same `Principal` to every check. Passwords
are stored as argon2id hashes (argon2-cffi's defaults, rehashed when those change). A session is
a random 256-bit secret in a cookie; only its SHA-256 is stored, with the account it belongs to,
so disabling an account or changing its role takes effect on the very next request. CSRF tokens
are HMACs of the session (or, before sign-in, of a random cookie) under a key kept in the same
database: nothing to store per form, and no token is valid for another session.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph.access.keys import Principal, Role, check_role
from graph.store import GraphStore
from graph.store.credentials import Credentials, Row
from peergraph.core.errors import ConflictError, NotFoundError, PeergraphError

SESSION_HOURS = 8
MAX_FAILURES, LOCK_MINUTES = 10, 15  # wrong passwords for one name, and how long they count
MIN_PASSWORD = 12
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Session:
    """A signed-in visitor: who they act as, the session's stored id, and a message to show once."""

    principal: Principal
    session_id: str
    flash: str | None = None


def session_id(secret: str) -> str:
    """The stored id of the session whose cookie holds `secret`."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def create_account(
    credentials: Credentials,
    name: str,
    password: str,
    role: Role,
    council_id: str | None = None,
    *,
    store: GraphStore | None = None,
) -> None:
    """Add an account; `store` is read only to check a council editor's council."""
    if not NAME.match(name):
        raise PeergraphError(
            f"name {name!r}: use 2-64 lower-case letters, digits, dots, dashes or underscores"
        )
    if len(password) < MIN_PASSWORD:
        raise PeergraphError(f"password: use at least {MIN_PASSWORD} characters")
    check_role(role, council_id, store, "account")
    if credentials.query("SELECT 1 FROM accounts WHERE name = ?", (name,)):
        raise ConflictError(f"name: an account called {name!r} already exists")
    credentials.execute(
        "INSERT INTO accounts (name, hash, role, council_id, created_at) VALUES (?, ?, ?, ?, ?)",
        (name, _hasher.hash(password), role.value, council_id, _now().isoformat(timespec="seconds")),
    )


def list_accounts(credentials: Credentials) -> list[Row]:
    return credentials.query(
        "SELECT name, role, council_id, created_at, disabled_at FROM accounts ORDER BY created_at, name"
    )


def disable_account(credentials: Credentials, name: str) -> None:
    """Disable an account and end its sessions at once."""
    if not credentials.execute(
        "UPDATE accounts SET disabled_at = ? WHERE name = ? AND disabled_at IS NULL",
        (_now().isoformat(timespec="seconds"), name),
    ):
        raise NotFoundError(f"no active account called {name!r}")
    credentials.execute("DELETE FROM sessions WHERE account = ?", (name,))


def _principal(row: Row) -> Principal:
    return Principal(key_id="", role=Role(row["role"]), council_id=row["council_id"], account=row["name"])


def check_password(credentials: Credentials, name: str, password: str) -> Principal | None:
    """The account's principal if the password is right and the account active, else None."""
    rows = credentials.query(
        "SELECT name, hash, role, council_id FROM accounts WHERE name = ? AND disabled_at IS NULL", (name,)
    )
    stored = rows[0]["hash"] if rows else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if not rows:
        return None
    if _hasher.check_needs_rehash(stored):
        credentials.execute("UPDATE accounts SET hash = ? WHERE name = ?", (_hasher.hash(password), name))
    return _principal(rows[0])


def sign_in_locked(credentials: Credentials, name: str) -> bool:
    """Whether `name` has had MAX_FAILURES wrong sign-ins in the last LOCK_MINUTES (guessing slowed)."""
    since = (_now() - timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds")
    rows = credentials.query(
        "SELECT count(*) AS n FROM sign_in_failures WHERE name = ? AND at > ?", (name[:200], since)
    )
    return int(rows[0]["n"]) >= MAX_FAILURES


def record_sign_in(credentials: Credentials, name: str, *, succeeded: bool) -> None:
    if succeeded:
        credentials.execute("DELETE FROM sign_in_failures WHERE name = ?", (name[:200],))
    else:
        credentials.execute(
            "INSERT INTO sign_in_failures VALUES (?, ?)", (name[:200], _now().isoformat(timespec="seconds"))
        )


def start_session(credentials: Credentials, name: str) -> str:
    """A new session for the account; returns the secret for the cookie (only its hash is kept)."""
    secret = secrets.token_urlsafe(32)
    now = _now()
    credentials.execute("DELETE FROM sessions WHERE expires_at <= ?", (now.isoformat(timespec="seconds"),))
    credentials.execute(
        "INSERT INTO sessions (id, account, created_at, expires_at) VALUES (?, ?, ?, ?)",
        (
            session_id(secret),
            name,
            now.isoformat(timespec="seconds"),
            (now + timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds"),
        ),
    )
    return secret


def find_session(credentials: Credentials, secret: str, *, take_flash: bool = False) -> Session | None:
    """The live session this cookie secret opens, or None (unknown, expired, or account disabled)."""
    if not secret or len(secret) > 200:
        return None
    stored_id = session_id(secret)
    rows = credentials.query(
        "SELECT s.expires_at, s.flash, a.name, a.role, a.council_id FROM sessions s "
        "JOIN accounts a ON a.name = s.account WHERE s.id = ? AND a.disabled_at IS NULL",
        (stored_id,),
    )
    if not rows or datetime.fromisoformat(rows[0]["expires_at"]) <= _now():
        return None
    flash = rows[0]["flash"]
    if take_flash and flash is not None:
        credentials.execute("UPDATE sessions SET flash = NULL WHERE id = ?", (stored_id,))
    return Session(_principal(rows[0]), stored_id, flash)


def end_session(credentials: Credentials, stored_id: str) -> None:
    credentials.execute("DELETE FROM sessions WHERE id = ?", (stored_id,))


def set_flash(credentials: Credentials, stored_id: str, message: str) -> None:
    """Keep a message for the session's next page (post, redirect, get)."""
    credentials.execute("UPDATE sessions SET flash = ? WHERE id = ?", (message[:2000], stored_id))


def csrf_token(credentials: Credentials, binding: str) -> str:
    """The form token bound to a session id (or a pre-sign-in nonce): an HMAC, never stored."""
    return hmac.new(credentials.signing_key(), f"csrf:{binding}".encode(), hashlib.sha256).hexdigest()


def csrf_ok(credentials: Credentials, binding: str, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(csrf_token(credentials, binding), token or "")
