"""Sentence vectors kept on disk between runs, so a sentence is encoded once per model.

A small SQLite file beside the store holds one row per (model, text hash): the float32 vector
as bytes, exactly what the model returned, so a cached vector gives the same tags as a fresh
one. It is bounded: past `max_rows` the oldest rows go. Whole matrices (the pattern library's
phrasings, keyed by the library's hash and the model) live in a second table. SQLite's WAL
lets an import and a server share the file; a cache that cannot be opened or written is only a
cache, so every failure falls back to encoding.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

FILE_NAME = "embeddings.sqlite"
DEFAULT_MAX_ROWS = 200_000  # about 300 MB of 384-float vectors: every sentence of ~600 reports
_PRUNE_SHARE = 0.1  # when full, drop this share of the oldest rows at once, not one per insert
_SQL_VARIABLES = 500  # keys per IN (...) lookup, under SQLite's parameter limit


class VectorCache:
    """Vectors by text hash for one model, in SQLite at `path` (created on first use)."""

    def __init__(self, path: Path, model_id: str, dimension: int, max_rows: int = DEFAULT_MAX_ROWS) -> None:
        self.path = Path(path)
        self.model_id = model_id
        self.dimension = dimension
        self.max_rows = max_rows
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._broken = False

    def _db(self) -> sqlite3.Connection | None:
        if self._connection is None and not self._broken:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS vectors "
                    "(id INTEGER PRIMARY KEY, model TEXT NOT NULL, key TEXT NOT NULL, vector BLOB NOT NULL, "
                    "UNIQUE (model, key))"
                )
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS matrices (model TEXT NOT NULL, key TEXT NOT NULL, "
                    "rows INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (model, key))"
                )
                connection.commit()
                self._connection = connection
            except (OSError, sqlite3.Error):
                self._broken = True
        return self._connection

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors among `keys` (missing keys are absent from the result)."""
        found: dict[str, np.ndarray] = {}
        with self._lock:
            db = self._db()
            if db is None:
                return found
            unique = list(dict.fromkeys(keys))
            try:
                for start in range(0, len(unique), _SQL_VARIABLES):
                    chunk = unique[start : start + _SQL_VARIABLES]
                    marks = ",".join("?" * len(chunk))
                    rows = db.execute(
                        f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({marks})",
                        [self.model_id, *chunk],
                    )
                    for key, blob in rows:
                        vector = np.frombuffer(blob, dtype=np.float32)
                        if vector.shape == (self.dimension,):
                            found[key] = vector
            except sqlite3.Error:
                return {}
        return found

    def put_many(self, pairs: Iterable[tuple[str, np.ndarray]]) -> None:
        """Store vectors (float32), then drop the oldest rows if the cache is over its bound."""
        rows = [(self.model_id, key, np.asarray(vector, dtype=np.float32).tobytes()) for key, vector in pairs]
        if not rows:
            return
        with self._lock:
            db = self._db()
            if db is None:
                return
            with contextlib.suppress(sqlite3.Error):
                db.executemany("INSERT OR IGNORE INTO vectors (model, key, vector) VALUES (?, ?, ?)", rows)
                count = db.execute("SELECT count(*) FROM vectors").fetchone()[0]
                if count > self.max_rows:
                    drop = count - self.max_rows + int(self.max_rows * _PRUNE_SHARE)
                    db.execute(
                        "DELETE FROM vectors WHERE id IN (SELECT id FROM vectors ORDER BY id LIMIT ?)",
                        (drop,),
                    )
                db.commit()

    def get_matrix(self, key: str) -> np.ndarray | None:
        with self._lock:
            db = self._db()
            if db is None:
                return None
            try:
                row = db.execute(
                    "SELECT rows, data FROM matrices WHERE model = ? AND key = ?", (self.model_id, key)
                ).fetchone()
            except sqlite3.Error:
                return None
        if row is None:
            return None
        matrix = np.frombuffer(row[1], dtype=np.float32)
        if matrix.size != row[0] * self.dimension:
            return None
        return matrix.reshape(row[0], self.dimension)

    def put_matrix(self, key: str, matrix: np.ndarray) -> None:
        data = np.ascontiguousarray(matrix, dtype=np.float32)
        with self._lock:
            db = self._db()
            if db is None:
                return
            with contextlib.suppress(sqlite3.Error):
                db.execute(
                    "INSERT OR REPLACE INTO matrices (model, key, rows, data) VALUES (?, ?, ?, ?)",
                    (self.model_id, key, data.shape[0], data.tobytes()),
                )
                db.commit()

    def count(self) -> int:
        with self._lock:
            db = self._db()
            return 0 if db is None else int(db.execute("SELECT count(*) FROM vectors").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
