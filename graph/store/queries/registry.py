"""The registry of named queries: `Query`, with a per-backend variant only where dialects differ.

Every query is registered in `QUERIES` under its name, so the contract tests can run each one on
every backend.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

EMBEDDED, NEO4J = "embedded", "neo4j"


@dataclass(frozen=True)
class Query:
    name: str
    cypher: str
    variants: Mapping[str, str] = field(default_factory=dict)
    writes: bool = False
    only: str | None = None
    """The one backend this query exists for (e.g. Neo4j's version count), or None for both."""

    def for_backend(self, backend: str) -> str:
        if self.only is not None and backend != self.only:
            raise ValueError(f"query {self.name} runs on {self.only} only, not {backend}")
        return self.variants.get(backend, self.cypher)


QUERIES: dict[str, Query] = {}


def _query(
    name: str, cypher: str, *, writes: bool = False, only: str | None = None, **variants: str
) -> Query:
    assert name not in QUERIES, f"duplicate query name {name}"
    query = Query(
        name, " ".join(cypher.split()), {k: " ".join(v.split()) for k, v in variants.items()}, writes, only
    )
    QUERIES[name] = query
    return query
