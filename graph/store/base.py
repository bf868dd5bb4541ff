"""One interface over both graph backends: the embedded LadybugDB store and a Neo4j server.

Callers run named queries (graph/store/queries/) with parameters, and group writes in
`store.write(work)`, where `work(tx)` runs inside one transaction that commits when it returns
and rolls back when it raises. Each backend also creates its own schema from the graph model.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from graph.store.queries import Query

Row = dict[str, Any]
Params = Mapping[str, Any]
T = TypeVar("T")


class Tx(Protocol):
    """A transaction handed to `GraphStore.write` work functions."""

    def run(self, query: Query, params: Params | None = None) -> list[Row]: ...


class GraphStore(ABC):
    backend: str
    location: str
    generation: int = 0
    """Write transactions this process has committed here: part of the key of cached aggregates."""
    rows_per_write: int | None = None
    """The most rows a bulk write (restore) puts in one transaction; None: no limit."""

    @abstractmethod
    def read(self, query: Query, params: Params | None = None) -> list[Row]:
        """Run a read-only named query and return its rows as plain dicts."""

    @abstractmethod
    def write(self, work: Callable[[Tx], T]) -> T:
        """Run `work` in one write transaction: all of it lands, or none of it."""

    @abstractmethod
    def run_cypher(self, cypher: str, params: Params | None = None, *, write: bool = False) -> list[Row]:
        """Run a user's own Cypher (from `peergraph query`), read-only unless `write`."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def create_schema(self) -> None:
        """Create what the graph model needs (tables, or constraints and indexes); safe to repeat."""

    def release_memory(self) -> None:  # noqa: B027  (a hook: most stores have nothing to give back)
        """Give back memory the store has grown into, between writes (the embedded store); by default
        there is nothing to give back."""

    @contextlib.contextmanager
    def loading_in_bulk(self) -> Iterator[None]:
        """Around the loading of many reports (graph/reports/bulk.py): the embedded store loads them
        with one thread; by default nothing changes."""
        yield

    def has_schema(self) -> bool:
        """False for a store peergraph has never written to."""
        return True

    def schema_gaps(self) -> list[str]:
        """What a store made by an earlier build lacks (e.g. "Review.hours_on_site"); empty when none."""
        return []

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


SCALARS = frozenset({str, int, float, bool})


def plain(value: Any) -> Any:
    """A backend value as plain JSON-ready Python: no Decimal, dates as ISO text, nodes as dicts."""
    if value is None or type(value) in SCALARS:  # most values: returned as they are, checked first
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items() if key not in ("_ID", "_SRC", "_DST")}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value
