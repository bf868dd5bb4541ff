"""Aggregates over the whole store (pattern matrix, overview, similarities), kept until the data changes.

Each is computed once per data version and kept in the process. The version is the store's
write generation in this process (every import, re-tag, curation or accepted candidate a
server makes goes through it) together with what a query can see from outside: reviews, the
latest import, findings, patterns and tags. So a read after a change recomputes, and every
other read costs one small version query.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from graph.store import GraphStore
from graph.store import queries as q
from graph.store.embedded import EmbeddedStore

T = TypeVar("T")
MAX_ENTRIES = 256  # distinct (store, aggregate, arguments) kept; arguments come from small sets

_lock = threading.Lock()
_entries: OrderedDict[tuple[Hashable, ...], tuple[tuple[Any, ...], Any]] = OrderedDict()


def data_version(store: GraphStore) -> tuple[Any, ...]:
    """What changes whenever data an aggregate reads changes.

    A writable embedded store is the only writer of its database (LadybugDB locks it; other
    commands reach it through the server's control socket, i.e. through this object), so its
    write generation says it all and costs no query. Elsewhere the counts a query can see are
    added (at 500 reports they cost ~30 ms).
    """
    if isinstance(store, EmbeddedStore) and not store.read_only:
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


def cached(store: GraphStore, name: str, arguments: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or its result from an earlier call at the same data version (a private copy)."""
    key = (store.location, id(store), name, *arguments)
    version = data_version(store)
    with _lock:
        entry = _entries.get(key)
        if entry is not None and entry[0] == version:
            _entries.move_to_end(key)
            return copy.deepcopy(entry[1])
    value = compute()
    with _lock:
        _entries[key] = (version, copy.deepcopy(value))
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value
