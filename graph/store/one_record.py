"""A read query rewritten to send all its rows in one record, for Neo4j.

The Python driver spends about 50 µs on each record it receives, whatever the record holds: at
500 reports a council's 250 recommendations took 20-30 ms as rows and 10-14 ms as one list, a
synthetic 2,500 rows 140 ms against 41. So `RETURN a AS x, b AS y ORDER BY x LIMIT 9` becomes
`WITH a AS x, b AS y ORDER BY x LIMIT 9 RETURN collect([x, y]) AS rows`: a WITH projects, orders
and limits as the RETURN did, and collect() keeps the order it is given.

Only a query whose last clause is a RETURN of named columns (or of variables) is rewritten; a
UNION, `RETURN *` or an expression without AS stays as it is (`one_record` gives None).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

ROWS = "peergraph_rows"
_ALIAS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPENING, _CLOSING = "([{", ")]}"


@dataclass(frozen=True)
class OneRecord:
    cypher: str
    columns: tuple[str, ...]
    """The names the rows' columns had, in the order each collected list holds them."""


@cache
def one_record(cypher: str) -> OneRecord | None:
    """`cypher` rewritten to return its rows as one list in one record (column ROWS), or None."""
    words = _top_level_words(cypher)
    if any(word == "UNION" for word, _ in words):
        return None
    returns = [at for word, at in words if word == "RETURN"]
    if not returns:
        return None
    start = returns[-1]
    body_at = start + len("RETURN")
    distinct = next(
        (at for word, at in words if word == "DISTINCT" and cypher[body_at:at].strip() == ""), None
    )
    if distinct is not None:
        body_at = distinct + len("DISTINCT")
    tail_at = next(
        (at for word, at in words if at > body_at and word in ("ORDER", "SKIP", "LIMIT")), len(cypher)
    )
    columns = []
    for item in _top_level_split(cypher[body_at:tail_at]):
        alias = item.rpartition(" AS ")[2].strip()  # without AS, a variable is named as it is
        if not _ALIAS.fullmatch(alias):
            return None
        columns.append(alias)
    if len(set(columns)) != len(columns):
        return None
    rewritten = (
        f"{cypher[:start]}WITH{' DISTINCT' if distinct is not None else ''}"
        f"{cypher[body_at:tail_at].rstrip()} {cypher[tail_at:].strip()}".rstrip()
        + f" RETURN collect([{', '.join(columns)}]) AS {ROWS}"
    )
    return OneRecord(rewritten, tuple(columns))


def _top_level(text: str) -> Iterator[int]:
    """Where each character outside brackets, strings and backquoted names is."""
    depth, quote, at = 0, "", 0
    while at < len(text):
        char = text[at]
        if quote:
            if char == "\\":
                at += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth -= 1
        elif depth == 0:
            yield at
        at += 1


def _top_level_words(cypher: str) -> list[tuple[str, int]]:
    """Each upper-cased word outside brackets, strings and backquoted names, with where it starts."""
    words = []
    for at in _top_level(cypher):
        char = cypher[at]
        if (char.isalpha() or char == "_") and (at == 0 or not _word_char(cypher[at - 1])):
            end = at
            while end < len(cypher) and _word_char(cypher[end]):
                end += 1
            words.append((cypher[at:end].upper(), at))
    return words


def _word_char(char: str) -> bool:
    return char.isalnum() or char in "_$."


def _top_level_split(projection: str) -> list[str]:
    """The projection's items, split at the commas outside brackets and strings."""
    bounds = [-1, *(at for at in _top_level(projection) if projection[at] == ","), len(projection)]
    return [projection[begun + 1 : end] for begun, end in pairwise(bounds)]
