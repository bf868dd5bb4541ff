"""graph/store/one_record.py: a read's last RETURN becomes a WITH and one collected list.

That the rewritten queries answer what the originals do, row for row, is checked on a real Neo4j
for every named read in tests/test_backend_parity.py.
"""

from __future__ import annotations

import pytest

from graph.store.one_record import ROWS, one_record


def test_the_last_return_projects_orders_and_limits_before_one_collect() -> None:
    rewritten = one_record(
        "MATCH (r:Region) RETURN r.code AS code, r.name AS name ORDER BY code DESC LIMIT $limit"
    )
    assert rewritten is not None
    assert rewritten.cypher == (
        "MATCH (r:Region) WITH r.code AS code, r.name AS name ORDER BY code DESC LIMIT $limit"
        f" RETURN collect([code, name]) AS {ROWS}"
    )
    assert rewritten.columns == ("code", "name")


def test_distinct_skip_and_variables_named_as_they_are_carry_over() -> None:
    rewritten = one_record("MATCH (c:Council) WITH c, 1 AS one RETURN DISTINCT c.id AS id, one SKIP 2")
    assert rewritten is not None
    assert rewritten.cypher == (
        f"MATCH (c:Council) WITH c, 1 AS one WITH DISTINCT c.id AS id, one SKIP 2 RETURN collect([id, one]) AS {ROWS}"
    )
    assert rewritten.columns == ("id", "one")


def test_returns_inside_brackets_and_strings_are_not_the_query_s_own() -> None:
    cypher = (
        "MATCH (c:Council) WHERE c.name <> 'RETURN x AS y' AND EXISTS { MATCH (c)--(v) RETURN v } "
        "CALL { WITH c MATCH (c)--(r:Region) RETURN r LIMIT 1 } "
        "RETURN c.id AS id, {name: c.name, limit: 3, region: r.name} AS shown, [x IN [1, 2] | x] AS xs"
    )
    rewritten = one_record(cypher)
    assert rewritten is not None
    assert rewritten.columns == ("id", "shown", "xs")
    assert rewritten.cypher.startswith(cypher.rsplit("RETURN c.id", 1)[0] + "WITH c.id AS id, {name: c.name")
    assert rewritten.cypher.endswith(f"RETURN collect([id, shown, xs]) AS {ROWS}")


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (a:Region) RETURN a.code AS code UNION MATCH (b:Region) RETURN b.name AS code",
        "MATCH (r:Region) RETURN *",
        "MATCH (r:Region) RETURN count(*)",
        "MATCH (r:Region) RETURN r.code",
        "MATCH (r:Region) RETURN r.code AS code, r.name AS code",
        "CREATE (:Region {code: $code})",
    ],
    ids=["union", "star", "unnamed aggregate", "unnamed property", "one name twice", "no return"],
)
def test_what_it_cannot_name_stays_as_it_is(cypher: str) -> None:
    assert one_record(cypher) is None
