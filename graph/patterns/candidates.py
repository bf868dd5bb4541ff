"""Candidate patterns from the store, and accepting one into this store's library.

Discovery clusters areas for development across councils (graph/discovery.py); its result is
cached per data version, since embedding every finding takes seconds. An accepted candidate
becomes a Pattern node whose definition (phrasings, keywords) lives in the graph, and every
review is tagged with it at once.
"""

from __future__ import annotations

import threading
from typing import Any

from graph.patterns import discovery
from graph.patterns.catalogue import library, pattern_rows
from graph.patterns.embeddings import get_embedder
from graph.patterns.library import Pattern
from graph.patterns.tags import store_tagger, tag_store, vector_cache_for
from graph.store import GraphStore
from graph.store import queries as q
from peergraph.core.errors import BadRequestError, NotFoundError
from peergraph.core.settings import Settings

_LOCK = threading.Lock()


def _version(store: GraphStore) -> tuple[Any, ...]:
    row = store.read(q.DATA_VERSION)[0]
    patterns = len(store.read(q.PATTERN_LIST))
    return (store.location, row["reviews"], row["latest"], row["findings"], patterns)


def _discover(store: GraphStore, settings: Settings) -> list[discovery.Candidate]:
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
    # Vectors kept on disk: after a change only the new items' sentences are encoded again.
    embedder = get_embedder().with_disk(vector_cache_for(store, settings))
    return discovery.discover_candidates(items, library(store, settings), embedder=embedder)


def candidates(store: GraphStore, settings: Settings, cache: Any) -> list[discovery.Candidate]:
    """The current candidates, computed once per data version and kept on `cache` (app state)."""
    version = _version(store)
    with _LOCK:
        cached = getattr(cache, "candidates", None)
        if cached is None or cached[0] != version:
            cached = (version, _discover(store, settings))
            cache.candidates = cached
        return list(cached[1])


def accept_candidate(
    store: GraphStore, settings: Settings, cache: Any, candidate_id: str, pattern_id: str | None = None
) -> str:
    """Add a candidate to this store's library as a pattern, tag every review with it; returns its id."""
    found = next((c for c in candidates(store, settings, cache) if c.id == candidate_id), None)
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
