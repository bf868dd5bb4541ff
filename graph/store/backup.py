"""Back up the whole graph to JSON Lines or GraphML, and restore a JSON Lines backup.

A JSON Lines backup holds one object per line: first `{"peergraph_backup": 1, ...}`, then
`{"node": Label, "props": {...}}` for every node and `{"rel": TYPE, "from": [Label, key],
"to": [Label, key], "props": {...}}` for every relationship. Restore merges by key, so
restoring twice changes nothing. The whole file is checked before anything is written, so a bad
backup restores nothing. The embedded store then writes it in one transaction. Neo4j caps the
memory of a transaction (`db.memory.transaction.total.max`), so there it is written in
transactions of at most `GraphStore.rows_per_write` rows, nodes before the relationships that
join them. If the server fails part-way, restoring the same file again completes it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from graph.store import GraphStore, Tx
from graph.store import queries as q
from graph.store.model import NODE_TYPES, NODES_BY_LABEL, REL_TYPES, RELS_BY_NAME
from graph.store.schema import SCHEMA_VERSION
from peergraph.core.errors import InputFileError

BACKUP_FORMAT = 1
_SKIP_LABELS = {"Meta"}


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if not key.startswith("_")}


def backup_lines(store: GraphStore) -> Iterator[dict[str, Any]]:
    yield {"peergraph_backup": BACKUP_FORMAT, "schema_version": SCHEMA_VERSION, "backend": store.backend}
    for node in NODE_TYPES:
        if node.label in _SKIP_LABELS:
            continue
        for row in store.run_cypher(q.export_nodes_cypher(node.label)):
            yield {"node": node.label, "props": _clean(row["props"])}
    for rel in REL_TYPES:
        for source, target in rel.pairs:
            source_key, target_key = NODES_BY_LABEL[source].key, NODES_BY_LABEL[target].key
            cypher = q.export_rels_cypher(rel.name, source, target, source_key, target_key)
            for row in store.run_cypher(cypher):
                yield {
                    "rel": rel.name,
                    "from": [source, row["source"]],
                    "to": [target, row["target"]],
                    "props": _clean(row["props"] or {}),
                }


SECURITY_LABELS = frozenset({"ApiKey"})
"""Node labels of backups made before credentials left the graph (schema version 2): skipped."""


def export_jsonl(store: GraphStore, out: TextIO) -> int:
    count = 0
    for line in backup_lines(store):
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        count += 1
    return count - 1


def export_graphml(store: GraphStore, path: Path) -> int:
    """GraphML for Gephi, yEd or networkx: node ids are "Label:key", labels in a `label` attribute."""
    graph = nx.MultiDiGraph()
    for line in backup_lines(store):
        if "node" in line:
            node = NODES_BY_LABEL[line["node"]]
            attributes = {k: v for k, v in line["props"].items() if v is not None}
            graph.add_node(f"{line['node']}:{line['props'][node.key]}", label=line["node"], **attributes)
        elif "rel" in line:
            attributes = {k: v for k, v in line["props"].items() if v is not None}
            graph.add_edge(
                f"{line['from'][0]}:{line['from'][1]}",
                f"{line['to'][0]}:{line['to'][1]}",
                type=line["rel"],
                **attributes,
            )
    nx.write_graphml(graph, path)
    return graph.number_of_nodes() + graph.number_of_edges()


def _read_backup(
    path: Path,
) -> tuple[dict[str, list[dict[str, Any]]], dict[tuple[str, str, str], list[dict[str, Any]]]]:
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise InputFileError(path, f"cannot read the backup: {error.strerror}") from None
    with handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
            except json.JSONDecodeError:
                raise InputFileError(path, f"line {number} is not JSON") from None
            if number == 1:
                if not isinstance(line, dict) or line.get("peergraph_backup") != BACKUP_FORMAT:
                    raise InputFileError(path, "not a peergraph JSON Lines backup (no header line)")
                if int(line.get("schema_version", 0)) > SCHEMA_VERSION:
                    raise InputFileError(path, "the backup comes from a newer peergraph; upgrade first")
                continue
            if line.get("node") in SECURITY_LABELS:
                continue  # credentials are never restored: that could bring back a revoked key
            if "node" in line and line["node"] in NODES_BY_LABEL:
                key = NODES_BY_LABEL[line["node"]].key
                if not isinstance(line.get("props"), dict) or line["props"].get(key) is None:
                    raise InputFileError(path, f"line {number}: a {line['node']} node without its {key}")
                nodes[line["node"]].append(line["props"])
            elif "rel" in line and line["rel"] in RELS_BY_NAME:
                pair = (line["from"][0], line["to"][0])
                if pair not in RELS_BY_NAME[line["rel"]].pairs:
                    raise InputFileError(
                        path, f"line {number}: {line['rel']} cannot join {pair[0]} to {pair[1]}"
                    )
                rels[(line["rel"], *pair)].append(
                    {"source": line["from"][1], "target": line["to"][1], "props": line.get("props") or {}}
                )
            else:
                raise InputFileError(
                    path, f"line {number}: not a node or relationship of the peergraph model"
                )
    return nodes, rels


Statement = tuple[q.Query, list[dict[str, Any]]]
"""One restore query and the rows it merges."""


def _restore_statements(
    nodes: dict[str, list[dict[str, Any]]], rels: dict[tuple[str, str, str], list[dict[str, Any]]]
) -> Iterator[Statement]:
    for label, rows in nodes.items():
        node = NODES_BY_LABEL[label]
        version = node.row.VERSION if node.row is not None else None
        cypher = q.restore_nodes_cypher(label, node.key, list(node.properties), version)
        yield (
            q.Query(f"restore_{label}", cypher),
            [{name: row.get(name) for name in node.properties} for row in rows],
        )
    for (name, source, target), rows in rels.items():
        rel = RELS_BY_NAME[name]
        cypher = q.restore_rels_cypher(
            name,
            source,
            target,
            NODES_BY_LABEL[source].key,
            NODES_BY_LABEL[target].key,
            list(rel.properties),
        )
        yield (
            q.Query(f"restore_{name}", cypher),
            [
                {"source": row["source"], "target": row["target"]}
                | (
                    {"props": {prop: row["props"].get(prop) for prop in rel.properties}}
                    if rel.properties
                    else {}
                )
                for row in rows
            ],
        )


def _transactions(statements: Iterator[Statement], rows_per_write: int | None) -> Iterator[list[Statement]]:
    """The statements grouped into transactions of at most `rows_per_write` rows (all in one if None)."""
    if rows_per_write is None:
        yield list(statements)
        return
    batch: list[Statement] = []
    size = 0
    for query, rows in statements:
        for start in range(0, len(rows), rows_per_write):
            chunk = rows[start : start + rows_per_write]
            if size + len(chunk) > rows_per_write:
                yield batch
                batch, size = [], 0
            batch.append((query, chunk))
            size += len(chunk)
    if batch:
        yield batch


def restore_jsonl(
    store: GraphStore, path: Path, progress: Callable[[int, int], None] | None = None
) -> tuple[int, int]:
    """Merge a backup into the store; returns (nodes, relationships) restored.

    A merge never moves the store backwards: an action already at a later version than the
    backup's keeps its status and fields (its history only grows), and credentials are not in
    backups at all. `progress(rows written, rows in all)` is called after each transaction.
    """
    nodes, rels = _read_backup(path)
    node_count = sum(len(rows) for rows in nodes.values())
    rel_count = sum(len(rows) for rows in rels.values())
    written = 0
    for batch in _transactions(_restore_statements(nodes, rels), store.rows_per_write):

        def work(tx: Tx, batch: list[Statement] = batch) -> None:
            for query, rows in batch:
                tx.run(query, {"rows": rows})

        store.write(work)
        written += sum(len(rows) for _, rows in batch)
        if progress is not None:
            progress(written, node_count + rel_count)
    return node_count, rel_count
