"""A store held by a running `peergraph serve`, used through its control socket (graph/store/control.py).

`open_store` hands one out when the embedded store is held by a live server for the same
store, so commands run unchanged while the server stays the one writer: reads and user queries
go over the socket, and `write(work)` runs `work` here with every statement sent into one
transaction on the server, committed when `work` returns and rolled back when it raises.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from graph.store.base import GraphStore, Params, Row
from graph.store.control import ServingFile
from graph.store.queries import EMBEDDED, Query
from graph.store.read_only import check_read_only
from peergraph.core.errors import PeergraphError, StoreError, UserQueryError

T = TypeVar("T")
_ERRORS: dict[str, type[PeergraphError]] = {"UserQueryError": UserQueryError}


class _Connection:
    """One socket to the server, one JSON line out and one back at a time."""

    def __init__(self, serving: ServingFile, db: str) -> None:
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._socket.connect(serving.socket)
        except OSError as error:
            self._socket.close()
            raise StoreError(
                f"the store at {db} is held by peergraph serve (pid {serving.pid}), but its control "
                f"socket does not answer ({error.strerror}); stop that server, or wait for it to start"
            ) from None
        self._file = self._socket.makefile("rwb")
        self._db = db
        self._lock = threading.Lock()
        self.call({"op": "hello", "token": serving.token, "protocol": serving.protocol})

    def send(self, request: dict[str, Any]) -> None:
        self._file.write(json.dumps(request, ensure_ascii=False, default=str).encode() + b"\n")
        self._file.flush()

    def receive(self) -> dict[str, Any]:
        line = self._file.readline()
        if not line:
            raise StoreError(f"peergraph serve holding {self._db} closed the connection")
        reply: dict[str, Any] = json.loads(line)
        if "error" in reply:
            kind, message = reply["error"]["kind"], reply["error"]["message"]
            if kind == "StatementError":
                raise RuntimeError(message)
            raise _ERRORS.get(kind, StoreError)(message)
        return reply

    def call(self, request: dict[str, Any]) -> dict[str, Any]:
        self.send(request)
        return self.receive()

    def close(self) -> None:
        self._file.close()
        self._socket.close()


class _RemoteTx:
    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    def run(self, query: Query, params: Params | None = None) -> list[Row]:
        reply = self._connection.call(
            {"op": "run", "cypher": query.for_backend(EMBEDDED), "params": dict(params or {})}
        )
        rows: list[Row] = reply["rows"]
        return rows


class RemoteStore(GraphStore):
    """The embedded store a server holds, through its control socket."""

    backend = EMBEDDED

    def __init__(self, serving: ServingFile, db: str, *, read_only: bool = False) -> None:
        self.location = db
        self.serving = serving
        self.read_only = read_only
        self._connection = _Connection(serving, db)
        self._lock = threading.Lock()

    def read(self, query: Query, params: Params | None = None) -> list[Row]:
        with self._lock:
            reply = self._connection.call(
                {"op": "read", "cypher": query.for_backend(EMBEDDED), "params": dict(params or {})}
            )
        rows: list[Row] = reply["rows"]
        return rows

    def write(self, work: Callable[[Any], T]) -> T:
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")
        with self._lock:
            self._connection.call({"op": "begin"})
            try:
                result = work(_RemoteTx(self._connection))
            except BaseException:
                with contextlib.suppress(OSError, StoreError):  # the socket may be gone: so is the tx
                    self._connection.call({"op": "rollback"})
                raise
            if not self._connection.call({"op": "commit"}).get("committed"):
                raise StoreError(f"the server holding {self.location} rolled the transaction back")
            return result

    def run_cypher(self, cypher: str, params: Params | None = None, *, write: bool = False) -> list[Row]:
        if write and self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")
        if not write:
            check_read_only(cypher)  # the server checks again: it trusts no client
        with self._lock:
            try:
                reply = self._connection.call(
                    {"op": "cypher", "cypher": cypher, "params": dict(params or {}), "write": write}
                )
            except RuntimeError as error:
                raise UserQueryError(str(error)) from None
        rows: list[Row] = reply["rows"]
        return rows

    def create_schema(self) -> None:
        """The server that holds the store keeps its schema."""

    def close(self) -> None:
        self._connection.close()
