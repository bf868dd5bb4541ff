"""Full-text search over findings and recommendations, with highlighted snippets and citations.

On either backend the process keeps a BM25 index (bm25s) over the store's items, rebuilt when what
it searches can have changed (`items_version`: an import), and ranks an exact phrase above
scattered words; both backends give the same hits in the same order. (Neo4j's full-text index
answered on Neo4j until December 2026: a common word's page read its 20,000 hits from Neo4j,
180-320 ms at 500 reports, where the process's index ranks them in a few milliseconds; it also
ranked apart from the embedded store.)
"""

from __future__ import annotations

import gc
import re
import threading
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import bm25s
import numpy as np
import Stemmer

from graph.reads import semantic
from graph.reads.aggregates import PAGES_KEPT, cached_where_versioned
from graph.reads.dates import date_bound, within_dates
from graph.reads.models import Citation, Page, SearchHit
from graph.reads.paging import decode_cursor, encode_cursor, page_limit
from graph.store import GraphStore, Row
from graph.store import queries as q
from peergraph.core.errors import BadRequestError

SNIPPET_CHARS = 280
PHRASE_BOOST = 2.0
MAX_CANDIDATES = 20_000
"""Passages kept per query, the best by score, before filters and paging (at 500 reports a common
word matches more: "care" is in most of 83,000 items)."""
_WORD = re.compile(r"\w[\w'’-]*")
_STEMMER = Stemmer.Stemmer("english")


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


def _phrase_text(text: str) -> str:
    """`text` lower-cased, its runs of white space one space: what a query's phrase is found in."""
    return " ".join(text.lower().split())


