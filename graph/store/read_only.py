"""What a read-only user query (`peergraph query` without --write) may contain: reading clauses only.

Opening the store read-only is not enough: LadybugDB still runs `COPY … TO` (writes a file),
`LOAD FROM` (reads any file the process can) and `CHECKPOINT` on a read-only connection. So a
user's Cypher is checked word by word, outside string literals and comments, before it runs:
every clause keyword must be a reading one, and `CALL` may name only procedures that read the
catalogue or an index. Anything else is refused in one line, naming the word.
"""

from __future__ import annotations

import re

from peergraph.core.errors import UserQueryError

FIRST_CLAUSES = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"})
"""The clauses a read-only query may start with."""

WRITING_OR_SYSTEM = frozenset(
    {
        "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "COPY", "LOAD",
        "EXPORT", "IMPORT", "CHECKPOINT", "ATTACH", "INSTALL", "USE", "BEGIN", "COMMIT", "ROLLBACK",
        "FOREACH", "TRUNCATE", "GRANT", "REVOKE", "DENY", "START", "STOP", "TERMINATE", "SHOW",
    }
)  # fmt: skip
"""Words that change the graph, touch files or the system: never in a read-only query."""

READING_PROCEDURES = frozenset(
    {
        "show_tables", "table_info", "show_connection", "db.labels", "db.relationshiptypes",
        "db.propertykeys", "db.schema.visualization", "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties", "db.index.fulltext.querynodes",
    }
)  # fmt: skip
"""Procedures `CALL` may run in a read-only query (lower case)."""

_STRINGS_AND_COMMENTS = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL
)
# A word that is not a property (n.set), a label (:Load), a parameter ($copy) or a map key ({set: 1}).
_WORD = re.compile(r"(?<![\w$.:`])([A-Za-z_]\w*)\b(?!\s*:)")
_CALL = re.compile(r"\bCALL\s+([\w.]+)", re.IGNORECASE)


def check_read_only(cypher: str) -> None:
    """Raise UserQueryError unless `cypher` only reads the graph."""
    code = _STRINGS_AND_COMMENTS.sub(" '' ", cypher)
    if ";" in code.strip().rstrip(";"):
        raise UserQueryError("one statement at a time, please (this query has a ';' inside it)")
    words = _WORD.findall(code)
    if not words or words[0].upper() not in FIRST_CLAUSES:
        first = words[0].upper() if words else "nothing"
        raise UserQueryError(
            f"a read-only query starts with MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN or CALL, not {first}; "
            "add --write to change the graph"
        )
    for word in words:
        if word.upper() in WRITING_OR_SYSTEM:
            raise UserQueryError(
                f"{word.upper()} is not allowed in a read-only query; only reading clauses are "
                "(MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN); add --write to change the graph"
            )
    for procedure in _CALL.findall(code):
        if procedure.lower() not in READING_PROCEDURES:
            raise UserQueryError(
                f"CALL {procedure} is not allowed in a read-only query; allowed: "
                + ", ".join(sorted(READING_PROCEDURES))
            )
