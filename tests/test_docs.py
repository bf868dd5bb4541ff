"""The README names only commands and routes that exist (issue 13): a doc that promises what the
program does not do is a bug."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from api.app import create_app
from peergraph.cli import app as cli_app
from peergraph.core.settings import Settings
from tests.fixtures import PROJECT, flat_routes

README = (PROJECT / "README.md").read_text(encoding="utf-8")
FENCED = re.compile(r"```[a-z]*\n(.*?)```", re.DOTALL)
INLINE = re.compile(r"`([^`\n]+)`")
ROUTE = re.compile(r"^(GET|POST|PATCH|PUT|DELETE) (/[^\s?`]*)")


def documented_commands() -> set[str]:
    """Every `peergraph …` invocation in the README's code, as written (before its arguments)."""
    lines = [line for block in FENCED.findall(README) for line in block.splitlines()]
    lines += INLINE.findall(README)
    found = set()
    for line in lines:
        match = re.match(r"\s*(?:\.venv/bin/|\$ )?peergraph\s+(.+)", line)
        if match:
            found.add(match.group(1).strip())
    return found


def resolves(words: list[str]) -> str | None:
    """None when `words` start with a real command path; else the word that is not a command."""
    root = command = typer.main.get_command(cli_app)
    for word in words:
        subcommands = getattr(command, "commands", None)
        if subcommands is None or word.startswith("-"):
            return None
        if word not in subcommands:
            # a sub-group that runs on its own (`peergraph patterns --region X`) takes arguments
            return None if command is not root and getattr(command, "invoke_without_command", False) else word
        command = subcommands[word]
    return None


def documented_routes() -> set[tuple[str, str]]:
    routes = set()
    for span in INLINE.findall(README):
        match = ROUTE.match(span)
        if match:
            method, path = match.groups()
            for alternative in _alternatives(path):
                routes.add((method, alternative))
        elif span.startswith("/ui/"):
            page = span.split("?")[0].split("#")[0]
            routes.update(("GET", alternative) for alternative in _alternatives(page))
    return routes


def _alternatives(path: str) -> list[str]:
    """`/patterns/{id}/confirm|reject` -> both paths; every `{name}` as `{}`."""
    path = re.sub(r"\{[^}]*\}", "{}", path.rstrip("/") or "/")
    match = re.search(r"([\w-]+(?:\|[\w-]+)+)$", path)
    if not match:
        return [path]
    return [path[: match.start()] + option for option in match.group(1).split("|")]


def served_routes() -> set[tuple[str, str]]:
    app = create_app(Settings(db=Path("/nonexistent/graph.lbug"), neo4j_uri=None))
    served = set()
    for route in flat_routes(list(app.routes)):
        path = re.sub(r"\{[^}]*\}", "{}", getattr(route, "path", "").rstrip("/") or "/")
        for method in getattr(route, "methods", None) or {"GET"}:
            served.add((method, path))
    return served


def test_the_readme_names_commands() -> None:
    assert len(documented_commands()) > 20


@pytest.mark.parametrize("invocation", sorted(documented_commands()))
def test_every_command_the_readme_names_exists(invocation: str) -> None:
    words = [word for word in invocation.split() if not word.startswith(("[", "<"))]
    assert resolves(words) is None, f"README names `peergraph {invocation}`, which is not a command"


def test_every_route_the_readme_names_is_served() -> None:
    documented = documented_routes()
    assert len(documented) > 30
    missing = sorted(documented - served_routes())
    assert missing == [], f"README names routes that are not served: {missing}"


def test_the_checks_catch_what_does_not_exist() -> None:
    assert resolves(["frobnicate"]) == "frobnicate"
    assert resolves(["keys", "frobnicate"]) == "frobnicate"
    assert resolves(["keys", "create", "--role", "admin"]) is None
    assert ("GET", "/frobnicate") not in served_routes()
    assert ("GET", "/regions") in served_routes()
