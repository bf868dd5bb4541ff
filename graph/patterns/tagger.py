"""Tag findings and recommendations with the recurring patterns they are instances of.

Each item is split into sentences. A sentence scores against a pattern by its best cosine
similarity to the pattern's phrasings (sentence embeddings), plus a bonus when it contains the
pattern's keywords; an item takes its best sentence's score, plus a little for how many of its
sentences carry keywords (a topic the item is about, not one it names in passing). Items at or
above the pattern's calibrated threshold are tagged, citing that best sentence verbatim.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from graph.patterns.embeddings import MODEL_ID, Embedder, get_embedder
from graph.patterns.library import Pattern, load_patterns
from importers.model import Report
from importers.sentences import split_sentences

Method = Literal["embedding+lexical", "lexical", "embedding"]

# Scoring constants. The weights were chosen on the labelled seed set (tests/patterns_gold.json)
# by comparing micro F1, all-data and leave-one-report-out, over a small grid (lexical bonus
# 0.2-0.4, extra 0-0.15, coverage 0-0.2; clause-level and per-sentence-normalised cosines were
# tried and did no better). Per-pattern thresholds live in graph/data/patterns.yaml, set by
# `python benchmarks/patterns.py --calibrate`; DEFAULT_THRESHOLD is the global cut it reports.
LEXICAL_WEIGHT = 0.3  # a sentence with any keyword of the pattern
LEXICAL_EXTRA = 0.1  # ... with two or more distinct keywords
COVERAGE_WEIGHT = 0.2  # times the share of the item's sentences that have a keyword
SCORE_SCALE = 1.6  # largest raw score (cosine 1 + 0.3 + 0.1 + 0.2), so scores fall in 0-1
DEFAULT_THRESHOLD = 0.525  # global calibrated threshold, for patterns without their own
EMBEDDING_SUPPORT = 0.40  # cosine from which the embedding counts as evidence in `method`


@dataclass(frozen=True)
class TagItem:
    """A finding or recommendation to tag; polarity is carried along, scoring ignores it."""

    key: str
    text: str
    polarity: str | None = None


@dataclass
class PatternTag:
    """One (item, pattern) instance: how sure, how found, and the sentence that shows it."""

    key: str
    pattern_id: str
    score: float
    method: Method
    evidence: str
    closest: str
    confirmed: bool | None = None


@dataclass(frozen=True)
class _Sentences:
    """Every sentence of every item, flattened, with the item each came from."""

    texts: list[str]
    owner: np.ndarray  # item index of each sentence
    counts: np.ndarray  # sentences per item


@dataclass
class ScoreTable:
    """Scores of every item against every pattern, before thresholds are applied.

    `scores` combine embeddings and keywords; `lexical_scores` use keywords alone (the baseline
    the benchmark compares against). Both are (items x patterns) arrays in 0-1.
    """

    items: list[TagItem]
    patterns: list[Pattern]
    scores: np.ndarray
    lexical_scores: np.ndarray
    best_sentence: np.ndarray  # per (item, pattern): index into sentence_texts
    best_cosine: np.ndarray
    best_keywords: np.ndarray
    closest_phrasing: np.ndarray  # per (item, pattern): index into that pattern's phrasings
    sentence_texts: list[str]

    def thresholds(self, overrides: Mapping[str, float] | None = None) -> np.ndarray:
        """Per-pattern threshold: `overrides`, else the library's calibrated one, else the default."""
        chosen = overrides or {}
        return np.array(
            [
                chosen.get(
                    pattern.id, pattern.threshold if pattern.threshold is not None else DEFAULT_THRESHOLD
                )
                for pattern in self.patterns
            ]
        )

    def tags(self, overrides: Mapping[str, float] | None = None) -> list[PatternTag]:
        """The tags at or above threshold, item by item in input order."""
        hits = np.argwhere(self.scores >= self.thresholds(overrides)[None, :])
        return [self._tag(int(row), int(column)) for row, column in hits]

    def _tag(self, row: int, column: int) -> PatternTag:
        pattern = self.patterns[column]
        return PatternTag(
            key=self.items[row].key,
            pattern_id=pattern.id,
            score=round(float(self.scores[row, column]), 4),
            method=_method(float(self.best_cosine[row, column]), int(self.best_keywords[row, column])),
            evidence=self.sentence_texts[int(self.best_sentence[row, column])],
            closest=pattern.phrasings[int(self.closest_phrasing[row, column])],
        )