def _hit(row: Row, score: float, query: _Query) -> SearchHit:
    snippet, marks = highlight(row["text"], query)
    is_finding = row["kind"] == "Finding"
    return SearchHit(
        kind="finding" if is_finding else "recommendation",
        id=row["id"],
        score=round(score, 4),
        text=row["text"],
        snippet=snippet,
        highlights=marks,
        polarity=row.get("polarity") if is_finding else None,
        theme=row.get("theme"),
        region=row.get("region"),
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


SEARCH_KINDS = ("finding", "recommendation")
SEARCH_MODES = ("words", "hybrid")
SEARCH_POLARITIES = ("strength", "area_for_development", "mixed")


@dataclass(frozen=True)
class SearchQuery:
    """What to look for and where: the words, and filters on the passages' council and content.

    One object rather than more parameters, so a later ranking option (semantic ranking, say)
    is one more field here and the read functions keep their signature.
    """

    text: str
    region: str | None = None
    council: str | None = None
    theme: int | None = None
    polarity: str | None = None
    kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    mode: str = "words"
    """words: BM25 / full-text; hybrid: fused with nearest by meaning (exact phrases still first)."""

    def __post_init__(self) -> None:
        if self.mode not in SEARCH_MODES:
            raise BadRequestError("mode: expected words or hybrid")
        if self.kind is not None and self.kind not in SEARCH_KINDS:
            raise BadRequestError("kind: expected finding or recommendation")
        if self.polarity is not None and self.polarity not in SEARCH_POLARITIES:
            raise BadRequestError(f"polarity: expected one of {', '.join(SEARCH_POLARITIES)}")
        if self.theme is not None and self.theme not in (1, 2, 3, 4):
            raise BadRequestError("theme: expected 1, 2, 3 or 4")
        date_bound(self.date_from, "from", upper=False)
        date_bound(self.date_to, "to", upper=True)

    @property
    def filtered(self) -> bool:
        """Whether any filter is set (without one, `keeps` keeps every row)."""
        return any(
            value is not None for value in (self.region, self.council, self.theme, self.polarity, self.kind)
        ) or bool((self.date_from or "").strip() or (self.date_to or "").strip())

    def keeps(self, row: Row) -> bool:
        kind = "finding" if row["kind"] == "Finding" else "recommendation"
        if self.kind is not None and kind != self.kind:
            return False
        if self.polarity is not None and (kind != "finding" or row.get("polarity") != self.polarity):
            return False
        if self.region is not None and row.get("region") != self.region:
            return False
        if self.council is not None and row.get("council_id") != self.council:
            return False
        if self.theme is not None and row.get("theme") != self.theme:
            return False
        return within_dates(row.get("report_date"), self.date_from, self.date_to)


@dataclass(slots=True)
class Passage:
    """A ranked passage before it becomes a hit (snippets are cut only for the hits shown)."""

    row: Row
    score: float
    also_recommendations: list[str] = field(default_factory=list)
    rank: int = 0
    """Its place in the ranking it came from; a finding takes the best place of what it folds in."""


def one_per_passage(
    scored: list[tuple[Row, float]], holders: Mapping[str, tuple[str, ...]] | None = None
) -> list[Passage]:
    """Fold a recommendation that sits inside a matching finding's passage into that finding.

    An inline recommendation is a sentence of its finding: listing both shows one sentence
    twice. The finding keeps the better score and names the recommendation, so its trace is
    still one click away, and takes the better place of the two. `scored` is best first; so is
    the result.
    """
    passages = [Passage(row, score, rank=rank) for rank, (row, score) in enumerate(scored)]
    if holders is not None:
        return _folded_by_holders(passages, holders)
    findings: dict[str, list[Passage]] = defaultdict(list)
    recommendations = []
    for passage in passages:
        if passage.row["kind"] == "Finding":
            findings[passage.row["review_id"]].append(passage)
        else:
            recommendations.append(passage)
    folded: set[int] = set()  # id() of each recommendation folded into a finding
    for passage in recommendations:  # best first, so each holder names them best first
        row = passage.row
        start, end = row["span_start"], row["span_end"]
        for holder in findings.get(row["review_id"], ()):
            if holder.row["span_start"] <= start and end <= holder.row["span_end"]:
                holder.also_recommendations.append(row["id"])
                holder.score = max(holder.score, passage.score)
                holder.rank = min(holder.rank, passage.rank)
                folded.add(id(passage))
                break
    if not folded:
        return passages
    # The order it came in (by score, or fused with meaning and exact phrases first), not re-sorted.
    return sorted((p for p in passages if id(p) not in folded), key=lambda p: p.rank)


def _folded_by_holders(passages: list[Passage], holders: Mapping[str, tuple[str, ...]]) -> list[Passage]:
    """`one_per_passage` where each recommendation's holding findings are known beforehand
    (`holding_findings`): the best-placed of them among `passages` takes it. The same result, without
    a scan of its review's findings per recommendation (125 ms for a common word at 500 reports)."""
    # Each finding by its place as it came, which is the order the scan tries holders in
    placed = {p.row["id"]: (place, p) for place, p in enumerate(passages) if p.row["kind"] == "Finding"}
    folded = False
    for passage in passages:
        if passage.row["kind"] == "Finding":
            continue
        found = [placed[key] for key in holders.get(passage.row["id"], ()) if key in placed]
        if not found:
            continue
        holder = min(found, key=lambda entry: entry[0])[1]
        holder.also_recommendations.append(passage.row["id"])
        holder.score = max(holder.score, passage.score)
        holder.rank = min(holder.rank, passage.rank)
        passage.rank = -1
        folded = True
    if not folded:
        return passages
    return sorted((p for p in passages if p.rank >= 0), key=lambda p: p.rank)


def holding_findings(rows: list[Row]) -> dict[str, tuple[str, ...]]:
    """For each recommendation among `rows`, the findings of its review whose span holds its own."""
    return _holders_by_id(rows, _holding_places(rows))


def _holders_by_id(rows: list[Row], places: Mapping[int, tuple[int, ...]]) -> dict[str, tuple[str, ...]]:
    return {rows[rec]["id"]: tuple(rows[f]["id"] for f in found) for rec, found in places.items()}


def _holding_places(rows: list[Row]) -> dict[int, tuple[int, ...]]:
    """`holding_findings` by place in `rows`: each recommendation's place, its holders' places (in
    place order, both). One comparison of spans per review, each recommendation against each finding:
    a test per recommendation took 130 ms for a common word's 20,000 hits at 500 reports."""
    findings: dict[str, list[int]] = defaultdict(list)
    recommendations: dict[str, list[int]] = defaultdict(list)
    for place, row in enumerate(rows):
        if row["span_start"] is not None and row["span_end"] is not None:
            (findings if row["kind"] == "Finding" else recommendations)[row["review_id"]].append(place)
    holders: dict[int, tuple[int, ...]] = {}
    for review, held in recommendations.items():
        found = findings.get(review)
        if not found:
            continue
        starts, ends = (np.array([[rows[f][key] for f in found]]) for key in ("span_start", "span_end"))
        held_starts, held_ends = (
            np.array([[rows[r][key]] for r in held]) for key in ("span_start", "span_end")
        )
        inside = (starts <= held_starts) & (held_ends <= ends)  # a row per recommendation
        pairs: dict[int, list[int]] = defaultdict(list)
        for rec_at, finding_at in zip(*(axis.tolist() for axis in np.nonzero(inside)), strict=True):
            pairs[held[rec_at]].append(found[finding_at])
        holders.update((rec, tuple(places)) for rec, places in pairs.items())
    return dict(sorted(holders.items()))


@dataclass(frozen=True)
class Holdings:
    """Which findings hold which recommendations, by place in the index's rows, both ways, and as
    pairs of arrays for counting with numpy: built with the index, so that a page of hits can be
    folded without first building every passage (`first_passages`)."""

    holders: Mapping[int, tuple[int, ...]]
    held: Mapping[int, tuple[int, ...]]
    pair_recommendations: np.ndarray
    pair_findings: np.ndarray

    @classmethod
    def of(cls, rows: list[Row]) -> Holdings:
        holders = _holding_places(rows)
        held: dict[int, list[int]] = defaultdict(list)
        for recommendation, found in holders.items():
            for finding in found:
                held[finding].append(recommendation)
        pairs = [(rec, finding) for rec, found in holders.items() for finding in found]
        return cls(
            holders=holders,
            held={finding: tuple(recs) for finding, recs in held.items()},
            pair_recommendations=np.array([rec for rec, _ in pairs], dtype=np.int64),
            pair_findings=np.array([finding for _, finding in pairs], dtype=np.int64),
        )


def first_passages(
    rows: list[Row], order: np.ndarray, scores: np.ndarray, holdings: Holdings, stop: int
) -> tuple[list[Passage], int]:
    """The first `stop` passages of `one_per_passage` of the hits `order` (places in `rows`, best
    first, with `scores`), and how many there are in all: the same passages, scores, places and
    folded recommendations, for the cost of the page rather than of every hit (a common word's
    14,000 passages at 500 reports took 150-380 ms to build and fold)."""
    place = np.full(len(rows), -1, dtype=np.int64)
    place[order] = np.arange(len(order))
    # A recommendation folds away when one of its holders is among the hits
    held = (place[holdings.pair_recommendations] >= 0) & (place[holdings.pair_findings] >= 0)
    total = len(order) - len(np.unique(holdings.pair_recommendations[held]))

    def holder_of(recommendation: int) -> int | None:
        found = [f for f in holdings.holders.get(recommendation, ()) if place[f] >= 0]
        return min(found, key=lambda f: int(place[f])) if found else None

    passages: list[Passage] = []
    taken: set[int] = set()
    for position, item in enumerate(order.tolist()):
        if len(passages) >= stop:
            break
        head = item if rows[item]["kind"] == "Finding" else holder_of(item)
        if head is None:
            passages.append(Passage(rows[item], float(scores[position]), rank=position))
            continue
        if head in taken:
            continue
        taken.add(head)
        # Its folded recommendations best first, as the scan names them; it takes the best score
        folded = sorted(
            (r for r in holdings.held.get(head, ()) if place[r] >= 0 and holder_of(r) == head),
            key=lambda r: int(place[r]),
        )
        score = max(float(scores[place[member]]) for member in (head, *folded))
        passages.append(Passage(rows[head], score, [rows[r]["id"] for r in folded], rank=position))
    return passages, total


def _passage_hit(passage: Passage, query: _Query) -> SearchHit:
    hit = _hit(passage.row, passage.score, query)
    hit.also_recommendations = list(passage.also_recommendations)
    return hit


def page_of(passages: list[Passage], text: str, *, limit: int, cursor: str | None) -> Page[SearchHit]:
    """The page of ranked `passages` after `cursor` (an offset into them), as hits with snippets."""
    (offset,) = decode_cursor(cursor, [0])
    if offset < 0:
        raise BadRequestError("cursor: not a cursor this API issued")
    chosen = passages[offset : offset + page_limit(limit)]
    end = offset + len(chosen)
    parsed = _parse_query(text)
    return Page(
        items=[_passage_hit(p, parsed) for p in chosen],
        next_cursor=encode_cursor(end) if end < len(passages) else None,
    )


def cursor_offset(cursor: str | None) -> int:
    """How many hits come before the page a cursor opens (for "results 21 to 40")."""
    (offset,) = decode_cursor(cursor, [0])
    return int(offset)


@dataclass(frozen=True)
class _Built:
    """One build of the index, for one data version: read together, so a query never mixes two."""

    rows: list[Row]
    bm25: bm25s.BM25 | None
    phrase_texts: list[str]
    holders: dict[str, tuple[str, ...]]
    holdings: Holdings

    @classmethod
    def of(cls, rows: list[Row]) -> _Built:
        index = None
        if rows:
            corpus = bm25s.tokenize(
                [row["text"] for row in rows], stopwords="en", stemmer=_STEMMER, show_progress=False
            )
            index = bm25s.BM25()
            index.index(corpus, show_progress=False)
        holdings = Holdings.of(rows)
        return cls(
            rows=rows,
            bm25=index,
            # Per query this was a lower() and split() of every candidate
            phrase_texts=[_phrase_text(row["text"]) for row in rows],
            holders=_holders_by_id(rows, holdings.holders),
            holdings=holdings,
        )


def items_version(store: GraphStore) -> tuple[object, ...]:
    """What changes when the searched rows can: an import or a replaced report (the reviews, the
    latest import, the findings). Not the data version, which every write moves: an action's status
    or a re-tag would rebuild the index (10 s at 500 reports on Neo4j) for rows that did not change.
    A text edited by hand in Cypher (`peergraph query --write`) shows after the next import."""
    row = store.read(q.DATA_VERSION)[0]
    return (row["reviews"], row["latest"], row["findings"])


class SearchIndex:
    """BM25 over the store's items, rebuilt when imports change the data version."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: tuple[object, ...] | None = None
        self._built = _Built.of([])
        self.semantic = semantic.SemanticIndex()

    def _current(self, store: GraphStore) -> _Built:
        version = (store.location, id(store), *items_version(store))
        with self._lock:
            if version != self._version:
                # By id, so that a row's place breaks ties in score as its id would
                self._built = _Built.of(sorted(store.read(q.SEARCHABLE_ITEMS), key=lambda row: row["id"]))
                self._version = version
                # The index lives until the data changes: out of the cyclic collector's full passes,
                # which walked it every few queries (30-50 ms each at 500 reports; frozen: 1-3 ms).
                # Its objects hold no cycles, so reference counting still frees them when replaced.
                gc.freeze()
            return self._built

    def warm(self, store: GraphStore) -> None:
        """Build the index for the store's current data now, not at the next search."""
        self._current(store)

    def _word_ranking(
        self, store: GraphStore, query: SearchQuery, parsed: _Query
    ) -> tuple[_Built, np.ndarray, np.ndarray]:
        """The store's passages holding any of the words and passing the filters, as their
        places in the index's rows best first and their scores, an exact phrase's score doubled; one
        score array for all items, then only the candidates."""
        built = self._current(store)
        rows, index = built.rows, built.bm25
        tokens = bm25s.tokenize(
            [query.text], stopwords="en", stemmer=_STEMMER, return_ids=False, show_progress=False
        )[0]
        if index is None or not tokens:
            return built, np.array([], dtype=np.int64), np.array([], dtype=np.float64)
        scores = index.get_scores(list(tokens))
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > MAX_CANDIDATES:
            candidates = candidates[np.argpartition(-scores[candidates], MAX_CANDIDATES)[:MAX_CANDIDATES]]
        if query.filtered:
            candidates = candidates[np.array([query.keeps(rows[int(i)]) for i in candidates], dtype=bool)]
        boosted = scores[candidates].astype(np.float64)
        if parsed.phrase:
            needle = max(parsed.phrase.split(), key=len)
            texts = built.phrase_texts
            has_phrase = [needle in texts[i] and parsed.phrase in texts[i] for i in candidates.tolist()]
            boosted[np.array(has_phrase, dtype=bool)] *= PHRASE_BOOST
        order = np.lexsort((candidates, -boosted))  # best first; rows are in id order, so ties go by id
        return built, candidates[order], boosted[order]

    def _word_hits(
        self, store: GraphStore, query: SearchQuery, parsed: _Query
    ) -> tuple[list[tuple[Row, float]], dict[str, tuple[str, ...]]]:
        """`_word_ranking` as rows and scores, with each recommendation's holding findings."""
        built, places, scores = self._word_ranking(store, query, parsed)
        hits = [(built.rows[i], score) for i, score in zip(places.tolist(), scores.tolist(), strict=True)]
        return hits, built.holders

    def passages(self, store: GraphStore, query: SearchQuery) -> list[Passage]:
        """Every passage matching the words (and, in hybrid mode, the meaning) and the filters,
        best first, one per passage."""
        parsed = _parse_query(query.text)
        boosted, holders = self._word_hits(store, query, parsed)
        if query.mode == "hybrid":  # by meaning as well as words: graph/reads/semantic.py
            fused = semantic.fuse(store, self.semantic, query.text, parsed.phrase, boosted)
            boosted = [(row, score) for row, score in fused if query.keeps(row)]
        return one_per_passage(boosted, holders)

    def ranked(self, store: GraphStore, query: SearchQuery) -> list[SearchHit]:
        """Every hit, best first (for exports: all of them, each with its snippet)."""
        parsed = _parse_query(query.text)
        return [_passage_hit(p, parsed) for p in self.passages(store, query)]

    def page(
        self, store: GraphStore, query: SearchQuery, *, limit: int = 20, cursor: str | None = None
    ) -> tuple[Page[SearchHit], int]:
        """One page of hits, and how many passages there are in all: the cursor carries how many came
        before; only these get snippets. Kept until the data changes. Words alone fold only as far as
        the page (`first_passages`), from the index's rows."""
        return cached_where_versioned(
            store,
            "search_page",
            (query, limit, cursor),
            lambda: self._page(store, query, limit, cursor),
            keep=PAGES_KEPT,
        )

    def _page(
        self, store: GraphStore, query: SearchQuery, limit: int, cursor: str | None
    ) -> tuple[Page[SearchHit], int]:
        if query.mode == "hybrid":
            passages = self.passages(store, query)
            return page_of(passages, query.text, limit=limit, cursor=cursor), len(passages)
        parsed = _parse_query(query.text)
        stop = cursor_offset(cursor) + page_limit(limit) + 1  # one more, to know if a page follows
        built, places, scores = self._word_ranking(store, query, parsed)
        first, total = first_passages(built.rows, places, scores, built.holdings, stop)
        return page_of(first, query.text, limit=limit, cursor=cursor), total

    def search_page(
        self, store: GraphStore, query: SearchQuery, *, limit: int = 20, cursor: str | None = None
    ) -> Page[SearchHit]:
        """One page of hits (`page` without the count)."""
        return self.page(store, query, limit=limit, cursor=cursor)[0]

    def search(
        self, store: GraphStore, text: str, limit: int = 20, kind: str | None = None, mode: str = "words"
    ) -> list[SearchHit]:
        """The first `limit` hits for `text` (of one kind, if given)."""
        return self.search_page(store, SearchQuery(text, kind=kind, mode=mode), limit=limit).items
