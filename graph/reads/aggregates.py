"""Aggregates over the whole store (pattern matrix, overview, similarities) and council pages' reads,
kept until the data changes.

Each is computed once per data version and kept in the process. The version is the store's
write generation in this process (every import, re-tag, curation or accepted candidate a
server makes goes through it) together with what a query can see from outside: reviews, the
latest import, findings, patterns and tags. So a read after a change recomputes, and every
other read costs one small version query.
"""

from __future__ import annotations

import pickle
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from graph.store import GraphStore
from graph.store import queries as q
from graph.store.embedded import EmbeddedStore

T = TypeVar("T")
MAX_ENTRIES = 256  # distinct (store, arguments) kept per aggregate; arguments come from small sets

_lock = threading.Lock()
# Per store object, so that a store opened later at the same place (whose generation counts from 0
# again) never sees an earlier one's entries, and entries go with their store.
_entries: weakref.WeakKeyDictionary[
    GraphStore, dict[str, OrderedDict[tuple[Hashable, ...], tuple[tuple[Any, ...], Any]]]
] = weakref.WeakKeyDictionary()


def data_version(store: GraphStore) -> tuple[Any, ...]:
    """What changes whenever data an aggregate reads changes.

    A writable embedded store is the only writer of its database (LadybugDB locks it; other
    commands reach it through the server's control socket, i.e. through this object), so its
    write generation says it all and costs no query. Elsewhere the counts a query can see are
    added (6 ms at 500 reports on Neo4j).
    """
    if sees_every_write(store):
        return (store.generation,)
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
    """Whether `data_version` changes with every write to the data, at no cost: a writable embedded
    store, its database's only writer. Elsewhere it is two counting queries (6 ms at 500 reports on
    Neo4j) that see imports and tags but not another process's change to an action."""
    return isinstance(store, EmbeddedStore) and not store.read_only


def cached_where_versioned(
    store: GraphStore, name: str, arguments: tuple[Hashable, ...], compute: Callable[[], T], *, keep: int
) -> T:
    """`cached` on a store that `sees_every_write`; elsewhere `compute()` each time. For reads that
    show what the counting version cannot see (actions)."""
    if not sees_every_write(store):
        return compute()
    return cached(store, name, arguments, compute, keep=keep)
