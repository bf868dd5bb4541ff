"""A synthetic store of N reports for benchmarks: the reference reports re-dated and re-assigned.

Each synthetic report is a parsed seed given another council from the reference table and
another month, with a marker in every item's text so ids differ; the graph's shape and text
sizes are those of real reports. Items are tagged as their seed's items are (the tagger runs on
the text without the marker, so the model encodes each seed sentence once), so the pattern
reads have the tag rows a real store of that size would. Built stores are cached by size
under benchmarks/.cache.

`synthetic_texts` makes report files instead, for benchmarks that time the parser too: a
seed's text under another council's name and another month, with some of its paragraphs
swapped for paragraphs from the other seeds.

    .venv/bin/python -m benchmarks.synthetic --reports 500
"""

from __future__ import annotations

import argparse
import calendar
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.seeds import MAX_BYTES, seeds_folder
from graph.patterns.tagger import PatternTag, TagItem, tag_items
from graph.reports.loader import load_report
from graph.reports.reference import bootstrap_store
from graph.store import open_store
from importers.councils import Council, load_councils
from importers.model import CouncilRef, Report
from importers.parser import parse_file
from peergraph.core.settings import Settings

CACHE = Path(__file__).resolve().parent / ".cache"
_MARKER = re.compile(r" \[synthetic \d+\]$")


def seed_tagger(items: list[TagItem]) -> list[PatternTag]:
    """Tag synthetic items as their seed's items: the same text without the marker."""
    return tag_items([TagItem(item.key, _MARKER.sub("", item.text), item.polarity) for item in items])


def synthetic_reports(count: int, seeds: Path) -> list[Report]:
    bases = [parse_file(path, MAX_BYTES) for path in sorted(seeds.glob("*.txt"))]
    councils = list(load_councils())
    reports = []
    for number in range(count):
        base = bases[number % len(bases)]
        council = councils[number % len(councils)]
        year, month = 2023 + (number // len(councils)) // 12, 1 + (number // len(councils)) % 12
        marker = f" [synthetic {number}]"
        reports.append(
            base.model_copy(
                update={
                    "council": CouncilRef(
                        id=council.id,
                        name=council.name,
                        short_name=council.short_name,
                        type=council.type,
                        region=council.region,
                    ),
                    "report_date": f"{year:04d}-{month:02d}",
                    "source": f"synthetic-{number:04d}.txt",
                    "source_sha256": f"{number:064d}",
                    "findings": [f.model_copy(update={"text": f.text + marker}) for f in base.findings],
                    "recommendations": [
                        r.model_copy(update={"text": r.text + marker}) for r in base.recommendations
                    ],
                }
            )
        )
    return reports


SWAP_SHARE = 0.3  # of a report's long paragraphs, replaced by paragraphs from other seeds
LONG_PARAGRAPH = 300  # characters: narrative, not headings, bullets or team lines


def synthetic_texts(count: int, seeds: Path) -> Iterator[tuple[str, Council, str]]:
    """`count` report texts: (file name, the council it should parse as, text); deterministic."""
    table = load_councils()
    bases = []
    for path in sorted(seeds.glob("*.txt")):
        report = parse_file(path, MAX_BYTES)
        council = table.by_id(report.council.id)
        assert council is not None and report.report_date, f"{path.name}: seed without council or date"
        bases.append((path.read_text(encoding="utf-8"), council, report.report_date))
    donors = [
        (council, line)
        for text, council, _ in bases
        for line in text.split("\n")
        if len(line) >= LONG_PARAGRAPH and line.rstrip().endswith(".")
    ]
    councils = list(table)
    for number in range(count):
        text, source, report_date = bases[number % len(bases)]
        target = councils[number % len(councils)]
        rounds = number // len(councils)
        year, month = 2023 + rounds // 12, 1 + rounds % 12
        chosen = random.Random(number)
        lines = []
        for line in text.split("\n"):
            if len(line) >= LONG_PARAGRAPH and line.rstrip().endswith(".") and chosen.random() < SWAP_SHARE:
                donor_council, donor_line = chosen.choice(donors)
                line = _renamed(donor_line, donor_council, target)
            lines.append(line)
        body = _renamed("\n".join(lines), source, target)
        body = body.replace(_month_year(report_date), f"{calendar.month_name[month]} {year}")
        yield f"synthetic-{number:04d}.txt", target, body


def _month_year(report_date: str) -> str:
    year, month = report_date.split("-")[:2]
    return f"{calendar.month_name[int(month)]} {year}"


def _renamed(text: str, source: Council, target: Council) -> str:
    """The text with every form of the source council's name replaced by the target's."""
    for form in sorted(source.forms, key=len, reverse=True):
        pattern = r"\b" + r"\s+".join(map(re.escape, form.split())) + r"\b"
        replacement = target.name if form == source.name else target.short_name
        text = re.sub(pattern, replacement, text)
    return text


def synthetic_store(count: int, seeds: Path | None = None) -> Path:
    """The path of a closed embedded store holding `count` synthetic reports (built once, cached)."""
    path = CACHE / f"synthetic-{count}-tagged" / "graph.lbug"
    done = path.parent / "complete"
    if done.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("graph.lbug*"):
        old.unlink()
    started = time.perf_counter()
    reports = synthetic_reports(count, seeds or seeds_folder())
    settings = Settings(db=path, neo4j_uri=None)
    with open_store(settings) as store:
        bootstrap_store(store, settings)
        for index, report in enumerate(reports, 1):
            load_report(store, report, tagger=seed_tagger)
            if index % 50 == 0:
                print(f"  loaded {index}/{count} synthetic reports", file=sys.stderr)
    done.write_text(f"{count} reports in {time.perf_counter() - started:.1f}s\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=500)
    args = parser.parse_args()
    print(synthetic_store(args.reports))


if __name__ == "__main__":
    main()
