"""Pattern analytics over tag rows: where patterns show, which go together, which councils look alike.

Pure functions over `TagRow`s (one per item tagged with a pattern), so the graph layer, the CLI
and the tests all call the same code. An instance is one (item, pattern) pair; rows repeating a
pair count once. Areas for development, mixed findings and recommendations count as development,
findings judged strengths as strength.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import networkx as nx

from importers.councils import REGIONS

Side = Literal["development", "strength"]
DEVELOPMENT: Side = "development"
STRENGTH: Side = "strength"

T = TypeVar("T")

COUNCIL_SIMILARITY_THRESHOLD = 0.3  # Jaccard from which councils are linked in `council_network`


@dataclass(frozen=True)
class TagRow:
    """One item tagged with one pattern, with the council whose review it comes from."""

    item_key: str
    item_kind: str  # "finding" or "recommendation"
    pattern_id: str
    council_id: str
    council: str
    region: str
    polarity: str | None
    score: float


@dataclass(frozen=True)
class CouncilInfo:
    """A council considered (reviewed), whether or not any of its items is tagged."""

    id: str
    name: str
    region: str


@dataclass
class Matrix:
    """Pattern x column counts of instances; rows ordered by councils, then instances, then id.

    `councils` counts distinct councils per cell; `shares` (region matrix only) is the share of
    the region's reviewed councils that show the pattern.
    """

    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], int]
    councils_per_row: dict[str, int]
    councils: dict[tuple[str, str], int] = field(default_factory=dict)
    shares: dict[tuple[str, str], float] = field(default_factory=dict)
    column_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CouncilPair:
    """Two councils, how alike their pattern profiles are, and the patterns they share."""

    a: str
    b: str
    jaccard: float
    shared: list[str]


@dataclass(frozen=True)
class Recurrence:
    """A pattern's spread as a problem, and the councils showing it as a strength to learn from."""

    pattern_id: str
    councils_with_development: int
    councils_with_strength: int
    regions: list[str]
    instances: int
    learn_from: list[str]


def side(row: TagRow) -> Side:
    """Development for areas for development, mixed findings and recommendations; else strength."""
    return STRENGTH if row.polarity == STRENGTH and row.item_kind == "finding" else DEVELOPMENT


def development_rows(rows: Iterable[TagRow]) -> list[TagRow]:
    """Only the rows that count as development, to build a matrix of problems alone."""
    return [row for row in rows if side(row) == DEVELOPMENT]


def strength_rows(rows: Iterable[TagRow]) -> list[TagRow]:
    """Only the rows that count as strength."""
    return [row for row in rows if side(row) == STRENGTH]


# --- matrices -------------------------------------------------------------------------------


def pattern_council_matrix(rows: Iterable[TagRow], councils: Sequence[CouncilInfo] = ()) -> Matrix:
    """Instances per pattern and council; columns are `councils` (if given) then any others, by id."""
    unique = _unique(rows)
    named = {council.id: council.name for council in councils}
    named.update({row.council_id: row.council for row in unique if row.council_id not in named})
    columns = [council.id for council in councils] + sorted(
        {row.council_id for row in unique} - {council.id for council in councils}
    )
    matrix = _matrix(unique, columns, lambda row: row.council_id)
    matrix.column_names = {column: named[column] for column in columns}
    return matrix


def pattern_region_matrix(rows: Iterable[TagRow], councils: Sequence[CouncilInfo] = ()) -> Matrix:
    """Instances per pattern and region, with the share of the region's reviewed councils showing it.

    Reviewed councils are `councils` when given, else those appearing in `rows`.
    """
    unique = _unique(rows)
    reviewed: dict[str, set[str]] = defaultdict(set)
    for council in councils:
        reviewed[council.region].add(council.id)
    if not councils:
        for row in unique:
            reviewed[row.region].add(row.council_id)
    present = set(reviewed) | {row.region for row in unique}
    columns = [region for region in REGIONS if region in present] + sorted(present - set(REGIONS))
    matrix = _matrix(unique, columns, lambda row: row.region)
    matrix.shares = {
        cell: round(count / len(reviewed[cell[1]]), 4)
        for cell, count in matrix.councils.items()
        if reviewed[cell[1]]
    }
    matrix.column_names = {column: column for column in columns}
    return matrix


def _matrix(rows: list[TagRow], columns: list[str], column_of: Callable[[TagRow], str]) -> Matrix:
    """Count instances and councils per (pattern, column) cell."""
    cells: dict[tuple[str, str], int] = defaultdict(int)
    councils_in_cell: dict[tuple[str, str], set[str]] = defaultdict(set)
    councils_in_row: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        cell = (row.pattern_id, column_of(row))
        cells[cell] += 1
        councils_in_cell[cell].add(row.council_id)
        councils_in_row[row.pattern_id].add(row.council_id)
    instances = Counter(row.pattern_id for row in rows)
    ordered = sorted(councils_in_row, key=lambda p: (-len(councils_in_row[p]), -instances[p], p))
    return Matrix(
        rows=ordered,
        columns=columns,
        cells=dict(sorted(cells.items())),
        councils_per_row={pattern: len(councils_in_row[pattern]) for pattern in ordered},
        councils={cell: len(ids) for cell, ids in sorted(councils_in_cell.items())},
    )


# --- co-occurrence --------------------------------------------------------------------------


