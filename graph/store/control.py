"""Share an embedded store a server holds: a local control socket other peergraph processes use.

LadybugDB lets one process open a database for writing. While `peergraph serve` holds the
embedded store, every other command (`import`, `keys create`, `tag`, even `stats`) would get
"in use". Instead the server listens on a Unix socket, and those commands run their reads and
transactions through it (graph/store/remote.py), so the server stays the one writer and
nothing else changes for them.

The socket is machine-local: it sits in a folder only the server's user may enter, the socket
itself is mode 0600, and a client must also present the token that the server writes to the
serving file beside the store (mode 0600). The protocol is one JSON object per line. A client
connection runs one statement at a time; `begin` opens a write transaction that holds the
store's write lock on that connection's thread until `commit` or `rollback`, and a client that
goes away mid-transaction has it rolled back. Readers on other connections never see it half done.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import socketserver
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from graph.store.base import GraphStore, Row, Tx
from graph.store.queries import Query
from peergraph.core.errors import PeergraphError, StoreError

PROTOCOL = 1
MAX_LINE = 256 * 1024 * 1024
"""The longest request a client may send (a review's text and rows fit well inside)."""


@dataclass(frozen=True)
class ServingFile:
    """What a running server tells other processes about itself, beside the store it holds."""

    pid: int
    socket: str
    token: str
    url: str
    protocol: int = PROTOCOL


def serving_file_path(db: Path) -> Path:
    return db.with_name(db.name + ".serving.json")


def socket_path(db: Path) -> Path:
    """A short socket path (a Unix socket's path is limited to about 100 bytes), private to this user."""
    folder = Path(tempfile.gettempdir()) / f"peergraph-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    digest = hashlib.sha256(str(db.resolve()).encode()).hexdigest()[:16]
    return folder / f"{digest}.sock"


def read_serving_file(db: Path) -> ServingFile | None:
    """The serving file of a live server for `db`, or None (no file, or its process is gone)."""
    path = serving_file_path(db)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        serving = ServingFile(**data)
    except (OSError, ValueError, TypeError):
        return None
    return serving if process_alive(serving.pid) else None


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _error(error: BaseException) -> dict[str, Any]:
    if isinstance(error, PeergraphError):
        return {"error": {"kind": type(error).__name__, "message": str(error)}}
    # A statement the database refused: its first line, as the embedded store reports it.
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return {"error": {"kind": "StatementError", "message": message}}


class _Handler(socketserver.StreamRequestHandler):
    server: _ControlSocketServer

    def _send(self, payload: dict[str, Any]) -> None:
        self.wfile.write(json.dumps(payload, ensure_ascii=False).encode() + b"\n")
        self.wfile.flush()

    def _receive(self) -> dict[str, Any] | None:
        line = self.rfile.readline(MAX_LINE + 1)
        if not line:
            return None
        if len(line) > MAX_LINE:
            raise StoreError("control request too long")
        request = json.loads(line)
        if not isinstance(request, dict):
            raise StoreError("control request is not an object")
        return request

    def handle(self) -> None:
        hello = self._receive()
        if (
            not hello
            or hello.get("op") != "hello"
            or not secrets.compare_digest(str(hello.get("token", "")), self.server.token)
        ):
            self._send({"error": {"kind": "StoreError", "message": "not a peergraph client of this server"}})
            return
        store = self.server.store
        self._send({"ok": True, "protocol": PROTOCOL, "backend": store.backend, "location": store.location})
        while (request := self._receive()) is not None:
            op = request.get("op")
            try:
                if op == "read":
                    self._send(
                        {"rows": store.read(Query("remote", request["cypher"]), request.get("params"))}
                    )
                elif op == "cypher":
                    rows = store.run_cypher(
                        request["cypher"], request.get("params"), write=bool(request.get("write"))
                    )
                    self._send({"rows": rows})
                elif op == "begin":
                    self._transaction(store)
                else:
                    self._send({"error": {"kind": "StoreError", "message": f"unknown control op {op!r}"}})
            except Exception as error:
                self._send(_error(error))

    def _transaction(self, store: GraphStore) -> None:
        """Hold one write transaction open for this client until it commits or rolls back."""

        class _Rollback(Exception):
            pass

        def work(tx: Tx) -> None:
            self._send({"ok": True})
            failed = False
            while True:
                request = self._receive()
                if request is None:  # the client went away: undo everything it did
                    raise _Rollback
                op = request.get("op")
                if op == "rollback" or (op == "commit" and failed):
                    raise _Rollback
                if op == "commit":
                    return
                if op != "run" or failed:
                    why = "the transaction failed; roll it back" if failed else f"{op!r} inside a transaction"
                    self._send({"error": {"kind": "StoreError", "message": why}})
                    continue
                try:
                    rows: list[Row] = tx.run(Query("remote", request["cypher"]), request.get("params"))
                except Exception as error:  # the statement failed, and with it the transaction
                    failed = True
                    self._send(_error(error))
                    continue
                self._send({"rows": rows})

        try:
            store.write(work)
        except _Rollback:
            with contextlib.suppress(OSError):
                self._send({"ok": True, "rolled_back": True})
            return
        self._send({"ok": True, "committed": True})


class _ControlSocketServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: str, store: GraphStore, token: str) -> None:
        self.store = store
        self.token = token
        super().__init__(path, _Handler)


@contextlib.contextmanager
def control_socket(store: GraphStore, db: Path, url: str) -> Iterator[ServingFile]:
    """Serve `store` on a private Unix socket while the block runs, and tell others where it is."""
    path = socket_path(db)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # a socket left by a server that was killed
    token = secrets.token_urlsafe(32)
    server = _ControlSocketServer(str(path), store, token)
    os.chmod(path, 0o600)
    serving = ServingFile(pid=os.getpid(), socket=str(path), token=token, url=url)
    file = serving_file_path(db)
    descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(asdict(serving), handle)
    thread = threading.Thread(target=server.serve_forever, name="peergraph-control", daemon=True)
    thread.start()
    try:
        yield serving
    finally:
        server.shutdown()
        server.server_close()
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        with contextlib.suppress(FileNotFoundError):
            file.unlink()
