"""Aggregates over the whole store (pattern matrix, overview, similarities) and council pages' reads,
kept until the data changes.

Each is computed once per data version and kept in the process. The version (`data_version`) is
the store's write generation in this process (every import, re-tag, curation or accepted candidate
a server makes goes through it), on Neo4j the count of every process's writes, and what a query
can see from outside: reviews, the latest import, findings, patterns and tags. So a read after a
change recomputes, and every other read costs at most one small version query, one per HTTP request
(`one_data_version`). A change made on Neo4j outside peergraph (in Neo4j Browser, say) that adds no
node or tag is not seen until the server restarts.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import inspect
import pickle
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from datetime import date
from typing import Any, Concatenate, ParamSpec, TypeVar

from graph.store import GraphStore
from graph.store import queries as q
from graph.store.embedded import EmbeddedStore
from graph.store.queries import NEO4J

T = TypeVar("T")
P = ParamSpec("P")
MAX_ENTRIES = 256  # distinct (store, arguments) kept per aggregate; arguments come from small sets
PAGES_KEPT = 64  # pages kept per read, and traces: at 500 synthetic reports a page of 50 is 35-45 KB pickled
COUNCILS_KEPT = 200
"""Reads kept per council (its page, actions, CQC section): all of England's 153 councils with adult
social care duties, which the server works out ahead (api/warming.py). At 500 synthetic reports the
153 councils' reads and actions are 17.7 MB pickled, the largest council 0.6 MB."""

_lock = threading.Lock()
# Per store object, so that a store opened later at the same place (whose generation counts from 0
# again) never sees an earlier one's entries, and entries go with their store.
_entries: weakref.WeakKeyDictionary[
    GraphStore, dict[str, OrderedDict[tuple[Hashable, ...], tuple[tuple[Any, ...], Any]]]
] = weakref.WeakKeyDictionary()


# Versions already read in this scope (`one_data_version`), by store object and its write generation.
_versions_read: contextvars.ContextVar[dict[tuple[GraphStore, int], tuple[Any, ...]] | None] = (
    contextvars.ContextVar("peergraph_versions_read", default=None)
)


@contextlib.contextmanager
def one_data_version() -> Iterator[None]:
    """Within the block (an HTTP request), each store's version is read once: every kept read of a
    page shares it, where each asked Neo4j again before (4.4 ms a round trip, three on a council page
    at 500 reports). A write through the store starts a new generation, so the version is read again
    after it; another process's change shows from the next block on."""
    token = _versions_read.set({})
    try:
        yield
    finally:
        _versions_read.reset(token)


def data_version(store: GraphStore) -> tuple[Any, ...]:
    """What changes whenever data an aggregate reads changes (read once per `one_data_version`).

    A writable embedded store is the only writer of its database (LadybugDB locks it; other
    commands reach it through the server's control socket, i.e. through this object), so its
    write generation says it all and costs no query. On Neo4j, every process's writes through
    peergraph are counted in the database (queries.COUNT_WRITE), beside the counts a query can see:
    one query (NEO4J_VERSION). Elsewhere (a read-only store) only those counts.
    """
    if isinstance(store, EmbeddedStore) and not store.read_only:
        return (store.generation,)
    read = _versions_read.get()
    key = (store, store.generation)
    if read is not None and key in read:
        return read[key]
    version = _read_version(store)
    if read is not None:
        read[key] = version
    return version


def _read_version(store: GraphStore) -> tuple[Any, ...]:
    if store.backend == NEO4J:
        row = store.read(q.NEO4J_VERSION)[0]
        return (store.generation, *(row[name] for name in _NEO4J_VERSION_COLUMNS))
    data = store.read(q.DATA_VERSION)[0]
    tags = store.read(q.TAG_VERSION)[0]
    return (
        store.generation,
        data["reviews"],
        str(data["latest"]),
        data["findings"],
        tags["patterns"],
        tags["tags"],
    )


_NEO4J_VERSION_COLUMNS = ("sequence", "writes", "reviews", "latest", "findings", "patterns", "tags")


def cached(
    store: GraphStore,
    name: str,
    arguments: tuple[Hashable, ...],
    compute: Callable[[], T],
    *,
    keep: int = MAX_ENTRIES,
) -> T:
    """`compute()`, or its result from an earlier call at the same data version (a private copy).

    Kept pickled: a copy is then one `pickle.loads`, 4x faster than `copy.deepcopy` of pydantic
    models (2 against 8 ms for a council's 261 recommendations), and a fifth of the memory.

    The `keep` most recently used argument sets of each aggregate are kept, so that one aggregate's
    many entries (a page per council) do not push out another's.
    """
    key = arguments
    version = data_version(store)
    with _lock:
        entries = _entries.setdefault(store, {}).setdefault(name, OrderedDict())
        entry = entries.get(key)
        if entry is not None and entry[0] == version:
            entries.move_to_end(key)
            kept: T = pickle.loads(entry[1])
            return kept
    value = compute()
    with _lock:
        entries[key] = (version, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        entries.move_to_end(key)
        while len(entries) > keep:
            entries.popitem(last=False)
    return value


def sees_every_write(store: GraphStore) -> bool:
    """Whether `data_version` changes with every write peergraph makes to the data: on a writable
    embedded store, its database's only writer, and on Neo4j, which counts every process's writes.
    A read-only embedded store's version is counts, which do not see another process change an
    action."""
    return store.backend == NEO4J or (isinstance(store, EmbeddedStore) and not store.read_only)


def cached_where_versioned(
    store: GraphStore, name: str, arguments: tuple[Hashable, ...], compute: Callable[[], T], *, keep: int
) -> T:
    """`cached` on a store that `sees_every_write`; elsewhere `compute()` each time. For reads that
    show what counts of nodes cannot see (actions)."""
    if not sees_every_write(store):
        return compute()
    return cached(store, name, arguments, compute, keep=keep)


def kept_where_versioned(
    name: str, *, keep: int, by_day: bool = False
) -> Callable[[Callable[Concatenate[GraphStore, P], T]], Callable[Concatenate[GraphStore, P], T]]:
    """A read `read(store, ...)` whose result is `cached_where_versioned` on its arguments (which must
    be hashable), and on today's date where it says what is overdue (`by_day`). The read itself stays
    reachable as `.__wrapped__`.

    The arguments are keyed with their defaults filled in, so that a call which spells a default out
    (an HTTP route passes every filter) and one which leaves it out (the warm-up) share one entry."""

    def keep_read(read: Callable[Concatenate[GraphStore, P], T]) -> Callable[Concatenate[GraphStore, P], T]:
        signature = inspect.signature(read)

        @functools.wraps(read)
        def kept_read(store: GraphStore, *args: P.args, **kwargs: P.kwargs) -> T:
            day = date.today().isoformat() if by_day else None
            bound = signature.bind(store, *args, **kwargs)
            bound.apply_defaults()
            arguments = (tuple(bound.arguments.items())[1:], day)
            return cached_where_versioned(
                store, name, arguments, lambda: read(store, *args, **kwargs), keep=keep
            )

        return kept_read

    return keep_read