def tag_items(
    items: list[TagItem], patterns: Sequence[Pattern] | None = None, *, embedder: Embedder | None = None
) -> list[PatternTag]:
    """Tag each item with every pattern it scores at or above threshold for."""
    return score_items(items, patterns, embedder=embedder).tags()


def report_items(report: Report) -> list[TagItem]:
    """A report's findings then recommendations as TagItems keyed by their contract index."""
    findings = [
        TagItem(key=str(index), text=finding.text, polarity=finding.polarity.value)
        for index, finding in enumerate(report.findings)
    ]
    offset = len(findings)
    recommendations = [
        TagItem(key=str(offset + index), text=recommendation.text)
        for index, recommendation in enumerate(report.recommendations)
    ]
    return findings + recommendations


def tag_report(report: Report, patterns: Sequence[Pattern] | None = None) -> dict[str, list[int]]:
    """The parse contract's `patterns`: id -> indexes into findings, then len(findings)+j."""
    result: dict[str, list[int]] = {}
    for tag in tag_items(report_items(report), patterns):
        result.setdefault(tag.pattern_id, []).append(int(tag.key))
    order = {pattern.id: position for position, pattern in enumerate(patterns or default_patterns())}
    return {pattern_id: sorted(result[pattern_id]) for pattern_id in sorted(result, key=order.__getitem__)}


@lru_cache(maxsize=1)
def _builtin_patterns() -> tuple[Pattern, ...]:
    return tuple(load_patterns())


def default_patterns() -> list[Pattern]:
    """The built-in library, loaded once."""
    return list(_builtin_patterns())


def score_items(
    items: list[TagItem], patterns: Sequence[Pattern] | None = None, *, embedder: Embedder | None = None
) -> ScoreTable:
    """Score every item against every pattern (no thresholds): what calibration works on."""
    library = list(patterns) if patterns is not None else default_patterns()
    sentences = _split(items)
    if not sentences.texts:
        return _empty_table(items, library)
    cosines, closest = _cosines(sentences.texts, library, embedder or get_embedder())
    keywords = _keyword_counts(sentences.texts, library)
    lexical = LEXICAL_WEIGHT * (keywords > 0) + LEXICAL_EXTRA * (keywords > 1)
    combined = cosines + lexical
    coverage = _coverage(sentences, keywords, len(items), len(library))
    best = _best_sentence(combined, sentences, len(library))
    columns = np.arange(len(library))[None, :]
    empty = (sentences.counts == 0)[:, None]
    combined_best = np.where(empty, 0.0, combined[best, columns])
    lexical_best = np.where(empty, 0.0, _best_value(lexical, sentences, len(items)))
    return ScoreTable(
        items=items,
        patterns=library,
        scores=np.clip((combined_best + COVERAGE_WEIGHT * coverage) / SCORE_SCALE, 0.0, 1.0),
        lexical_scores=np.clip((lexical_best + COVERAGE_WEIGHT * coverage) / SCORE_SCALE, 0.0, 1.0),
        best_sentence=best,
        best_cosine=cosines[best, columns],
        best_keywords=keywords[best, columns],
        closest_phrasing=closest[best, columns],
        sentence_texts=sentences.texts,
    )


def _empty_table(items: list[TagItem], patterns: list[Pattern]) -> ScoreTable:
    """Scores for items that have no text to score: all zero, so nothing is tagged."""
    shape = (len(items), len(patterns))
    zeros = np.zeros(shape)
    indexes = np.zeros(shape, dtype=np.int64)
    return ScoreTable(
        items, patterns, zeros, zeros.copy(), indexes, zeros.copy(), indexes.copy(), indexes.copy(), []
    )


