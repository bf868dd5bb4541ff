"""Export and restore: statements built from the fixed graph model, never from input."""

from __future__ import annotations

# Labels and relationship types cannot be parameters in Cypher; export and restore build their
# statements from the fixed graph model in graph/store/model.py, never from input.


def export_nodes_cypher(label: str) -> str:
    return f"MATCH (n:{label}) RETURN properties(n) AS props"


def export_rels_cypher(rel: str, source: str, target: str, source_key: str, target_key: str) -> str:
    return (
        f"MATCH (a:{source})-[r:{rel}]->(b:{target}) "
        f"RETURN a.{source_key} AS source, b.{target_key} AS target, properties(r) AS props"
    )


def restore_nodes_cypher(label: str, key: str, properties: list[str]) -> str:
    sets = ", ".join(f"n.{name} = row.{name}" for name in properties if name != key)
    return f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.{key}}})" + (f" SET {sets}" if sets else "")


def restore_rels_cypher(
    rel: str, source: str, target: str, source_key: str, target_key: str, properties: list[str]
) -> str:
    sets = ", ".join(f"r.{name} = row.props.{name}" for name in properties)
    return (
        f"UNWIND $rows AS row MATCH (a:{source} {{{source_key}: row.source}}), "
        f"(b:{target} {{{target_key}: row.target}}) MERGE (a)-[r:{rel}]->(b)"
        + (f" SET {sets}" if sets else "")
    )
