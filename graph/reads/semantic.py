"""Search by meaning: rank findings and recommendations by embedding cosine, fused with the word ranking.

Each item's vector is the normalised mean of its sentences' vectors, the same sentence vectors
the tagger computed at import (read back from the embedding cache, so building the index runs
the model only for sentences it has never seen). A query is encoded once, scored against every
item (float16, one matrix-vector product) and its best `CANDIDATES` are fused with the word
(BM25 / full-text) ranking by reciprocal rank fusion. Hits that contain the query as an exact
phrase always rank first, in their word-ranking order, so meaning never buries a literal match.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from graph.patterns.embeddings import DIMENSION, Embedder, get_embedder
from graph.patterns.tags import vector_cache_for
from graph.reads.aggregates import data_version
from graph.store import GraphStore, Row
from graph.store import queries as q
from importers.sentences import split_sentences
from peergraph.core.settings import get_settings

RRF_K = 60  # the usual constant: a rank's weight falls off slowly, so both lists count
# Meaning's list weighs more in the fusion. On tests/gold/semantic_queries.json (labelled passage
# in the top 5): words alone 6 of 10, meaning alone 9; fused at weight 1, 2 or 3: 8; at 5: 9.
# BM25 favours common words ("staff", "people"), which a paraphrase is mostly made of.
SEMANTIC_WEIGHT = 5.0
CANDIDATES = 50  # nearest items by meaning that enter the fusion
_CHUNK = 4096  # sentences encoded (or read from the cache) at a time while building
MIN_COSINE = 0.25  # below this an item is not "about" the query at all (MiniLM's unrelated pairs: < 0.28)


def _phrase_in(phrase: str | None, text: str) -> bool:
    return bool(phrase) and phrase in " ".join(text.lower().split())  # type: ignore[operator]


class SemanticIndex:
    """Item vectors for one store, rebuilt when its data version changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: tuple[Any, ...] | None = None
        self._ids: list[str] = []
        self._vectors = np.zeros((0, 1), dtype=np.float16)

    def _embedder(self, store: GraphStore) -> Embedder:
        return get_embedder().with_disk(vector_cache_for(store, get_settings()))

    def _current(self, store: GraphStore) -> tuple[list[str], np.ndarray]:
        version = (store.location, id(store), *data_version(store))
        with self._lock:
            if version != self._version:
                rows = store.read(q.SEARCHABLE_ITEMS)
                self._ids, self._vectors = self._build(store, rows)
                self._version = version
            return self._ids, self._vectors

    def _build(self, store: GraphStore, rows: list[Row]) -> tuple[list[str], np.ndarray]:
        embedder = self._embedder(store)
        ids: list[str] = []
        sentences: list[str] = []
        owners: list[int] = []
        for row in rows:
            text = row["text"] or ""
            spans = split_sentences(text) or [(0, len(text))]
            for start, end in spans:
                sentences.append(text[start:end])
                owners.append(len(ids))
            ids.append(row["id"])
        if not ids:
            return [], np.zeros((0, 1), dtype=np.float16)
        sums = np.zeros((len(ids), DIMENSION), dtype=np.float32)
        owner_index = np.array(owners)
        # In chunks: at 500 reports all sentence vectors at once would be ~250 MB.
        for start in range(0, len(sentences), _CHUNK):
            vectors = embedder.encode(sentences[start : start + _CHUNK])
            np.add.at(sums, owner_index[start : start + _CHUNK], vectors)
        sums /= np.clip(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12, None)
        return ids, sums.astype(np.float16)

    def nearest(self, store: GraphStore, text: str, limit: int = CANDIDATES) -> list[tuple[str, float]]:
        """The items closest in meaning to `text`: (id, cosine), best first."""
        ids, vectors = self._current(store)
        if not ids:
            return []
        query = self._embedder(store).encode([text])[0].astype(np.float16)
        cosines = (vectors @ query).astype(np.float32)
        top = np.argsort(-cosines, kind="stable")[:limit]
        return [(ids[int(i)], float(cosines[int(i)])) for i in top if cosines[int(i)] >= MIN_COSINE]


def fuse(
    store: GraphStore,
    index: SemanticIndex,
    text: str,
    phrase: str | None,
    found: list[tuple[Row, float]],
) -> list[tuple[Row, float]]:
    """Word hits (`found`, best first) and nearest items fused by reciprocal rank; exact phrases first.

    `phrase` is the query's words joined by single spaces (None for one word: then the word itself).
    """
    phrase = phrase or " ".join(text.lower().split())
    nearest = index.nearest(store, text)
    rows = {row["id"]: row for row, _ in found}
    missing = [item_id for item_id, _ in nearest if item_id not in rows]
    if missing:
        rows.update({row["id"]: row for row in store.read(q.SEARCHABLE_ITEMS_BY_IDS, {"ids": missing})})
    fused: dict[str, float] = {}
    for rank, (row, _) in enumerate(found):
        fused[row["id"]] = fused.get(row["id"], 0.0) + 1.0 / (RRF_K + rank + 1)
    for rank, (item_id, _) in enumerate(nearest):
        if item_id in rows:
            fused[item_id] = fused.get(item_id, 0.0) + SEMANTIC_WEIGHT / (RRF_K + rank + 1)
    word_rank = {row["id"]: rank for rank, (row, _) in enumerate(found)}
    ordered = sorted(
        fused,
        key=lambda item_id: (
            not _phrase_in(phrase, rows[item_id]["text"]),
            # exact-phrase hits keep their word order; the rest go by fused score
            word_rank.get(item_id, len(found)) if _phrase_in(phrase, rows[item_id]["text"]) else 0,
            -fused[item_id],
            item_id,
        ),
    )
    return [(rows[item_id], round(fused[item_id] * 100, 4)) for item_id in ordered]
