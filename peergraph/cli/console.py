"""What the command line prints: progress on long imports and the tables that close them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.plans.loader import PlanImportResult
from graph.reads.models import ActionOut, CandidateOut, PatternDetail, PatternSummary
from graph.reports.loader import ImportSummary, LoadOutcome, LoadStatus
from graph.store.stats import StoreStats
from importers.plan_linking import RecommendationRef

# Piped output (logs, CI, tests) gets wide lines rather than tables truncated at 80 columns.
stdout = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
stderr = Console(stderr=True, highlight=False)


class ImportProgress:
    """The callbacks of an import's progress bars: called per file done, and `tagged` per file a tagging
    process has read (graph/reports/bulk.py), on a bar of its own."""

    def __init__(self, progress: Progress, total: int) -> None:
        self._progress = progress
        self._loaded = progress.add_task("", total=total, stage="importing")
        self._tagged: TaskID | None = None

    def __call__(self, path: Path, outcome: LoadOutcome) -> None:
        """One more file done: loaded, skipped or unchanged."""
        self._progress.update(self._loaded, advance=1, description=path.name)

    def tagged(self, path: Path, done: int, total: int) -> None:
        if self._tagged is None:
            self._tagged = self._progress.add_task("", total=total, stage="reading and tagging")
        self._progress.update(self._tagged, completed=done, description=path.name)


@contextmanager
def import_progress(total: int) -> Iterator[ImportProgress]:
    """Progress bars on stderr (hidden when stderr is not a terminal)."""
    columns = (
        TextColumn("{task.fields[stage]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal) as progress:
        yield ImportProgress(progress, total)


@contextmanager
def rows_progress(verb: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for a bulk write; yields the `(rows done, rows in all)` callback."""
    columns = (TextColumn(verb), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal) as progress:
        task = progress.add_task("", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance


def print_import_summary(summary: ImportSummary) -> None:
    table = Table(title="Import", title_justify="left")
    for column in ("file", "status", "council", "findings", "recommendations", "reason"):
        table.add_column(column, justify="right" if column in ("findings", "recommendations") else "left")
    for outcome in summary.outcomes:
        skipped = outcome.status is LoadStatus.SKIPPED
        table.add_row(
            outcome.source,
            f"[red]{outcome.status}[/red]" if skipped else str(outcome.status),
            outcome.council or "",
            "" if skipped else str(outcome.findings),
            "" if skipped else str(outcome.recommendations),
            outcome.reason or "",
        )
    stdout.print(table)
    loaded = [o for o in summary.outcomes if o.status is not LoadStatus.SKIPPED]
    stdout.print(
        f"{len(loaded)} reports in the store from this run "
        f"({sum(o.findings for o in loaded)} findings, {sum(o.recommendations for o in loaded)} recommendations); "
        f"{len(summary.failed)} files skipped"
    )


def print_stats(stats: StoreStats) -> None:
    totals = stats.totals
    stdout.print(f"{stats.backend} store at {stats.location}")
    stdout.print(
        f"{totals['reviews']} reviews of {totals['councils']} councils in {totals['regions']} regions; "
        f"{totals['findings']} findings, {totals['recommendations']} recommendations, "
        f"{totals['action_items']} action items"
    )
    for title, rows, columns in (
        ("By region", stats.regions, ("region", "councils", "reviews", "findings")),
        ("By council", stats.councils, ("council", "region", "reviews", "findings", "recommendations")),
    ):
        table = Table(title=title, title_justify="left")
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(str(row[column]) for column in columns))
        stdout.print(table)
    labels = Table(title="Nodes by label", title_justify="left")
    labels.add_column("label")
    labels.add_column("count", justify="right")
    for label, count in stats.labels.items():
        labels.add_row(label, str(count))
    stdout.print(labels)


