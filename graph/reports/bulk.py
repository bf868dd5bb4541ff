"""A tagged import of many reports that never holds the model and the store's pages at once.

Tagging loads the MiniLM model (about 160 MB with its session), and the embedded store grows into
its pages and checkpoint buffers as it loads; in one process the two together peaked at 841-911 MB
importing 500 reports. Here a child process parses and tags every file that needs it, writing each
report with its tags to a temporary folder, and exits; then this process loads them, one
transaction per report as `import_reports` does, and has the store give back its memory every few
reports. Tagging and loading take no longer apart than together: the model is the slow part, and
the vector cache sees the same sentences in the same order (docs/performance.md, "Memory of an
import").
"""

from __future__ import annotations

import multiprocessing
import pickle
import queue
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from graph.patterns.embeddings import locate_model
from graph.patterns.tagger import PatternTag, TagItem
from graph.patterns.tags import TaggerRecipe, tagger_recipe
from graph.reports.loader import (
    ImportSummary,
    LoadOutcome,
    LoadStatus,
    _review_of_file,
    import_reports,
    load_report,
    tag_items_of,
)
from graph.store import GraphStore
from importers.councils import CouncilTable
from peergraph.core.errors import InputFileError, PeergraphError
from peergraph.core.settings import Settings

APART_FROM = 10
"""Files to parse from which tagging goes to a child process: below it, the child's start (3-4 s
to import and load the model again) costs more than the memory is worth."""
RELEASE_EVERY = 100
"""Reports loaded between two `release_memory` calls. Loading 500 reports (benchmarks.release_memory,
3 December 2026): never 611 MB at peak and a 166 MB store; every 100, 580 MB and 158 MB; every 25,
554 MB but a 359 MB store; every 5, 510 MB and 1,618 MB. LadybugDB 0.22 seems to lose the free
pages of a database it closes, more the more often it is closed."""


def import_files(
    store: GraphStore,
    files: Sequence[Path],
    settings: Settings,
    councils: CouncilTable | None = None,
    on_file: Callable[[Path, LoadOutcome], None] | None = None,
    on_tagged: Callable[[Path, int, int], None] | None = None,
    *,
    force: bool = False,
    replace: bool = False,
) -> ImportSummary:
    """`import_reports` of `files`, tagged if `settings` say so: from APART_FROM files to parse on,
    parsed and tagged in a child process first, `on_tagged(path, done, total)` following it. Files
    already stored are told to `on_file` first, then the others as they load; the summary keeps the
    order of `files`."""
    from importers.parser import sha256_of

    if not settings.tag_on_import:
        return import_reports(
            store, files, settings.max_file_bytes, councils, on_file, force=force, replace=replace
        )
    recipe = tagger_recipe(store, settings)
    outcomes: dict[int, LoadOutcome] = {}
    pending: list[tuple[int, Path]] = []
    for index, path in enumerate(files):
        known = None if force else _review_of_file(store, path, settings.max_file_bytes, sha256_of)
        if known is None:
            pending.append((index, path))
            continue
        outcomes[index] = known
        if on_file is not None:
            on_file(path, known)
    paths = [path for _, path in pending]
    if len(pending) < APART_FROM:
        rest = import_reports(
            store, paths, settings.max_file_bytes, councils, on_file,
            force=True,  # each was just found to need loading
            replace=replace, tagger=recipe.tagger(),
        )  # fmt: skip
        outcomes.update(zip((index for index, _ in pending), rest.outcomes, strict=True))
    else:
        locate_model()  # a missing model is told here, not as a child's traceback
        with tempfile.TemporaryDirectory(prefix="peergraph-tagged-") as folder, store.loading_in_bulk():
            done, failure = _tag_in_child(
                paths, settings.max_file_bytes, councils, recipe, Path(folder), on_tagged
            )
            for number, (index, path) in enumerate(pending[:done], 1):
                # The same bytes twice in one import (a file, and a copy under another name) load once
                known = None if force else _review_of_file(store, path, settings.max_file_bytes, sha256_of)
                outcomes[index] = known or _load_tagged(
                    store, path, Path(folder) / f"{number:06d}.pickle", replace
                )
                if on_file is not None:
                    on_file(path, outcomes[index])
                if number % RELEASE_EVERY == 0:
                    store.release_memory()
        if failure:
            raise PeergraphError(f"{failure}; the {done} reports read before it were loaded")
    return ImportSummary(outcomes=[outcomes[index] for index in range(len(files))])


def _tag_in_child(
    paths: list[Path],
    max_bytes: int,
    councils: CouncilTable | None,
    recipe: TaggerRecipe,
    folder: Path,
    on_tagged: Callable[[Path, int, int], None] | None,
) -> tuple[int, str | None]:
    """Parse and tag `paths` in a child process, which writes `folder`/000001.pickle and on, one a
    file. Returns how many it finished, and why it stopped short if it did."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of this one's store
    progress: multiprocessing.Queue[int] = context.Queue()
    child = context.Process(
        target=parse_and_tag, args=(paths, max_bytes, councils, recipe, folder, progress), daemon=True
    )
    child.start()
    done = 0
    try:
        while done < len(paths):
            try:
                done = progress.get(timeout=0.5)
            except queue.Empty:
                if not child.is_alive():
                    break
                continue
            if on_tagged is not None:
                on_tagged(paths[done - 1], done, len(paths))
        child.join()
    finally:
        if child.is_alive():
            child.terminate()
            child.join()
    if child.exitcode == 0 and done == len(paths):
        return done, None
    stopped = paths[done].name if done < len(paths) else "the last report"
    return (
        done,
        f"reading and tagging stopped at {stopped}: its process ended with exit code {child.exitcode}",
    )


def parse_and_tag(
    paths: list[Path],
    max_bytes: int,
    councils: CouncilTable | None,
    recipe: TaggerRecipe,
    folder: Path,
    progress: multiprocessing.Queue[int],
) -> None:
    """The child's work: each file parsed and tagged, or the reason it cannot be read."""
    from importers.parser import parse_file

    tagger = recipe.tagger()
    for number, path in enumerate(paths, 1):
        result: tuple[str, Any, Any]
        try:
            report = parse_file(path, max_bytes, councils)
        except InputFileError as error:
            result = ("skipped", error.reason, None)
        else:
            result = ("parsed", report, tagger(tag_items_of(report)))
        with (folder / f"{number:06d}.pickle").open("wb") as out:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        progress.put(number)


def _load_tagged(store: GraphStore, path: Path, result_file: Path, replace: bool) -> LoadOutcome:
    with result_file.open("rb") as stored:
        kind, report, tags = pickle.load(stored)
    if kind == "skipped":
        return LoadOutcome(source=path.name, status=LoadStatus.SKIPPED, reason=report)
    try:
        return load_report(store, report, force=True, replace=replace, tagger=_tagged_already(tags, report))
    except InputFileError as error:
        return LoadOutcome(source=path.name, status=LoadStatus.SKIPPED, reason=error.reason)


def _tagged_already(tags: list[PatternTag], report: Any) -> Callable[[list[TagItem]], list[PatternTag]]:
    """A tagger that gives the child's tags for the items it tagged, and fails on any others."""
    tagged = [item.key for item in tag_items_of(report)]

    def tagger(items: list[TagItem]) -> list[PatternTag]:
        if [item.key for item in items] != tagged:
            raise RuntimeError(f"{report.source}: the items to load are not those the child tagged")
        return tags

    return tagger
