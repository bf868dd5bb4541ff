"""`make demo`: import the example reports into a demo store and show what peergraph found."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from peergraph.core.errors import InputFileError, PeergraphError
from peergraph.core.settings import Settings, default_db_path
from peergraph.examples import EXAMPLES

if TYPE_CHECKING:
    from graph.store import GraphStore

CQC_FOLDER_SUFFIX = "-cqc"
"""CQC results for a folder of reports live beside it: `examples` -> `examples-cqc`."""


def demo_store_path() -> Path:
    """The demo keeps its own store, so fictional councils never mix with a user's real imports."""
    return default_db_path().with_name("demo.lbug")


def import_example_plans(store: GraphStore, folder: Path, max_bytes: int) -> None:
    """Import the action plans listed in `folder/plans/plans.json`, in order (history builds up)."""
    from graph.plans.loader import import_plan
    from importers.action_plan import read_action_plan
    from peergraph.cli.console import print_plan_import

    manifest = folder / "plans" / "plans.json"
    if not manifest.is_file():
        return
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))["plans"]
    except (ValueError, KeyError) as error:
        raise InputFileError(manifest, f"not a plans manifest ({error})") from None
    for entry in entries:
        plan = read_action_plan(manifest.parent / entry["file"], max_bytes)
        print_plan_import(import_plan(store, plan, entry["council"], entry.get("by")))


def import_example_cqc(store: GraphStore, folder: Path, max_bytes: int) -> None:
    """Import the CQC results in the folder beside the reports (`<folder>-cqc`), if there is one.

    They sit beside the reports, not among them, because every page among the reports is read as one.
    """
    from graph.cqc.loader import import_cqc_files
    from importers.councils import councils_for
    from peergraph.cli.cqc import print_cqc_import

    cqc = folder.resolve().with_name(folder.resolve().name + CQC_FOLDER_SUFFIX)
    if not cqc.is_dir():
        return
    print_cqc_import(import_cqc_files(store, [cqc], max_bytes, councils_for([folder, cqc])))


def run_demo(settings: Settings, reports: Path | None, *, serve: bool = True, port: int = 8000) -> None:
    from graph.reports.bulk import import_files
    from graph.reports.loader import report_files
    from graph.reports.reference import bootstrap_store
    from graph.store import open_store
    from graph.store.stats import store_stats
    from importers.councils import councils_for
    from peergraph.cli.console import import_progress, print_import_summary, print_stats, stdout

    folder = reports or settings.reports or EXAMPLES
    if not folder.is_dir():
        raise PeergraphError(f"{folder}: no such folder of reports")
    if "db" not in settings.model_fields_set:
        settings = settings.model_copy(update={"db": demo_store_path()})
    if serve:  # a busy port is found before minutes of importing, not after
        from api.app import bind_listener

        bind_listener("127.0.0.1", port).close()
    files = list(report_files([folder]))
    stdout.print(f"peergraph demo: importing {len(files)} reports from {folder} into {settings.db}")
    councils = councils_for([folder], settings.extra_council_files)
    with open_store(settings) as store:
        bootstrap_store(store, settings)
        with import_progress(len(files)) as progress:
            summary = import_files(
                store, files, settings, councils, on_file=progress, on_tagged=progress.tagged
            )
        print_import_summary(summary)
        import_example_plans(store, folder, settings.max_file_bytes)
        import_example_cqc(store, folder, settings.max_file_bytes)
        print_stats(store_stats(store))
    if serve:
        from api.app import serve as run_server

        def announce(url: str) -> None:
            stdout.print(f"\nServing the demo at {url}  (API docs: /docs; Ctrl-C stops)")

        run_server(settings, "127.0.0.1", port, announce=announce)
