"""Full-text search over findings and recommendations, with highlighted snippets and citations.

Neo4j answers from its full-text index. The embedded store has no full-text index that works
offline, so the process keeps a BM25 index (bm25s) over the same items, rebuilt when the
store's data version changes. Both rank an exact phrase above scattered words.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import bm25s
import Stemmer

from graph.reads import semantic
from graph.reads.models import Citation, SearchHit
from graph.store import GraphStore, Row
from graph.store import queries as q
from graph.store.queries import NEO4J
from peergraph.core.errors import BadRequestError

SNIPPET_CHARS = 280
PHRASE_BOOST = 2.0
_WORD = re.compile(r"\w[\w'’-]*")
_STEMMER = Stemmer.Stemmer("english")
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')


@dataclass(frozen=True)
class _Query:
    text: str
    stems: frozenset[str]
    phrase: str | None


def _parse_query(text: str) -> _Query:
    words = [w.lower() for w in _WORD.findall(text)]
    stems = frozenset(_STEMMER.stemWords([w for w in words if w not in bm25s.stopwords.STOPWORDS_EN]))
    if not stems:
        raise BadRequestError("q: give at least one word to search for")
    phrase = " ".join(words) if len(words) > 1 else None
    return _Query(text, stems, phrase)


def _lucene(text: str, query: _Query) -> str:
    """A Lucene query for Neo4j's full-text index: the phrase boosted, or any of its words."""
    words = " ".join(_LUCENE_SPECIAL.sub(r"\\\1", word) for word in _WORD.findall(text))
    if not query.phrase:
        return words
    phrase = _LUCENE_SPECIAL.sub(r"\\\1", query.phrase)
    return f'"{phrase}"^2 OR ({words})'


def highlight(text: str, query: _Query) -> tuple[str, list[tuple[int, int]]]:
    """A snippet of `text` around the best match, and the offsets of matched words within it."""
    lowered = text.lower()
    marks: list[tuple[int, int]] = []
    if query.phrase:
        phrase_match = re.search(r"\W+".join(map(re.escape, query.phrase.split())), lowered)
        if phrase_match:
            marks.append((phrase_match.start(), phrase_match.end()))
    if not marks:
        for match in _WORD.finditer(text):
            if _STEMMER.stemWord(match.group().lower()) in query.stems:
                marks.append((match.start(), match.end()))
    centre = marks[0][0] if marks else 0
    start = max(0, centre - SNIPPET_CHARS // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    prefix = "…" if start else ""
    snippet = prefix + text[start:end] + ("…" if end < len(text) else "")
    shift = len(prefix) - start
    inside = [(a + shift, b + shift) for a, b in marks if a >= start and b <= end]
    return snippet, inside


def _hit(row: Row, score: float, query: _Query) -> SearchHit:
    snippet, marks = highlight(row["text"], query)
    return SearchHit(
        kind="finding" if row["kind"] == "Finding" else "recommendation",
        id=row["id"],
        score=round(score, 4),
        text=row["text"],
        snippet=snippet,
        highlights=marks,
        citation=Citation(
            review_id=row["review_id"],
            council_id=row["council_id"],
            council=row["council"],
            report_date=row["report_date"],
            section=row.get("section"),
            heading=row.get("heading"),
            span=(row["span_start"], row["span_end"]),
        ),
    )


class SearchIndex:
    """BM25 over the embedded store's items, rebuilt when imports change the data version."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: tuple[object, ...] | None = None
        self._rows: list[Row] = []
        self._index: bm25s.BM25 | None = None
        self.semantic = semantic.SemanticIndex()

    def _current(self, store: GraphStore) -> tuple[list[Row], bm25s.BM25 | None]:
        version_row = store.read(q.DATA_VERSION)[0]
        version = (store.location, version_row["reviews"], version_row["latest"], version_row["findings"])
        with self._lock:
            if version != self._version:
                rows = store.read(q.SEARCHABLE_ITEMS)
                index = None
                if rows:
                    corpus = bm25s.tokenize(
                        [row["text"] for row in rows], stopwords="en", stemmer=_STEMMER, show_progress=False
                    )
                    index = bm25s.BM25()
                    index.index(corpus, show_progress=False)
                self._rows, self._index, self._version = rows, index, version
            return self._rows, self._index

    def search(
        self, store: GraphStore, text: str, limit: int = 20, kind: str | None = None, mode: str = "words"
    ) -> list[SearchHit]:
        query = _parse_query(text)
        if store.backend == NEO4J:
            found = [
                (row, float(row["score"]))
                for row in store.read(q.FULLTEXT_SEARCH, {"lucene": _lucene(text, query), "limit": limit * 3})
            ]
        else:
            rows, index = self._current(store)
            if index is None:
                return []
            tokens = bm25s.tokenize([text], stopwords="en", stemmer=_STEMMER, show_progress=False)
            k = min(len(rows), max(limit * 5, 50))
            documents, scores = index.retrieve(tokens, k=k, show_progress=False, n_threads=1)
            found = [(rows[int(d)], float(s)) for d, s in zip(documents[0], scores[0], strict=True) if s > 0]
        boosted = []
        for row, score in found:
            if query.phrase and query.phrase in " ".join(row["text"].lower().split()):
                score *= PHRASE_BOOST
            boosted.append((row, score))
        boosted.sort(key=lambda pair: -pair[1])
        if mode == "hybrid":  # by meaning as well as words: graph/reads/semantic.py
            boosted = semantic.fuse(store, self.semantic, text, query.phrase, boosted)
        hits = [_hit(row, score, query) for row, score in boosted]
        if kind:
            hits = [hit for hit in hits if hit.kind == kind]
        return hits[:limit]
