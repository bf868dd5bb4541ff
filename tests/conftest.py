"""Shared fixtures: where the reference reports live, and small helpers to build real inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five reference reports, kept outside the repo (PEERGRAPH_SEEDS, default ../shared/seeds)."""
    folder = Path(os.environ.get("PEERGRAPH_SEEDS") or PROJECT.parent / "shared" / "seeds")
    if not any(folder.glob("*.txt")):
        pytest.skip(f"reference reports not found in {folder} (set PEERGRAPH_SEEDS)")
    return folder
