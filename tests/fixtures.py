"""Factories the tests build real things with: stores, servers, clients, files.

Plain functions and classes, not test modules; `tests/conftest.py` turns them into fixtures.
No test module imports another test module: what tests share lives here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graph.reports.reference import bootstrap_store
from graph.store import GraphStore, open_store
from peergraph.core.settings import Settings

MAX_BYTES = 50 * 1024 * 1024
"""The file size limit the tests parse and import with (the default)."""


@contextmanager
def writable_store(settings: Settings) -> Iterator[GraphStore]:
    """A store opened for writing and bootstrapped, as `peergraph import` opens it."""
    with open_store(settings) as store:
        bootstrap_store(store, settings)
        yield store
