"""What the store holds: totals, counts per label and relationship, per region and per council."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.store import GraphStore
from graph.store import queries as q

REFERENCE_LABELS = {"Meta", "Region", "Council", "Theme", "QualityStatement", "Owner"}


@dataclass(frozen=True)
class StoreStats:
    backend: str
    location: str
    totals: dict[str, int]
    labels: dict[str, int]
    relationships: dict[str, int]
    regions: list[dict[str, Any]]
    councils: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        """`councils` and `regions` count those with at least one review, not the reference table."""
        return {
            **self.totals,
            "backend": self.backend,
            "location": self.location,
            "labels": self.labels,
            "relationships": self.relationships,
            "by_region": self.regions,
            "by_council": self.councils,
        }


def store_stats(store: GraphStore) -> StoreStats:
    totals_row = store.read(q.TOTALS)
    keys = ("councils", "regions", "reviews", "findings", "recommendations", "action_items")
    totals = {key: int(totals_row[0][key]) if totals_row else 0 for key in keys}
    labels = {row["label"]: int(row["count"]) for row in store.read(q.COUNT_BY_LABEL)}
    relationships = {row["type"]: int(row["count"]) for row in store.read(q.COUNT_BY_REL)}
    totals["reference_councils"] = labels.get("Council", 0)
    return StoreStats(
        backend=store.backend,
        location=store.location,
        totals=totals,
        labels=dict(sorted(labels.items())),
        relationships=dict(sorted(relationships.items())),
        regions=store.read(q.REVIEWED_BY_REGION),
        councils=store.read(q.REVIEWED_BY_COUNCIL),
    )
