"""The patterns a store holds: Pattern nodes seeded from the library, those accepted from discovery,
and the library in force (built-in, the user's pattern files, then the store's accepted ones).

No model or numpy here: seeding a store's Pattern nodes needs only the YAML library.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from graph.patterns.library import Pattern, load_patterns
from graph.store import GraphStore
from graph.store import queries as q
from peergraph.core.settings import Settings


def pattern_rows(patterns: Sequence[Pattern], origin: str) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "name": p.name,
            "description": p.description,
            "origin": origin if p.source == "builtin" or origin == "accepted" else "user",
            "phrasings": json.dumps(list(p.phrasings), ensure_ascii=False),
            "keywords": json.dumps(list(p.keywords), ensure_ascii=False),
            "threshold": p.threshold,
        }
        for p in patterns
    ]


def accepted_patterns(store: GraphStore) -> list[Pattern]:
    """Patterns accepted from discovery candidates: their definitions live in the graph itself."""
    return [
        Pattern(
            id=row["id"],
            name=row["name"],
            description=row["description"] or "",
            phrasings=tuple(json.loads(row["phrasings"] or "[]")),
            keywords=tuple(json.loads(row["keywords"] or "[]")),
            threshold=row["threshold"],
            source="accepted",
        )
        for row in store.read(q.ACCEPTED_PATTERNS)
    ]


def library(store: GraphStore, settings: Settings) -> list[Pattern]:
    """The patterns in force: built-in, the user's pattern files, then those accepted in this store."""
    patterns = load_patterns(settings.pattern_file_paths)
    known = {p.id for p in patterns}
    return patterns + [p for p in accepted_patterns(store) if p.id not in known]


def seed_patterns(store: GraphStore, settings: Settings) -> None:
    """Pattern nodes for the built-in library and the user's pattern files (reference data)."""
    patterns = load_patterns(settings.pattern_file_paths)
    store.write(lambda tx: tx.run(q.MERGE_PATTERNS, {"rows": pattern_rows(patterns, "builtin")}))
