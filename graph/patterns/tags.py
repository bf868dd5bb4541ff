"""Tags in the graph: each review's items tagged with patterns, and people's curation of tags.

Tags are written per review: a review's unconfirmed tags are replaced by the tagger's current
output, so re-tagging is idempotent. A person's decisions are `TagDecision` nodes keyed by item
and pattern: a rejected pair is never tagged again, a confirmed one is never removed, and both
survive re-imports of an unchanged item (ids hash the item's text).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_cache_dir

from graph.patterns.catalogue import library
from graph.patterns.embeddings import DIMENSION, MODEL_ID, Embedder, get_embedder
from graph.patterns.library import Pattern
from graph.patterns.tagger import PatternTag, TagItem, tag_items
from graph.patterns.vector_cache import FILE_NAME, VectorCache
from graph.store import GraphStore, Row, Tx
from graph.store import queries as q
from graph.store.queries import EMBEDDED
from peergraph.core.errors import BadRequestError, NotFoundError
from peergraph.core.settings import Settings

CONFIRM, REJECT = "confirm", "reject"
Tagger = Callable[[list[TagItem]], list[PatternTag]]


def default_tagger(patterns: Sequence[Pattern], embedder: Embedder | None = None) -> Tagger:
    return lambda items: tag_items(items, patterns, embedder=embedder)


def vector_cache_for(store: GraphStore, settings: Settings) -> VectorCache | None:
    """The on-disk sentence-vector cache for this store: beside an embedded store, else the user cache."""
    path = _vector_cache_path(store, settings)
    return VectorCache(path, MODEL_ID, DIMENSION, settings.embedding_cache_rows) if path else None


def _vector_cache_path(store: GraphStore, settings: Settings) -> Path | None:
    if settings.embedding_cache_rows <= 0:
        return None
    if settings.embedding_cache is not None:
        return settings.embedding_cache
    if store.backend == EMBEDDED:
        return Path(store.location).parent / FILE_NAME
    return Path(user_cache_dir("peergraph")) / FILE_NAME


@dataclass(frozen=True)
class TaggerRecipe:
    """What `store_tagger` builds a tagger from, plain enough to hand to another process (which then
    loads the model there, not here): the library in force and where sentence vectors are kept."""

    patterns: tuple[Pattern, ...]
    vector_cache: Path | None
    vector_cache_rows: int

    def tagger(self) -> Tagger:
        cache = self.vector_cache
        disk = VectorCache(cache, MODEL_ID, DIMENSION, self.vector_cache_rows) if cache else None
        return default_tagger(self.patterns, get_embedder().with_disk(disk))


def tagger_recipe(store: GraphStore, settings: Settings) -> TaggerRecipe:
    return TaggerRecipe(
        tuple(library(store, settings)), _vector_cache_path(store, settings), settings.embedding_cache_rows
    )


def tagger_for(store: GraphStore, settings: Settings) -> Tagger | None:
    """The tagger imports use: the library in force for this store, or None when tagging is off.

    Its embedder keeps sentence vectors on disk (vector_cache_for), so re-importing, re-tagging
    or importing a report that repeats another's sentences does not run the model again.
    """
    return store_tagger(store, settings) if settings.tag_on_import else None


def store_tagger(store: GraphStore, settings: Settings, patterns: Sequence[Pattern] | None = None) -> Tagger:
    """A tagger for this store's library (or `patterns`) whose vectors persist beside the store."""
    chosen = tuple(patterns) if patterns is not None else tuple(library(store, settings))
    return TaggerRecipe(chosen, _vector_cache_path(store, settings), settings.embedding_cache_rows).tagger()


@dataclass(frozen=True)
class TagCounts:
    reviews: int
    items: int
    tags: int


def pattern_decisions(store: GraphStore, item_ids: list[str]) -> dict[tuple[str, str], str]:
    rows = store.read(q.TAG_DECISIONS, {"items": item_ids})
    return {(row["item_id"], row["pattern_id"]): row["decision"] for row in rows}


