"""A substring index for `?q=` on findings and recommendations: pages without scanning the store.

`toLower(x.text) CONTAINS toLower($q)` makes the store lower-case and scan every item's text
for every page. This keeps, per data version, every item's lower-cased text in one string in
page order (review id, then ordinal), so a page is a `str.find` from the cursor's position
until `limit` items match, and the store is then asked for just those ids.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass
from typing import Any

from graph.reads.aggregates import data_version
from graph.store import GraphStore
from graph.store import queries as q

_SEPARATOR = (
    "\x00"  # never in imported text (the importers drop control characters), so no match spans two items
)


@dataclass(frozen=True)
class _Corpus:
    ids: list[str]
    keys: list[tuple[str, int]]  # (review id, ordinal), sorted
    starts: list[int]  # offset of each item's text in `text`
    text: str


_lock = threading.Lock()
_corpora: dict[tuple[str, str], tuple[tuple[Any, ...], _Corpus]] = {}


def _version(store: GraphStore) -> tuple[Any, ...]:
    return (id(store), *data_version(store))


def _corpus(store: GraphStore, kind: str) -> _Corpus:
    version = _version(store)
    key = (store.location, kind)
    with _lock:
        cached = _corpora.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
    query = q.FINDING_TEXTS if kind == "Finding" else q.RECOMMENDATION_TEXTS
    rows = sorted(store.read(query), key=lambda row: (row["review_id"], row["ordinal"]))
    parts, starts, offset = [], [], 0
    for row in rows:
        lowered = (row["text"] or "").lower().replace(_SEPARATOR, " ")
        starts.append(offset)
        parts.append(lowered)
        offset += len(lowered) + 1
    corpus = _Corpus(
        ids=[row["id"] for row in rows],
        keys=[(row["review_id"], row["ordinal"]) for row in rows],
        starts=starts,
        text=_SEPARATOR.join(parts),
    )
    with _lock:
        _corpora[key] = (version, corpus)
    return corpus


def matching_ids(store: GraphStore, kind: str, needle: str, after: tuple[str, int], limit: int) -> list[str]:
    """Ids of the first `limit` items of `kind` after `after` (review id, ordinal) whose text contains `needle`."""
    corpus = _corpus(store, kind)
    needle = needle.lower()
    if not needle or _SEPARATOR in needle:
        return []
    item = bisect.bisect_right(corpus.keys, after)
    found: list[str] = []
    while item < len(corpus.ids) and len(found) < limit:
        position = corpus.text.find(needle, corpus.starts[item])
        if position < 0:
            break
        item = bisect.bisect_right(corpus.starts, position) - 1
        found.append(corpus.ids[item])
        item += 1
    return found
