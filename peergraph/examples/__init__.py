"""Fictional example reports, a councils table for them and an action plan in two versions: the demo's data.

Shipped as package data, so `peergraph demo` and the briefs find them in an installed copy too.
"""

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent
EXAMPLE_COUNCILS = EXAMPLES / "councils.csv"