def print_plan_import(result: PlanImportResult) -> None:
    to_check = [row for row in result.skipped if row.filled]
    stdout.print(
        f"{result.source} for {result.council_id}: {result.created} actions added, {result.updated} changed "
        f"(history appended), {result.unchanged} unchanged; {result.linked} linked to recommendations, "
        f"{len(result.unlinked)} unlinked; {result.skipped_rows} rows skipped"
        + (f" ({len(to_check)} of them fill other cells: see below)" if to_check else "")
        + f"; {len(result.cell_problems)} bad cells"
    )
    stdout.print(
        f"as at {result.as_of[:10]}, from {result.as_of_detail} ({result.as_of_source})", markup=False
    )
    if to_check:
        table = Table(title="Rows skipped though they fill cells (no action text)")
        for column in ("sheet", "row", "fills", "reason"):
            table.add_column(column)
        for row in to_check:
            table.add_row(row.sheet, str(row.row), ", ".join(row.filled), row.reason)
        stdout.print(table)
    if result.cell_problems:
        table = Table(title="Bad cells (each costs only its own value)")
        for column in ("sheet", "cell", "column", "problem"):
            table.add_column(column)
        for problem in result.cell_problems:
            table.add_row(
                problem.sheet, f"{problem.column}{problem.row}", problem.header or "", problem.reason
            )
        stdout.print(table)
    if result.unlinked:
        table = Table(title="Unlinked actions (link with: peergraph link ACTION_ID RECOMMENDATION_ID)")
        for column in ("action id", "ref", "action", "best candidates (score)"):
            table.add_column(column)
        for item in result.unlinked:
            candidates = "; ".join(f"{rid} ({score:.2f})" for rid, score in item.candidates)
            table.add_row(item.action_id, item.ref or "", item.text[:80], candidates)
        stdout.print(table)


def print_unlinked(actions: list[ActionOut], recommendations: list[RecommendationRef]) -> None:
    if not actions:
        stdout.print("every action is linked to a recommendation")
        return
    table = Table(title="Unlinked actions")
    for column in ("action id", "ref", "action"):
        table.add_column(column)
    for action in actions:
        table.add_row(action.id, action.ref or "", (action.text or action.recommendation_text or "")[:90])
    stdout.print(table)
    choices = Table(title="Recommendations of the latest review")
    for column in ("recommendation id", "source", "text"):
        choices.add_column(column)
    for recommendation in recommendations:
        choices.add_row(recommendation.id, recommendation.source, recommendation.text[:90])
    stdout.print(choices)


def print_patterns(patterns: list[PatternSummary], region: str | None) -> None:
    table = Table(title=f"Recurring patterns{' in ' + region if region else ''}", title_justify="left")
    for column in ("pattern", "councils", "regions", "development", "strengths", "id"):
        table.add_column(
            column,
            justify="right" if column in ("councils", "regions", "development", "strengths") else "left",
        )
    for pattern in patterns:
        table.add_row(pattern.name, str(pattern.councils), str(pattern.regions), str(pattern.development),
                      str(pattern.strengths), pattern.id)  # fmt: skip
    stdout.print(table)


def print_pattern_detail(detail: PatternDetail) -> None:
    pattern = detail.pattern
    stdout.print(
        f"[bold]{pattern.name}[/bold] ({pattern.id}): {pattern.councils} councils in {pattern.regions} regions"
    )
    stdout.print(pattern.description)
    for title, quotes in (("Areas for development", detail.development), ("Strengths", detail.strengths)):
        stdout.print(f"\n[bold]{title}[/bold]")
        for quote in quotes:
            citation = quote.citation
            stdout.print(
                f"  “{quote.evidence}”  ({citation.council}, {citation.report_date}, {quote.kind} {quote.id})"
            )


def print_candidates(candidates: list[CandidateOut]) -> None:
    if not candidates:
        stdout.print("no candidate pattern spans three or more councils")
        return
    for candidate in candidates:
        stdout.print(f"[bold]{candidate.name}[/bold]  id {candidate.id}: {len(candidate.councils)} councils, "
                     f"{candidate.items} findings; nearest pattern {candidate.nearest_pattern} "
                     f"({candidate.nearest_similarity:.2f})")  # fmt: skip
        for quote in candidate.quotes[:4]:
            stdout.print(f"    “{quote.text}” ({quote.council})")
