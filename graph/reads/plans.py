"""Every combination of filters the findings and recommendations pages can ask for, so that a
Neo4j server can plan each one before a reader does.

Neo4j keeps a plan per query text and per the types of its parameters, so a filter written
`$region IS NULL OR c.region = $region` is planned once with `region` null and once with it set: each
combination of set filters is a plan of its own. On a freshly started Neo4j at 500 reports, planning
one of these took 150-350 ms (115-260 ms still after 500 others) where running it planned took
5-25 ms. Running each combination once, with values from the store, fills the plan cache.

By default Neo4j also keys a plan by the size class of each string and list parameter (0, 1, up to
10, up to 100...), so "East Midlands" after "North East" was planned again. The Neo4j servers this
project starts turn that off (`internal.cypher.use_parameter_size=false`: tools/neo4j,
docker-compose.yml); on a Neo4j of your own, set it too, or each size class is planned on its first
request. The embedded store keeps no plans, so this is for Neo4j alone (api/warming.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import Any

from graph.store import GraphStore, Params
from graph.store import queries as q
from graph.store.queries import Query

# A value of each filter's type, as graph/reads/reviews.py sends it, where the store has no item with
# a value for every filter (what matters to the planner is the type).
PLACEHOLDERS: dict[str, Any] = {
    "council": "",
    "region": "",
    "theme": 0,
    "quality_statement": "",
    "polarity": "",
    "section": "",
    "pattern": "",
    "q": "",
    "owner": "",
    "owner_ids": [""],
    "status": "none",
    "source": "",
    "firm": False,
}
_PAGE = {"after_review": "", "after_ordinal": -1, "limit": 50}
_ITEM = ("council", "region", "theme", "q")
_RECOMMENDATION = (*_ITEM, "source", "firm")

# Each page query, the filters it may be sent with or without, and what it is always sent.
PAGE_QUERIES: tuple[tuple[Query, tuple[str, ...], tuple[str, ...], Params], ...] = (
    (q.FINDINGS_PAGE_KEYS, (*_ITEM, "quality_statement", "polarity", "section", "pattern"), (), {}),
    (q.RECOMMENDATIONS_PAGE_KEYS, _RECOMMENDATION, (), {"owner": None, "status": None, "standing": False}),
    (
        q.RECOMMENDATIONS_OF_OWNER_PAGE_KEYS,
        _RECOMMENDATION,
        ("owner", "owner_ids"),
        {"status": None, "standing": False},
    ),
    (q.RECOMMENDATIONS_PAGE, (*_RECOMMENDATION, "owner"), ("status",), {"standing": False}),
)


def filter_examples(store: GraphStore) -> tuple[Params, Params]:
    """Values for every filter, from one finding and one recommendation of the store (so that each
    plan's first run reads real rows: on a fresh Neo4j that first run took 100-240 ms more, planned or
    not), and PLACEHOLDERS where the store has none."""
    examples = []
    for query in (q.FINDING_FILTER_EXAMPLE, q.RECOMMENDATION_FILTER_EXAMPLE):
        rows = store.read(query)
        found = dict(rows[0]) if rows else {}
        if found:
            # A piece of the item's own text, for the words filter (`toLower(x.text) CONTAINS ...`)
            found["q"] = str(found.pop("text"))[:12].lower()
        if "owner_id" in found:
            found["owner_ids"] = [found.pop("owner_id")]
        examples.append(PLACEHOLDERS | {key: value for key, value in found.items() if value is not None})
    return examples[0], examples[1]


def filter_shapes(store: GraphStore) -> Iterator[tuple[Query, Params]]:
    """Each page query with each combination of its filters set, the fewest filters first (the
    commonest asks are planned soonest)."""
    finding, recommendation = filter_examples(store)
    for query, filters, set_always, always in PAGE_QUERIES:
        values = finding if query is q.FINDINGS_PAGE_KEYS else recommendation
        fixed = {**_PAGE, **always, **{name: values[name] for name in set_always}}
        for count in range(len(filters) + 1):
            for chosen in combinations(filters, count):
                yield query, fixed | {name: values[name] if name in chosen else None for name in filters}
