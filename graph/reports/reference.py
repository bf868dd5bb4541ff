"""Reference nodes every store holds: regions, councils, CQC themes and quality statements, owner roles,
and the bootstrap that seeds them with the pattern library before anything is loaded.

They come from the project's reference tables, never from what a report happens to spell, so
"Torbay Council (The Council)" and "Torbay" both land on the one Council node E06000027.
"""

from __future__ import annotations

from graph.patterns.catalogue import seed_patterns
from graph.reports.ids import owner_id
from graph.store import GraphStore, Tx
from graph.store.queries import (
    MERGE_COUNCILS,
    MERGE_OWNERS,
    MERGE_QUALITY_STATEMENTS,
    MERGE_REGIONS,
    MERGE_THEMES,
)
from importers.councils import REGION_CODES, load_councils
from importers.framework import QUALITY_STATEMENTS, THEMES
from importers.owners import OWNER_ROLES
from peergraph.core.settings import Settings


def seed_reference_data(store: GraphStore, settings: Settings) -> None:
    councils = load_councils(settings.extra_council_files)

    def work(tx: Tx) -> None:
        tx.run(MERGE_REGIONS, {"rows": [{"code": code, "name": name} for name, code in REGION_CODES.items()]})
        tx.run(
            MERGE_COUNCILS,
            {
                "rows": [
                    {
                        "id": c.id,
                        "name": c.name,
                        "short_name": c.short_name,
                        "type": c.type,
                        "region": c.region,
                    }
                    for c in councils
                ]
            },
        )
        tx.run(MERGE_THEMES, {"rows": [{"number": number, "name": name} for number, name in THEMES.items()]})
        tx.run(
            MERGE_QUALITY_STATEMENTS,
            {
                "rows": [
                    {"id": qs.id, "number": qs.number, "name": qs.name, "theme": qs.theme}
                    for qs in QUALITY_STATEMENTS
                ]
            },
        )
        tx.run(
            MERGE_OWNERS,
            {
                "rows": [
                    {"id": owner_id(role.name), "name": role.name, "kind": role.kind} for role in OWNER_ROLES
                ]
            },
        )

    store.write(work)


def bootstrap_store(store: GraphStore, settings: Settings) -> None:
    """Seed the reference data and the pattern library (idempotent); the commands that load data call it."""
    seed_reference_data(store, settings)
    seed_patterns(store, settings)