def _split(items: list[TagItem]) -> _Sentences:
    """Sentences of every item, as verbatim substrings of its text."""
    texts: list[str] = []
    owner: list[int] = []
    counts = np.zeros(len(items), dtype=np.int64)
    for index, item in enumerate(items):
        for start, end in split_sentences(item.text):
            texts.append(item.text[start:end])
            owner.append(index)
            counts[index] += 1
    return _Sentences(texts=texts, owner=np.array(owner, dtype=np.int64), counts=counts)


def _cosines(texts: list[str], patterns: list[Pattern], embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """Best cosine of each sentence to each pattern's phrasings, and which phrasing it was."""
    vectors = embedder.encode(texts)
    phrasings = [phrasing for pattern in patterns for phrasing in pattern.phrasings]
    similarity = vectors @ phrasing_vectors(phrasings, embedder).T
    starts = np.cumsum([0] + [len(pattern.phrasings) for pattern in patterns[:-1]])
    best = np.maximum.reduceat(similarity, starts, axis=1)
    closest = np.stack(
        [
            np.argmax(similarity[:, start : start + len(pattern.phrasings)], axis=1)
            for start, pattern in zip(starts, patterns, strict=True)
        ],
        axis=1,
    )
    return best.astype(np.float32), closest


_phrasing_matrices: dict[str, np.ndarray] = {}
_phrasing_lock = threading.Lock()


def phrasing_vectors(phrasings: list[str], embedder: Embedder) -> np.ndarray:
    """The library's phrasing vectors: encoded once per library version and model, then kept.

    Kept in the process, and in the embedder's disk cache (when it has one) under the hash of
    the phrasings and the model id, so a new process does not encode the library again.
    """
    digest = hashlib.sha256("\n".join(phrasings).encode("utf-8")).hexdigest()
    key = f"phrasings:{MODEL_ID}:{digest}"
    with _phrasing_lock:
        matrix = _phrasing_matrices.get(key)
        if matrix is None and embedder.disk is not None:
            matrix = embedder.disk.get_matrix(key)
        if matrix is None or matrix.shape[0] != len(phrasings):
            matrix = embedder.encode(phrasings)
            if embedder.disk is not None:
                embedder.disk.put_matrix(key, matrix)
        _phrasing_matrices[key] = matrix
        return matrix


def _keyword_counts(texts: list[str], patterns: list[Pattern]) -> np.ndarray:
    """How many distinct keywords of each pattern each sentence contains."""
    counts = np.zeros((len(texts), len(patterns)), dtype=np.int64)
    for column, pattern in enumerate(patterns):
        for regex in pattern.keyword_regexes:
            counts[:, column] += [regex.search(text) is not None for text in texts]
    return counts


def _coverage(sentences: _Sentences, keywords: np.ndarray, n_items: int, n_patterns: int) -> np.ndarray:
    """Share of each item's sentences that contain a keyword of each pattern."""
    hits = np.zeros((n_items, n_patterns))
    np.add.at(hits, sentences.owner, (keywords > 0).astype(float))
    return hits / np.maximum(sentences.counts, 1)[:, None]


def _best_sentence(values: np.ndarray, sentences: _Sentences, n_patterns: int) -> np.ndarray:
    """Index of each item's highest-valued sentence per pattern (0 for items without sentences)."""
    best = np.zeros((len(sentences.counts), n_patterns), dtype=np.int64)
    start = 0
    for index, count in enumerate(sentences.counts):
        if count:
            best[index] = start + np.argmax(values[start : start + count], axis=0)
        start += count
    return best


def _best_value(values: np.ndarray, sentences: _Sentences, n_items: int) -> np.ndarray:
    """Each item's highest value per pattern over its sentences (-inf for items without any)."""
    best = np.full((n_items, values.shape[1]), -np.inf)
    np.maximum.at(best, sentences.owner, values)
    return best


def _method(cosine: float, keywords: int) -> Method:
    """How the evidence sentence was found: by keywords, by meaning, or both."""
    if keywords and cosine >= EMBEDDING_SUPPORT:
        return "embedding+lexical"
    return "lexical" if keywords else "embedding"