def write_review_tags(
    tx: Tx, review_id: str, items: list[Row], tags: list[PatternTag], decisions: dict[tuple[str, str], str],
    pattern: str | None = None,
) -> int:  # fmt: skip
    """Replace a review's unconfirmed tags (of one pattern, or all) with `tags`, honouring decisions."""
    kinds = {item["id"]: item["kind"] for item in items}
    rows: dict[str, list[Row]] = {"Finding": [], "Recommendation": []}
    for tag in tags:
        decision = decisions.get((tag.key, tag.pattern_id))
        if decision == REJECT or tag.key not in kinds:
            continue
        rows[kinds[tag.key]].append(
            {
                "item_id": tag.key,
                "pattern_id": tag.pattern_id,
                "score": tag.score,
                "method": tag.method,
                "evidence": tag.evidence,
                "closest": tag.closest,
                "confirmed": True if decision == CONFIRM else None,
            }
        )
    tx.run(q.DELETE_UNCONFIRMED_TAGS, {"review_id": review_id, "pattern": pattern})
    if rows["Finding"]:
        tx.run(q.MERGE_FINDING_TAGS, {"rows": rows["Finding"]})
    if rows["Recommendation"]:
        tx.run(q.MERGE_RECOMMENDATION_TAGS, {"rows": rows["Recommendation"]})
    return len(rows["Finding"]) + len(rows["Recommendation"])


def tag_review(store: GraphStore, review_id: str, tagger: Tagger, pattern: str | None = None) -> int:
    """Tag one stored review's findings and recommendations; returns the tags written."""
    rows = store.read(q.REVIEW_FINDINGS, {"review_id": review_id})
    items = [{"id": r["id"], "kind": "Finding", "text": r["text"], "polarity": r["polarity"]} for r in rows]
    items += [
        {"id": r["id"], "kind": "Recommendation", "text": r["text"], "polarity": None}
        for r in store.read(q.REVIEW_RECOMMENDATIONS, {"review_id": review_id})
    ]
    tags = tagger([TagItem(item["id"], item["text"], item["polarity"]) for item in items])
    if pattern:
        tags = [tag for tag in tags if tag.pattern_id == pattern]
    decisions = pattern_decisions(store, [item["id"] for item in items])
    return store.write(lambda tx: write_review_tags(tx, review_id, items, tags, decisions, pattern))


def tag_store(
    store: GraphStore,
    tagger: Tagger,
    pattern: str | None = None,
    on_review: Callable[[str], None] | None = None,
) -> TagCounts:
    """Re-tag every review (one transaction each), keeping people's decisions."""
    reviews = [row["id"] for row in store.read(q.REVIEWS)]
    items = tags = 0
    for review_id in reviews:
        tags += tag_review(store, review_id, tagger, pattern)
        items += len(store.read(q.REVIEW_ITEMS, {"review_id": review_id}))
        if on_review is not None:
            on_review(review_id)
    return TagCounts(len(reviews), items, tags)


def item_council(store: GraphStore, item_id: str) -> str:
    """The council whose review holds a finding or recommendation (404 when there is none)."""
    items = store.read(q.ITEM_BY_ID, {"id": item_id})
    if not items:
        raise NotFoundError(f"no finding or recommendation with id {item_id!r}")
    return str(items[0]["council_id"])


def decide(
    store: GraphStore, item_id: str, pattern_id: str, decision: str, by: str, note: str | None = None
) -> Row:
    """Confirm or reject one tag; the decision is kept and later tagging respects it."""
    if decision not in (CONFIRM, REJECT):
        raise BadRequestError(f"decision: expected {CONFIRM} or {REJECT}")
    items = store.read(q.ITEM_BY_ID, {"id": item_id})
    if not items:
        raise NotFoundError(f"no finding or recommendation with id {item_id!r}")
    if not any(row["id"] == pattern_id for row in store.read(q.PATTERN_LIST)):
        raise NotFoundError(f"no pattern with id {pattern_id!r}")
    item = items[0]
    at = datetime.now(UTC).isoformat(timespec="seconds")

    def work(tx: Tx) -> None:
        tx.run(
            q.RECORD_TAG_DECISION,
            {"id": f"{item_id}|{pattern_id}", "item_id": item_id, "pattern_id": pattern_id, "decision": decision,
             "by": by, "at": at, "note": note},
        )  # fmt: skip
        if decision == REJECT:
            tx.run(q.DELETE_TAG, {"item_id": item_id, "pattern_id": pattern_id})
            return
        merge = q.MERGE_FINDING_TAGS if item["kind"] == "Finding" else q.MERGE_RECOMMENDATION_TAGS
        existing = [
            row
            for row in tx.run(q.TAG_ROWS, {"pattern": pattern_id, "region": None})
            if row["item_id"] == item_id
        ]
        current = (
            existing[0]
            if existing
            else {"score": 1.0, "method": "curated", "evidence": item["text"], "closest": ""}
        )
        tx.run(
            merge,
            {"rows": [{"item_id": item_id, "pattern_id": pattern_id, "score": current["score"],
                       "method": current["method"], "evidence": current["evidence"],
                       "closest": current["closest"], "confirmed": True}]},
        )  # fmt: skip

    store.write(work)
    return {"item_id": item_id, "pattern_id": pattern_id, "decision": decision, "by": by, "at": at}
