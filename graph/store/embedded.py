"""The embedded store: LadybugDB, an on-disk graph database queried in Cypher, with no server.

LadybugDB lets one process open a database for writing; a second process gets a clear
"in use" error rather than a corrupt file. Within a process each thread has its own
connection, and LadybugDB serialises write transactions.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import ladybug

from graph.store import GraphStore, Params, Row, plain
from graph.store.model import NODE_TYPES, REL_TYPES
from graph.store.queries import EMBEDDED, Query
from graph.store.read_only import check_read_only
from peergraph.core.errors import StoreError, UserQueryError

T = TypeVar("T")


_TYPE_ALIASES = {"BOOLEAN": "BOOL"}  # the model's spelling -> what table_info reports
_UNWIND = re.compile(r"UNWIND \$(\w+) AS (\w+)")


def bind_nulls(cypher: str, params: Params) -> tuple[str, dict[str, Any]]:
    """Replace null parameters, and fields null in every row, with a literal NULL.

    LadybugDB types parameters from their values: a null scalar comes out as BOOL, and a field
    that is null in every row of a list-of-maps as STRING, neither of which it will compare with
    or cast to other types. A literal NULL has no such problem, and means the same.
    """
    bound = dict(params)
    aliases = {name: alias for name, alias in _UNWIND.findall(cypher)}
    for name, value in params.items():
        if value is None:  # a null parameter would be typed BOOL; a literal NULL has no type to clash
            cypher = re.sub(rf"\${re.escape(name)}\b", "NULL", cypher)
            bound.pop(name)
            continue
        if isinstance(value, dict):
            value, prefix = [value], f"${name}"
        elif isinstance(value, list) and value and all(isinstance(row, dict) for row in value):
            prefix = aliases.get(name, "")
        else:
            continue
        if not prefix:
            continue
        rows: list[dict[str, Any]] = value
        null_paths = _null_paths(rows)
        for path in null_paths:
            cypher = re.sub(rf"{re.escape(prefix)}\.{re.escape('.'.join(path))}\b", "NULL", cypher)
        rows = [_without(row, null_paths) for row in rows] if null_paths else rows
        bound[name] = rows[0] if isinstance(params[name], dict) else rows
    return cypher, bound


def _null_paths(rows: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for key in dict.fromkeys(key for row in rows for key in row):
        values = [row.get(key) for row in rows]
        if all(v is None or v == {} for v in values):  # LadybugDB cannot bind an empty map either
            paths.append((key,))
        elif all(isinstance(v, dict) for v in values):
            paths += [(key, *inner) for inner in _null_paths(values)]  # type: ignore[arg-type]
    return paths


def _without(row: dict[str, Any], paths: list[tuple[str, ...]]) -> dict[str, Any]:
    kept = dict(row)
    for path in paths:
        if len(path) == 1:
            kept.pop(path[0], None)
        elif isinstance(kept.get(path[0]), dict):
            kept[path[0]] = _without(kept[path[0]], [path[1:]])
    return kept


def _execute(connection: ladybug.Connection, cypher: str, params: Params | None) -> list[Row]:
    with _pool_errors():
        return _rows(connection.execute(*bind_nulls(cypher, params or {})))


POOL_FULL = (
    "the embedded store's buffer pool is full: PEERGRAPH_BUFFER_POOL_MB caps it below what this store "
    "needs; raise it, or set 0 for LadybugDB's default (80% of RAM)"
)


@contextlib.contextmanager
def _pool_errors() -> Iterator[None]:
    """LadybugDB's "buffer pool is full" (a cap set too low) as one line naming the setting."""
    try:
        yield
    except RuntimeError as error:
        if "buffer pool is full" not in str(error):
            raise
        if "committed successfully" in str(error):
            raise StoreError(
                f"{POOL_FULL} (the last write is saved; the checkpoint after it failed)"
            ) from None
        raise StoreError(POOL_FULL) from None


class _EmbeddedTx:
    def __init__(self, connection: ladybug.Connection) -> None:
        self._connection = connection

    def run(self, query: Query, params: Params | None = None) -> list[Row]:
        return _execute(self._connection, query.for_backend(EMBEDDED), params)


