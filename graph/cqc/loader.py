"""Load CQC files into the store: one transaction per file, idempotent, corrections replace.

A file whose sources are all in the store with the same bytes changes nothing. Otherwise each
of its sources replaces what that source said before (its statement scores and key findings),
in one transaction with the rest of the file; an assessment's rating and overall score are
set by any file that prints them. A quality statement page that prints no date joins the
council's latest assessment in the store (or the date given as `published`);
`import_cqc_files` loads dated files first so a summary page and its statement pages can be
imported together in any order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from graph.cqc import queries as cq
from graph.cqc.records import CqcRecords, cqc_records
from graph.store import GraphStore, Tx
from graph.store import queries as q
from importers.councils import COUNCILS_CSV, CouncilTable
from importers.cqc import CQC_SUFFIXES, CqcFile, read_cqc_file
from peergraph.core.errors import InputFileError


class CqcStatus(StrEnum):
    LOADED = "loaded"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class CqcOutcome:
    source: str
    status: CqcStatus
    shape: str | None = None
    councils: tuple[str, ...] = ()
    assessments: tuple[str, ...] = ()
    published: str | None = None
    rating: str | None = None
    score: int | None = None
    statement_scores: int = 0
    key_findings: int = 0
    reason: str | None = None


@dataclass
class CqcImportSummary:
    outcomes: list[CqcOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[CqcOutcome]:
        return [o for o in self.outcomes if o.status is CqcStatus.SKIPPED]


def _write(tx: Tx, records: CqcRecords, known_councils: set[str]) -> None:
    ids = records.source_ids
    if missing := [c.params() for c in records.councils if c.id not in known_councils]:
        tx.run(q.MERGE_COUNCILS, {"rows": missing})  # councils from a councils.csv beside the files
    tx.run(cq.MERGE_CQC_ASSESSMENTS, {"rows": [a.params() for a in records.assessments]})
    tx.run(cq.DELETE_CQC_SOURCE_KEY_FINDINGS, {"ids": ids})
    tx.run(cq.DELETE_CQC_SOURCE_SCORES, {"ids": ids})
    tx.run(cq.MERGE_CQC_SOURCES, {"rows": [s.params() for s in records.sources]})
    if records.scores:
        tx.run(cq.MERGE_CQC_SCORES, {"rows": [asdict(s) for s in records.scores]})
    if records.key_findings:
        tx.run(cq.CREATE_CQC_KEY_FINDINGS, {"rows": [k.params() for k in records.key_findings]})


def _publication_dates(store: GraphStore, cqc: CqcFile, published: date | None) -> list[date]:
    """Each result's date: its own, else `published`, else the council's latest assessment's."""
    dates: list[date] = []
    for result in cqc.results:
        if result.published is not None or published is not None:
            dates.append(result.published or published)  # type: ignore[arg-type]
            continue
        rows = store.read(cq.CQC_LATEST_ASSESSMENT, {"council_id": result.council.id})
        if not rows:
            raise InputFileError(
                cqc.source,
                f"the page prints no published date and the store holds no CQC assessment of "
                f"{result.council.name} to add it to; import its summary page or press release first, "
                "or give the date (--published)",
            )
        dates.append(date.fromisoformat(rows[0]["published"]))
    return dates


def load_cqc(store: GraphStore, cqc: CqcFile, published: date | None = None) -> CqcOutcome:
    """Write one read CQC file in a single transaction (nothing, if its bytes are already loaded).

    `published` dates a page that prints no date of its own.
    """
    records = cqc_records(cqc, _publication_dates(store, cqc, published))
    known = {row["id"]: row["sha256"] for row in store.read(cq.CQC_SOURCE_SHAS, {"ids": records.source_ids})}
    first = cqc.results[0]
    common = {
        "source": cqc.source,
        "shape": cqc.shape.value,
        "councils": tuple(dict.fromkeys(r.council.name for r in cqc.results)),
        "assessments": tuple(dict.fromkeys(a.id for a in records.assessments)),
        "published": records.assessments[0].published if len(cqc.results) == 1 else None,
        "rating": first.rating.value if first.rating and len(cqc.results) == 1 else None,
        "score": first.score if len(cqc.results) == 1 else None,
        "statement_scores": len(records.scores),
        "key_findings": len(records.key_findings),
    }
    if len(known) == len(records.source_ids) and all(sha == cqc.source_sha256 for sha in known.values()):
        return CqcOutcome(status=CqcStatus.UNCHANGED, **common)  # type: ignore[arg-type]
    ids = [c.id for c in records.councils]
    known_councils = {row["id"] for row in store.read(cq.KNOWN_COUNCILS, {"ids": ids})}
    store.write(lambda tx: _write(tx, records, known_councils))
    return CqcOutcome(status=CqcStatus.UPDATED if known else CqcStatus.LOADED, **common)  # type: ignore[arg-type]


def cqc_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and the CQC-shaped files inside named folders (recursively, sorted).

    A `councils.csv` in a folder is the council table for its files (as beside reports), not results.
    """
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in CQC_SUFFIXES and p.name != COUNCILS_CSV
            )
        else:
            yield path


def import_cqc_files(
    store: GraphStore,
    paths: Iterable[Path],
    max_bytes: int,
    councils: CouncilTable | None = None,
    on_file: Callable[[Path, CqcOutcome], None] | None = None,
    published: date | None = None,
) -> CqcImportSummary:
    """Read and load every CQC file under `paths`; a bad file is skipped with its reason, not fatal.

    Outcomes come back in the order the files were given; dated files are loaded first.
    """
    files = list(cqc_files(paths))
    outcomes: dict[int, CqcOutcome] = {}
    read: list[tuple[int, Path, CqcFile]] = []
    for index, path in enumerate(files):
        try:
            read.append((index, path, read_cqc_file(path, max_bytes, councils)))
        except InputFileError as error:
            outcomes[index] = CqcOutcome(source=path.name, status=CqcStatus.SKIPPED, reason=error.reason)
            if on_file is not None:
                on_file(path, outcomes[index])
    undated_last = sorted(read, key=lambda item: any(r.published is None for r in item[2].results))
    for index, path, cqc in undated_last:
        try:
            outcome = load_cqc(store, cqc, published)
        except InputFileError as error:
            outcome = CqcOutcome(source=path.name, status=CqcStatus.SKIPPED, reason=error.reason)
        outcomes[index] = outcome
        if on_file is not None:
            on_file(path, outcome)
    return CqcImportSummary([outcomes[index] for index in range(len(files))])