def cooccurrence_network(rows: Iterable[TagRow]) -> nx.Graph:
    """Patterns as nodes; an edge when two tag the same item or show in the same council's review.

    Nodes carry `instances` and `councils`. Edges carry `items` (items tagged with both),
    `councils` (councils showing both), `lift` (items together / items expected if independent,
    over the tagged items) and `jaccard` (items with both / items with either).
    """
    unique = _unique(rows)
    items_of = _group(unique, lambda row: row.pattern_id, lambda row: row.item_key)
    councils_of = _group(unique, lambda row: row.pattern_id, lambda row: row.council_id)
    tagged_items = len({row.item_key for row in unique})
    graph = nx.Graph()
    for pattern in sorted(items_of):
        graph.add_node(pattern, instances=len(items_of[pattern]), councils=len(councils_of[pattern]))
    for a, b in itertools.combinations(sorted(items_of), 2):
        both_items = len(items_of[a] & items_of[b])
        both_councils = len(councils_of[a] & councils_of[b])
        if both_items or both_councils:
            expected = len(items_of[a]) * len(items_of[b]) / tagged_items
            graph.add_edge(
                a,
                b,
                items=both_items,
                councils=both_councils,
                lift=round(both_items / expected, 4),
                jaccard=round(both_items / len(items_of[a] | items_of[b]), 4),
                council_jaccard=round(both_councils / len(councils_of[a] | councils_of[b]), 4),
            )
    return graph


def cooccurrence_pairs(graph: nx.Graph, top: int = 20) -> list[dict[str, Any]]:
    """The `top` pattern pairs sharing most items (then councils, then lift), as plain dicts."""
    pairs = [{"a": a, "b": b, **data} for a, b, data in graph.edges(data=True)]
    for pair in pairs:
        if pair["a"] > pair["b"]:
            pair["a"], pair["b"] = pair["b"], pair["a"]
    ranked = sorted(pairs, key=lambda p: (-p["items"], -p["councils"], -p["lift"], p["a"], p["b"]))
    return ranked[:top]


# --- councils alike -------------------------------------------------------------------------


def council_similarity(rows: Iterable[TagRow], *, minimum: float = 0.0) -> list[CouncilPair]:
    """Pairs of councils by Jaccard of their (pattern, side) sets, most alike first.

    Development and strength are kept apart: sharing a problem counts, and so does sharing a
    strength, but one council's problem and another's strength do not. Pairs at or below
    `minimum` are left out (so, by default, those sharing nothing).
    """
    profiles = _profiles(_unique(rows))
    pairs = []
    for a, b in itertools.combinations(sorted(profiles), 2):
        common = profiles[a] & profiles[b]
        jaccard = len(common) / len(profiles[a] | profiles[b])
        if jaccard > minimum:
            shared = sorted({pattern for pattern, _ in common})
            pairs.append(CouncilPair(a=a, b=b, jaccard=round(jaccard, 4), shared=shared))
    return sorted(pairs, key=lambda pair: (-pair.jaccard, pair.a, pair.b))


def council_network(
    rows: Iterable[TagRow],
    councils: Sequence[CouncilInfo] = (),
    *,
    threshold: float = COUNCIL_SIMILARITY_THRESHOLD,
) -> nx.Graph:
    """Councils as nodes (name, region), linked when their Jaccard similarity is at least `threshold`."""
    unique = _unique(rows)
    graph = nx.Graph()
    for council in councils:
        graph.add_node(council.id, name=council.name, region=council.region)
    for row in unique:
        if row.council_id not in graph:
            graph.add_node(row.council_id, name=row.council, region=row.region)
    for pair in council_similarity(unique):
        if pair.jaccard >= threshold:
            graph.add_edge(pair.a, pair.b, jaccard=pair.jaccard, shared=pair.shared)
    return graph


def _profiles(rows: list[TagRow]) -> dict[str, set[tuple[str, Side]]]:
    profiles: dict[str, set[tuple[str, Side]]] = defaultdict(set)
    for row in rows:
        profiles[row.council_id].add((row.pattern_id, side(row)))
    return profiles


# --- recurrence and good practice ----------------------------------------------------------


def recurring_patterns(rows: Iterable[TagRow]) -> list[Recurrence]:
    """Patterns by how many councils show them as development, with councils to learn from.

    `learn_from` lists councils showing the pattern as a strength: those without it as a
    problem first, then by strength instances, then id. `regions` are where it is a problem.
    """
    unique = _unique(rows)
    by_pattern = _group(unique, lambda row: row.pattern_id, lambda row: row)
    recurrences = [_recurrence(pattern, by_pattern[pattern]) for pattern in by_pattern]
    return sorted(recurrences, key=lambda r: (-r.councils_with_development, -r.instances, r.pattern_id))


def _recurrence(pattern: str, rows: set[TagRow]) -> Recurrence:
    development = {row.council_id for row in rows if side(row) == DEVELOPMENT}
    strengths: dict[str, int] = defaultdict(int)
    for row in rows:
        if side(row) == STRENGTH:
            strengths[row.council_id] += 1
    return Recurrence(
        pattern_id=pattern,
        councils_with_development=len(development),
        councils_with_strength=len(strengths),
        regions=sorted({row.region for row in rows if side(row) == DEVELOPMENT}),
        instances=len(rows),
        learn_from=sorted(strengths, key=lambda c: (c in development, -strengths[c], c)),
    )


# --- helpers --------------------------------------------------------------------------------


def _unique(rows: Iterable[TagRow]) -> list[TagRow]:
    """One row per (item, pattern), the first seen, in a stable order."""
    seen: dict[tuple[str, str], TagRow] = {}
    for row in rows:
        seen.setdefault((row.item_key, row.pattern_id), row)
    return [seen[key] for key in sorted(seen)]


def _group(
    rows: Iterable[TagRow], key: Callable[[TagRow], str], value: Callable[[TagRow], T]
) -> dict[str, set[T]]:
    groups: dict[str, set[T]] = defaultdict(set)
    for row in rows:
        groups[key(row)].add(value(row))
    return groups
