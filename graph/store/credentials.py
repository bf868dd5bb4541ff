"""Who may use the service: API keys (and, beside them, accounts and sessions) in a small SQLite file.

Credentials are not knowledge, so they live apart from the graph:
- a graph backup never carries them, so `restore` can never bring back a revoked key;
- SQLite lets many processes write at once, so `peergraph keys create` works while
  `peergraph serve` runs, on either backend;
- sign-ins and sign-outs are frequent small writes that a graph store need not see.

The file sits beside the embedded store (`graph.lbug.auth.sqlite`), or where
`PEERGRAPH_AUTH_DB` says; with Neo4j, in the user data directory. Its tables are created here
and versioned in `meta`; only hashes of secrets are stored.
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from peergraph.core.errors import StoreError
from peergraph.core.settings import Settings

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    role TEXT NOT NULL,
    council_id TEXT,
    label TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS accounts (
    name TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    role TEXT NOT NULL,
    council_id TEXT,
    created_at TEXT NOT NULL,
    disabled_at TEXT
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    account TEXT NOT NULL REFERENCES accounts(name),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    flash TEXT
);
CREATE INDEX IF NOT EXISTS sessions_by_account ON sessions(account);
CREATE TABLE IF NOT EXISTS sign_in_failures (name TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sign_in_failures_by_name ON sign_in_failures(name, at);
"""
VERSION = "2"

Row = dict[str, Any]


def credentials_path(settings: Settings) -> Path:
    """Where the credentials database of the configured store lives."""
    if settings.auth_db is not None:
        return settings.auth_db.expanduser()
    if settings.neo4j_uri:
        return settings.db.expanduser().with_name("auth.sqlite")
    db = settings.db.expanduser()
    return db.with_name(db.name + ".auth.sqlite")


class Credentials:
    """The credentials database: one short connection per call, safe across threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ready = threading.Lock()
        self._created = False

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the credentials database {self.path}: {error}") from None
        connection.row_factory = sqlite3.Row
        try:
            connection.execute("PRAGMA busy_timeout = 30000")
            with self._ready:
                if not self._created:
                    connection.execute("PRAGMA journal_mode = WAL")
                    connection.executescript(SCHEMA)
                    connection.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (VERSION,))
                    # The key that signs CSRF tokens; made once, never leaves this file.
                    connection.execute(
                        "INSERT OR IGNORE INTO meta VALUES ('signing_key', ?)", (secrets.token_hex(32),)
                    )
                    self.path.chmod(0o600)
                    self._created = True
            yield connection
        except sqlite3.Error as error:
            raise StoreError(f"the credentials database {self.path} failed: {error}") from None
        finally:
            connection.close()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._connect() as connection:
            return [dict(row) for row in connection.execute(sql, params).fetchall()]

    def signing_key(self) -> bytes:
        """The server's secret for signing CSRF tokens, shared by every process on this file."""
        return bytes.fromhex(self.query("SELECT value FROM meta WHERE key = 'signing_key'")[0]["value"])

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one change in its own transaction; returns the rows it changed."""
        with self._connect() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                changed = connection.execute(sql, params).rowcount
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
            return changed


def open_credentials(settings: Settings) -> Credentials:
    return Credentials(credentials_path(settings))
