"""The import graph: layers from errors and settings up to the CLI, and no cycles (import-linter).

The contracts live in pyproject.toml under [tool.importlinter]; `make lint` runs them too. These
tests show the check is real: the project passes, and a copy of it with one bad import fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PACKAGES = ("peergraph", "graph", "api", "importers", "viz")
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [LINT_IMPORTS, "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(PROJECT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_project_keeps_every_import_contract() -> None:
    done = lint_imports(PROJECT)
    assert done.returncode == 0, done.stdout
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "broken"),
    [
        ("importers/limits.py", "import api.app", "Layers: errors and settings"),
        ("graph/store/base.py", "import graph.reads.models", "Layers inside graph/"),
        ("peergraph/core/errors.py", "import graph.store", "Layers: errors and settings"),
        # A cycle hidden in a function body is still a cycle.
        ("graph/reads/actions.py", "def _hidden():\n    from graph.reads import reviews", "No cycles"),
        ("importers/pdf.py", "import importers.html", "Format readers are independent"),
    ],
)
def test_a_layer_violation_or_a_cycle_fails_the_check(
    project_copy: Path, module: str, bad_import: str, broken: str
) -> None:
    target = project_copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n\n{bad_import}  # noqa\n", encoding="utf-8")
    done = lint_imports(project_copy)
    assert done.returncode != 0
    broken_lines = [line for line in done.stdout.splitlines() if line.rstrip().endswith("BROKEN")]
    assert any(line.startswith(broken) for line in broken_lines), done.stdout
