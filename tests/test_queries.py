"""The named queries' shape: what every statement must (and must not) look like."""

from __future__ import annotations

import re

import pytest

import graph.cqc.queries  # noqa: F401  (registers the CQC queries, so they are checked too)
from graph.store import queries as q

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


# Every property a query sets or reads must be one its node (or relationship) type declares in
# graph/store/model.py: the model is the one description of each node type.
_NODE = re.compile(r"\((\w+):(\w+)")
_REL = re.compile(r"\[(\w+):(\w+)")
_PROPERTY = re.compile(r"(?<![\w.$])(\w+)\.(\w+)\b")
_MAP_KEYS = re.compile(r"\((\w+):(\w+)\s*\{([^}]*)\}")


def property_problems(cypher: str) -> list[str]:
    """`var.property` uses (set, read or in a node's map) that the model does not declare."""
    from graph.store.model import NODES_BY_LABEL, RELS_BY_NAME

    declared: dict[str, set[str]] = {}
    for variable, label in _NODE.findall(cypher):
        if label in NODES_BY_LABEL:
            declared[variable] = set(NODES_BY_LABEL[label].properties)
    for variable, name in _REL.findall(cypher):
        if name in RELS_BY_NAME:
            declared[variable] = set(RELS_BY_NAME[name].properties)
    problems = [
        f"{variable}.{prop}"
        for variable, prop in _PROPERTY.findall(cypher)
        if variable in declared and prop not in declared[variable]
    ]
    for _variable, label, body in _MAP_KEYS.findall(cypher):
        keys = re.findall(r"(\w+)\s*:", body)
        if label in NODES_BY_LABEL:
            problems += [f"{label}.{key}" for key in keys if key not in NODES_BY_LABEL[label].properties]
    return problems


@pytest.mark.parametrize("name", sorted(q.QUERIES))
def test_every_property_a_query_sets_or_reads_is_in_the_model(name: str) -> None:
    query = q.QUERIES[name]
    for cypher in (query.cypher, *query.variants.values()):
        assert property_problems(cypher) == [], f"{name}: not in graph/store/model.py"


def test_the_property_check_catches_an_unknown_property() -> None:
    assert property_problems("MATCH (f:Finding) SET f.colour = 'red'") == ["f.colour"]
    assert property_problems("MATCH (f:Finding) RETURN f.txt AS text") == ["f.txt"]
    assert property_problems("CREATE (a:ActionItem {id: $id, colour: $c})") == ["ActionItem.colour"]
    assert property_problems("MATCH (a)-[i:INSTANCE_OF]->(p:Pattern) SET i.scor = 1") == ["i.scor"]
    assert property_problems("MATCH (f:Finding) SET f.text = row.anything RETURN f.id AS id") == []
