"""The synthetic reports the load benchmark imports: real parser input under other councils."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from benchmarks.synthetic import synthetic_texts
from importers.parser import parse_file

MAX_BYTES = 50 * 1024 * 1024


@pytest.fixture(scope="module")
def generated(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str, str]]:
    folder = tmp_path_factory.mktemp("synthetic")
    rows = []
    for name, council, text in itertools.islice(synthetic_texts(160, seeds_dir), 150, 160):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        rows.append((path, council.id, text))
    return rows


def test_each_synthetic_report_parses_as_the_council_it_was_written_for(
    generated: list[tuple[Path, str, str]],
) -> None:
    for path, council_id, _ in generated:
        report = parse_file(path, MAX_BYTES)
        assert report.council.id == council_id, path.name
        assert report.findings and report.recommendations, path.name


def test_reports_past_the_end_of_the_council_table_move_to_a_later_month(
    generated: list[tuple[Path, str, str]],
) -> None:
    dates = {parse_file(path, MAX_BYTES).report_date for path, _, _ in generated}
    # Numbers 150-152 are the table's last councils in round 0 (January 2023); 153-159 start round 1.
    assert dates == {"2023-01", "2023-02"}


def test_synthetic_reports_mix_paragraphs_from_other_seeds(
    generated: list[tuple[Path, str, str]], seeds_dir: Path
) -> None:
    seed_lines = {
        seed.name: set(seed.read_text(encoding="utf-8").split("\n"))
        for seed in sorted(seeds_dir.glob("*.txt"))
    }
    for path, _, text in generated:
        own = seed_lines[sorted(seed_lines)[int(path.stem.split("-")[1]) % len(seed_lines)]]
        others = set().union(*(lines for name, lines in seed_lines.items() if lines is not own))
        foreign = [line for line in text.split("\n") if len(line) > 300 and line in others - own]
        assert foreign, f"{path.name} has no paragraph from another seed"
