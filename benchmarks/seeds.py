"""Where the benchmarks find the reference reports, and the file-size limit they parse them with."""

from __future__ import annotations

import os
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024


def seeds_folder() -> Path:
    """PEERGRAPH_SEEDS, or ../shared/seeds beside this repository."""
    return Path(os.environ.get("PEERGRAPH_SEEDS") or Path(__file__).resolve().parents[2] / "shared" / "seeds")
