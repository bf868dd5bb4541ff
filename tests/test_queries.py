"""The named queries' shape: what every statement must (and must not) look like."""

from __future__ import annotations

import re

import pytest

import graph.cqc.queries  # noqa: F401  (registers the CQC queries, so they are checked too)
from graph import queries as q

# `MATCH (a:L {k: ...}), (b:M {k: ...})`: LadybugDB scans all of M for it (see graph/queries.py).
KEYED_PAIR = re.compile(r"MATCH\s*\([^()]*\{[^}]*\}\)\s*,\s*\([^()]*\{[^}]*\}\)")


@pytest.mark.parametrize("name", sorted(q.QUERIES))
def test_no_query_looks_up_two_keyed_nodes_in_one_match(name: str) -> None:
    query = q.QUERIES[name]
    for cypher in (query.cypher, *query.variants.values()):
        assert not KEYED_PAIR.search(cypher), f"{name}: split the MATCH in two"


def test_the_keyed_pair_check_catches_the_slow_form() -> None:
    assert KEYED_PAIR.search(
        "UNWIND $rows AS row MATCH (r:Recommendation {id: row.id}), (f:Finding {id: row.f})"
    )
    assert not KEYED_PAIR.search("MATCH (r:Recommendation {id: row.id})\n MATCH (f:Finding {id: row.f})")
