"""Sentence vectors kept on disk: the same tags from a cold and a warm cache, bounded, shared by runs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from graph.patterns.embeddings import DIMENSION, MODEL_ID, Embedder, locate_model
from graph.patterns.tagger import PatternTag, default_patterns, phrasing_vectors, report_items, tag_items
from graph.patterns.tags import vector_cache_for
from graph.patterns.vector_cache import VectorCache
from graph.store import open_store
from importers.parser import parse_file
from peergraph.core.settings import Settings

from .conftest import MAX_BYTES

TORBAY = "000_e35a0d42f35d5c45.txt"


class CountingEmbedder(Embedder):
    """The real embedder, counting the sentences it actually runs the model on."""

    encoded = 0

    def _encode_uncached(self, texts: list[str]) -> np.ndarray:
        self.encoded += len(texts)
        return super()._encode_uncached(texts)


def fingerprint(tags: list[PatternTag]) -> list[tuple[str, str, float, str, str, str]]:
    return [(t.key, t.pattern_id, t.score, t.method, t.evidence, t.closest) for t in tags]


def test_warm_cache_gives_identical_tags_without_running_the_model(seeds_dir: Path, tmp_path: Path) -> None:
    items = report_items(parse_file(seeds_dir / TORBAY, MAX_BYTES))
    files = locate_model()
    uncached = tag_items(items, embedder=Embedder(files))

    disk = VectorCache(tmp_path / "embeddings.sqlite", MODEL_ID, DIMENSION)
    cold = CountingEmbedder(files).with_disk(disk)
    cold_tags = tag_items(items, embedder=cold)
    assert isinstance(cold, CountingEmbedder) and cold.encoded > 100
    disk.close()

    # A new process: a fresh embedder (empty memory cache) over the same file.
    warm = CountingEmbedder(files).with_disk(VectorCache(tmp_path / "embeddings.sqlite", MODEL_ID, DIMENSION))
    warm_tags = tag_items(items, embedder=warm)
    assert isinstance(warm, CountingEmbedder) and warm.encoded == 0
    assert fingerprint(cold_tags) == fingerprint(uncached)
    assert fingerprint(warm_tags) == fingerprint(uncached)
    assert len(uncached) > 10


def test_phrasings_are_stored_once_per_library_and_model(tmp_path: Path) -> None:
    disk = VectorCache(tmp_path / "embeddings.sqlite", MODEL_ID, DIMENSION)
    phrasings = [phrasing for pattern in default_patterns() for phrasing in pattern.phrasings] + ["a new one"]
    first = phrasing_vectors(phrasings, Embedder(locate_model()).with_disk(disk))
    assert first.shape == (len(phrasings), DIMENSION)
    digest = hashlib.sha256("\n".join(phrasings).encode("utf-8")).hexdigest()
    stored = disk.get_matrix(f"phrasings:{MODEL_ID}:{digest}")
    assert stored is not None and np.array_equal(stored, first)
    other_model = VectorCache(tmp_path / "embeddings.sqlite", "another-model", DIMENSION)
    assert other_model.get_matrix(f"phrasings:{MODEL_ID}:{digest}") is None


def test_cache_is_bounded_and_keeps_the_newest(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path / "v.sqlite", MODEL_ID, 4, max_rows=10)
    cache.put_many((f"k{i}", np.full(4, i, dtype=np.float32)) for i in range(25))
    assert cache.count() <= 10
    found = cache.get_many(["k24", "k0"])
    assert list(found) == ["k24"] and np.array_equal(found["k24"], np.full(4, 24, dtype=np.float32))


def test_unwritable_cache_falls_back_to_encoding(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache's folder should be", encoding="utf-8")
    cache = VectorCache(blocker / "embeddings.sqlite", MODEL_ID, DIMENSION)
    embedder = Embedder(locate_model()).with_disk(cache)
    vectors = embedder.encode(["Waiting lists for occupational therapy assessments are long."])
    assert vectors.shape == (1, DIMENSION) and abs(float(np.linalg.norm(vectors[0])) - 1) < 1e-5
    assert cache.get_many(["anything"]) == {}


def test_embedded_store_keeps_its_cache_beside_it(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "graph.lbug", neo4j_uri=None)
    with open_store(settings) as store:
        cache = vector_cache_for(store, settings)
    assert cache is not None and cache.path == tmp_path / "embeddings.sqlite"
    off = Settings(db=tmp_path / "graph.lbug", neo4j_uri=None, embedding_cache_rows=0)
    with open_store(off) as store:
        assert vector_cache_for(store, off) is None


def test_a_call_larger_than_the_memory_cache_returns_every_vector(tmp_path: Path) -> None:
    texts = [f"Sentence number {i} about waiting lists." for i in range(12)]
    disk = VectorCache(tmp_path / "embeddings.sqlite", MODEL_ID, DIMENSION)
    small = Embedder(locate_model(), cache_size=5).with_disk(disk)
    first = small.encode(texts)
    again = Embedder(locate_model(), cache_size=5).with_disk(disk).encode(texts)
    assert first.shape == (12, DIMENSION) and np.array_equal(first, again)
    assert np.array_equal(first, Embedder(locate_model()).encode(texts))
