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
from typing import Any, Literal, NamedTuple

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


class PageQuery(NamedTuple):
    """A page query, the filters it may be sent with or without, the ones it is always sent set, what
    else it is always sent, and the kind of item whose values fill them."""

    query: Query
    filters: tuple[str, ...]
    set_always: tuple[str, ...]
    fixed: Params
    kind: Literal["finding", "recommendation"]


PAGE_QUERIES: tuple[PageQuery, ...] = (
    PageQuery(
        q.FINDINGS_PAGE_KEYS,
        (*_ITEM, "quality_statement", "polarity", "section", "pattern"),
        (),
        {},
        "finding",
    ),
    PageQuery(
        q.RECOMMENDATIONS_PAGE_KEYS,
        _RECOMMENDATION,
        (),
        {"owner": None, "status": None, "standing": False},
        "recommendation",
    ),
    PageQuery(
        q.RECOMMENDATIONS_OF_OWNER_PAGE_KEYS,
        _RECOMMENDATION,
        ("owner", "owner_ids"),
        {"status": None, "standing": False},
        "recommendation",
    ),
    PageQuery(
        q.RECOMMENDATIONS_PAGE,
        (*_RECOMMENDATION, "owner"),
        ("status",),
        {"standing": False},
        "recommendation",
    ),
)
_EXAMPLES = {"finding": q.FINDING_FILTER_EXAMPLE, "recommendation": q.RECOMMENDATION_FILTER_EXAMPLE}


def filter_examples(store: GraphStore) -> dict[str, Params]:
    """Values for every filter by kind of item, from one finding and one recommendation of the store
    (values of the sizes readers send, and rows for each plan's first run to read), and PLACEHOLDERS
    where the store has none."""
    examples: dict[str, Params] = {}
    for kind, query in _EXAMPLES.items():
        rows = store.read(query)
        found = dict(rows[0]) if rows else {}
        if found:
            # A piece of the item's own text, for the words filter (`toLower(x.text) CONTAINS ...`)
            found["q"] = str(found.pop("text"))[:12].lower()
        if "owner_id" in found:
            found["owner_ids"] = [found.pop("owner_id")]
        examples[kind] = PLACEHOLDERS | {key: value for key, value in found.items() if value is not None}
    return examples


def filter_shapes(store: GraphStore) -> Iterator[tuple[Query, Params]]:
    """Each page query with each combination of its filters set, the fewest filters first (the
    commonest asks are planned soonest)."""
    examples = filter_examples(store)
    for page in PAGE_QUERIES:
        values = examples[page.kind]
        fixed = {**_PAGE, **page.fixed, **{name: values[name] for name in page.set_always}}
        for count in range(len(page.filters) + 1):
            for chosen in combinations(page.filters, count):
                filters = {name: values[name] if name in chosen else None for name in page.filters}
                yield page.query, fixed | filters
