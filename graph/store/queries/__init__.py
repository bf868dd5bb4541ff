"""Every Cypher statement peergraph runs, by name, one module per domain, parameters only.

No user text is ever pasted into Cypher. `QUERIES` (registry.py) lists them all, so the contract
tests check that every named query runs on every backend; this package re-exports each domain's
queries, so callers write `queries.MERGE_FINDINGS` wherever it is defined.

Nodes looked up by key go in separate MATCH clauses, never `MATCH (a {id: x}), (b {id: y})`:
LadybugDB plans the comma form as a scan of b's whole table (0.5 s a statement on a 500-report
store, against 5 ms for two MATCHes).
"""

from graph.store.queries.actions import *  # noqa: F403
from graph.store.queries.backup import *  # noqa: F403
from graph.store.queries.meta import *  # noqa: F403
from graph.store.queries.patterns import *  # noqa: F403
from graph.store.queries.reads import *  # noqa: F403
from graph.store.queries.reference import *  # noqa: F403
from graph.store.queries.registry import EMBEDDED, NEO4J, QUERIES, Query  # noqa: F401
from graph.store.queries.reviews import *  # noqa: F403