def _rows(result: Any) -> list[Row]:
    if isinstance(result, list):  # several statements: the last one's rows
        result = result[-1]
    columns = result.get_column_names()
    rows = []
    while result.has_next():
        rows.append({column: plain(value) for column, value in zip(columns, result.get_next(), strict=True)})
    return rows


MB = 1024 * 1024
LOADING_POOL_MB = 1024
"""The buffer pool a bulk import loads with, unless PEERGRAPH_BUFFER_POOL_MB sets one (or four times
the database's size on disk, if more). LadybugDB's default, 80% of RAM, pays for its frames' records
up front: 37 MB more at open on a 24 GB machine. 500 synthetic reports use 158 MB on disk; a pool of
160 MB failed their checkpoint, 256 MB did not."""


class EmbeddedStore(GraphStore):
    backend = EMBEDDED

    def __init__(self, path: Path, *, read_only: bool = False, buffer_pool_mb: int = 0) -> None:
        self.path = Path(path).expanduser()
        self.location = str(self.path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no peergraph store at {self.path}; import reports first (peergraph import)")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._buffer_pool_mb = buffer_pool_mb
        self._loading_in_bulk = False
        self._database: ladybug.Database | None = None
        self._database = self._open_database()
        self._local = threading.local()
        self._connections: list[ladybug.Connection] = []
        self._connections_lock = threading.Lock()
        self._write_lock = threading.Lock()

    def _connection(self) -> ladybug.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            if self._database is None:
                raise StoreError(f"the store at {self.path} is closed")
            connection = ladybug.Connection(self._database)
            self._local.connection = connection
            with self._connections_lock:
                self._connections.append(connection)
        return connection

    def read(self, query: Query, params: Params | None = None) -> list[Row]:
        return _execute(self._connection(), query.for_backend(EMBEDDED), params)

    def write(self, work: Callable[[Any], T]) -> T:
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")
        connection = self._connection()
        with self._write_lock:
            connection.execute("BEGIN TRANSACTION")
            try:
                result = work(_EmbeddedTx(connection))
            except BaseException:
                with contextlib.suppress(RuntimeError):  # a failed statement has already rolled back
                    connection.execute("ROLLBACK")
                raise
            try:
                with _pool_errors():
                    connection.execute("COMMIT")
            finally:
                # Counted even when COMMIT raised: one whose checkpoint failed still committed, and a
                # spare count only makes readers refresh their caches.
                self.generation += 1
            return result

    def run_cypher(self, cypher: str, params: Params | None = None, *, write: bool = False) -> list[Row]:
        if write and self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")
        if not write:
            check_read_only(cypher)
        else:
            self.generation += 1
        try:
            return _execute(self._connection(), cypher, params)
        except RuntimeError as error:
            raise UserQueryError(_first_line(error)) from None

    def execute_ddl(self, statement: str) -> None:
        """Run a schema statement (CREATE/ALTER TABLE) outside any transaction."""
        with _pool_errors():
            self._connection().execute(statement)

    def create_schema(self) -> None:
        self.create_tables()

    def has_schema(self) -> bool:
        return "Meta" in self.table_names()

    def schema_gaps(self) -> list[str]:
        return [f"{table}.{name}" for table, name, _ in self.missing_columns()]

    def create_tables(self) -> None:
        """Create the model's tables, and add the columns a table made by an earlier build lacks."""
        existing = self.table_names()
        for node in NODE_TYPES:
            if node.label not in existing:
                columns = ", ".join(f"{name} {kind}" for name, kind in node.properties.items())
                self.execute_ddl(f"CREATE NODE TABLE {node.label}({columns}, PRIMARY KEY({node.key}))")
        for rel in REL_TYPES:
            if rel.name not in existing:
                parts = [f"FROM {source} TO {target}" for source, target in rel.pairs]
                parts += [f"{name} {kind}" for name, kind in rel.properties.items()]
                self.execute_ddl(f"CREATE REL TABLE {rel.name}({', '.join(parts)})")
        for table, name, kind in self.missing_columns():
            self.execute_ddl(f"ALTER TABLE {table} ADD {name} {kind}")

    def missing_columns(self) -> list[tuple[str, str, str]]:
        """(table, column, type) the model has and this store's existing tables lack.

        Raises StoreError for a column whose type differs: that store is not ours to change.
        """
        existing = self.table_names()
        tables = [(node.label, node.properties) for node in NODE_TYPES]
        tables += [(rel.name, rel.properties) for rel in REL_TYPES]
        missing = []
        for table, properties in tables:
            if table not in existing:
                continue
            info = self._connection().execute(f"CALL table_info('{table}') RETURN name, type")
            present = {row["name"]: row["type"] for row in _rows(info)}
            for name, kind in properties.items():
                if name not in present:
                    missing.append((table, name, kind))
                elif present[name] != _TYPE_ALIASES.get(kind, kind):
                    raise StoreError(
                        f"the store at {self.location} has {table}.{name} of type {present[name]}, not "
                        f"{kind}: it was made by an incompatible peergraph; export it with that version, "
                        "or delete it"
                    )
        return missing

    def table_names(self) -> set[str]:
        return {row["name"] for row in _rows(self._connection().execute("CALL show_tables() RETURN name"))}

    def _open_database(self) -> ladybug.Database:
        try:
            # LadybugDB's default buffer pool is 80% of RAM, which the process then grows into as
            # it reads; a cap keeps an import's memory flat in the number of reports.
            return ladybug.Database(
                str(self.path),
                read_only=self.read_only,
                buffer_pool_size=self._buffer_pool_bytes(),
                max_num_threads=1 if self._loading_in_bulk else 0,  # 0: LadybugDB's, one per core
            )
        except RuntimeError as error:
            raise StoreError(_explain_open_error(self.path, error)) from None

    def release_memory(self) -> None:
        """Close the database and open it again, which gives back the pages and buffers it has grown
        into: a bulk import does it every 100 reports (graph/reports/bulk.py). Not while another
        thread has a connection (a server's), whose query closing the database would cut short:
        then it does nothing."""
        with self._write_lock, self._connections_lock:
            mine = getattr(self._local, "connection", None)
            if any(connection is not mine for connection in self._connections):
                return
        with self._write_lock:
            self.close()
            self._database = self._open_database()

    def _buffer_pool_bytes(self) -> int:
        if self._buffer_pool_mb > 0:
            return self._buffer_pool_mb * MB
        if not self._loading_in_bulk:
            return 0  # LadybugDB's default
        on_disk = sum(
            path.stat().st_size for path in self.path.parent.glob(f"{self.path.name}*") if path.is_file()
        )
        return max(LOADING_POOL_MB * MB, 4 * on_disk)

    @contextlib.contextmanager
    def loading_in_bulk(self) -> Iterator[None]:
        """The database reopened for a bulk import's loading, and as it was after: one thread, and
        a buffer pool of LOADING_POOL_MB unless one is set. One writer gains nothing from more
        threads, and theirs added 34 MB to the peak of loading 500 reports (benchmarks.release_memory:
        582 against 548 MB, in the same time); the pool's size another 36 (512 MB). Like
        `release_memory`, it does nothing while another thread has a connection (a server's)."""
        self._loading_in_bulk = True
        self.release_memory()
        try:
            yield
        finally:
            self._loading_in_bulk = False
        self.release_memory()

    def close(self) -> None:
        """Close every thread's connection before the database: LadybugDB needs that order."""
        for connection in self._connections:
            connection.close()
        self._connections.clear()
        self._local = threading.local()
        database = getattr(self, "_database", None)
        if database is not None:
            database.close()
            self._database = None


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def lock_holder(path: Path) -> str | None:
    """The process holding the store's file lock, as "pid N (command line)", from /proc/locks (Linux)."""
    try:
        inode = path.stat().st_ino
        locks = Path("/proc/locks").read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return None
    for line in locks:
        fields = line.split()
        if len(fields) >= 6 and fields[5].rsplit(":", 1)[-1] == str(inode) and fields[4].isdigit():
            pid = int(fields[4])
            if pid == os.getpid():
                continue
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
            except OSError:
                command = ""
            return f"pid {pid}" + (f" ({command[:120]})" if command else "")
    return None


def _explain_open_error(path: Path, error: RuntimeError) -> str:
    message = _first_line(error)
    if "lock" in message.lower():
        holder = lock_holder(path) or "another process"
        return (
            f"the store at {path} is in use by {holder}; wait for it to finish or stop it "
            "(a `peergraph serve` on this store lets other commands in: start it after this one ends)"
        )
    return f"cannot open the store at {path}: {message}"
