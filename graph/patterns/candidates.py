"""Candidate patterns from the store, and accepting one into this store's library.

Discovery clusters areas for development across councils (graph/patterns/discovery.py). It takes
seconds on the seeds and minutes at the size of the programme (500 reports, 80,600 sentences), so
it runs in a background process at lower priority, once per data version (a thread of the
server waits for it), and its result is kept on the cache object (the app's state). A reader
waits for it a few seconds at most, then is told it is still being computed. An accepted candidate becomes a Pattern node whose definition (phrasings,
keywords) lives in the graph, and every review is tagged with it at once.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from graph.patterns import discovery
from graph.patterns.catalogue import library, pattern_rows
from graph.patterns.embeddings import get_embedder
from graph.patterns.library import Pattern
from graph.patterns.tags import store_tagger, tag_store, vector_cache_for
from graph.patterns.vector_cache import VectorCache
from graph.store import GraphStore
from graph.store import queries as q
from peergraph.core.errors import BadRequestError, NotFoundError, PeergraphError
from peergraph.core.settings import Settings

_LOCK = threading.Lock()


def _version(store: GraphStore) -> tuple[Any, ...]:
    row = store.read(q.DATA_VERSION)[0]
    patterns = len(store.read(q.PATTERN_LIST))
    return (store.location, row["reviews"], row["latest"], row["findings"], patterns)


def _discovery_input(
    store: GraphStore, settings: Settings
) -> tuple[list[discovery.DiscoveryItem], list[Pattern]]:
    """Everything discovery reads from the store: the items to cluster and the library in force."""
    items = [
        discovery.DiscoveryItem(
            key=row["id"],
            text=row["text"],
            council_id=row["council_id"],
            council=row["council"],
            region=row["region"],
            polarity=row["polarity"],
        )
        for row in store.read(q.DISCOVERY_ITEMS)
    ]
    return items, library(store, settings)


DISCOVERY_NICENESS = 10
"""How far below the server the discovery process runs: reads come first on a busy machine."""


def _discover(
    items: list[discovery.DiscoveryItem], patterns: list[Pattern], store: GraphStore, settings: Settings
) -> list[discovery.Candidate]:
    """Discovery in a child process at lower priority; the result comes back through a pipe.

    In a thread of the server it held the GIL and both cores for minutes at 500 reports (over 13
    minutes, 1 GB), and every read waited behind it. The child gets no store (LadybugDB lets one
    process open it), only the items, the library and where the vector cache is; its memory goes
    when it ends.
    """
    cache = vector_cache_for(store, settings)
    cache_place = None if cache is None else (cache.path, cache.model_id, cache.dimension, cache.max_rows)
    # spawn: a fork would copy the server's threads and open store (so a script that calls this needs
    # the usual `if __name__ == "__main__":` guard)
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_discover_in_child,
        args=(items, patterns, cache_place, sender, os.getpid()),
        name="peergraph-discovery",
        daemon=True,  # ends with the server
    )
    child.start()
    sender.close()
    try:
        succeeded, value = receiver.recv()
    except EOFError:
        child.join()
        raise PeergraphError(
            f"pattern discovery stopped: its process exited with code {child.exitcode}"
        ) from None
    finally:
        receiver.close()
    child.join()
    if not succeeded:
        raise value
    return value


def _discover_in_child(
    items: list[discovery.DiscoveryItem],
    patterns: list[Pattern],
    cache_place: tuple[Path, str, int, int] | None,
    sender: Connection,
    server_pid: int,
) -> None:
    os.nice(DISCOVERY_NICENESS)
    threading.Thread(target=_end_with, args=(server_pid,), name="end-with-server", daemon=True).start()
    try:
        # Vectors kept on disk: after a change only the new items' sentences are encoded again.
        embedder = get_embedder().with_disk(None if cache_place is None else VectorCache(*cache_place))
        outcome: tuple[bool, Any] = (True, discovery.discover_candidates(items, patterns, embedder=embedder))
    except Exception as error:  # handed to the server's waiting thread, which raises it there
        outcome = (False, error)
    try:
        sender.send(outcome)
    except (pickle.PicklingError, TypeError, AttributeError):
        sender.send((False, PeergraphError(f"pattern discovery failed: {outcome[1]}")))
    finally:
        sender.close()


def _end_with(server_pid: int) -> None:
    """End this process once the server that started it is gone.

    A daemonic child outlived `peergraph serve` stopped by SIGTERM (measured: reparented to init,
    still computing), and nothing ends a child of a killed server; polling the parent covers both.
    """
    while os.getppid() == server_pid:
        time.sleep(1.0)
    os._exit(0)


class CandidatesPending(PeergraphError):
    """The candidates of the current data are still being computed."""

    http_status = 503
    http_headers = {"Retry-After": "30"}  # noqa: RUF012

    def __init__(self, started_at: datetime) -> None:
        self.started_at = started_at
        super().__init__(
            f"candidate patterns are being computed in the background (since {started_at:%H:%M:%S} UTC); "
            "ask again in a minute"
        )


@dataclass
class _Run:
    """One computation of the candidates of one data version."""

    version: tuple[Any, ...]
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    done: threading.Event = field(default_factory=threading.Event)
    read_store: threading.Event = field(default_factory=threading.Event)
    """Set once the run needs the store no more, so closing the store cannot cut a read short."""
    result: list[discovery.Candidate] | None = None
    error: BaseException | None = None


_COMPUTING = threading.Lock()  # one computation at a time: each uses every core it can


def _compute(run: _Run, store: GraphStore, settings: Settings) -> None:
    try:
        with _COMPUTING:
            try:
                items, patterns = _discovery_input(store, settings)
            finally:
                run.read_store.set()
            run.result = _discover(items, patterns, store, settings)
    except BaseException as error:  # handed to whoever waits for this run
        run.error = error
    finally:
        run.read_store.set()
        run.done.set()


def finish_store_reads(cache: Any, timeout: float = 60.0) -> None:
    """Wait until a background run no longer reads the store (before the store is closed)."""
    run: _Run | None = getattr(cache, "candidate_run", None)
    if run is not None:
        run.read_store.wait(timeout)


def start_candidates(store: GraphStore, settings: Settings, cache: Any) -> _Run:
    """The run for the current data: the finished or running one, or a new one started now."""
    version = _version(store)
    with _LOCK:
        run: _Run | None = getattr(cache, "candidate_run", None)
        if run is None or run.version != version or run.error is not None:
            run = _Run(version)
            cache.candidate_run = run
            threading.Thread(
                target=_compute, args=(run, store, settings), name="candidate-patterns", daemon=True
            ).start()
        return run


def candidates(
    store: GraphStore, settings: Settings, cache: Any, wait: float | None = None
) -> list[discovery.Candidate]:
    """The current candidates, waiting up to `wait` seconds for them (None: as long as it takes).

    Raises CandidatesPending when they are still being computed after `wait`.
    """
    run = start_candidates(store, settings, cache)
    if not run.done.wait(wait):
        raise CandidatesPending(run.started_at)
    if run.error is not None:
        raise run.error
    assert run.result is not None
    return list(run.result)


def accept_candidate(
    store: GraphStore,
    settings: Settings,
    cache: Any,
    candidate_id: str,
    pattern_id: str | None = None,
    wait: float | None = None,
) -> str:
    """Add a candidate to this store's library as a pattern, tag every review with it; returns its id."""
    found = next((c for c in candidates(store, settings, cache, wait) if c.id == candidate_id), None)
    if found is None:
        raise NotFoundError(
            f"no current candidate with id {candidate_id!r}; list them again (GET /patterns/candidates)"
        )
    mapping = discovery.accept_candidate(found, pattern_id=pattern_id)
    if any(p.id == mapping["id"] for p in library(store, settings)):
        raise BadRequestError(f"pattern_id: {mapping['id']!r} is already a pattern; choose another id")
    pattern = Pattern(
        id=mapping["id"],
        name=mapping["name"],
        description=mapping["description"],
        phrasings=tuple(mapping["phrasings"]),
        keywords=tuple(mapping.get("keywords") or ()),
        source="accepted",
    )
    store.write(lambda tx: tx.run(q.MERGE_PATTERNS, {"rows": pattern_rows([pattern], "accepted")}))
    tag_store(store, store_tagger(store, settings), pattern=pattern.id)
    return pattern.id
