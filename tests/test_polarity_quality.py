"""Polarity judged alone, against the hand-labelled findings of the five seeds (tests/gold).

The judge (importers/polarity.py) is tuned on these labels; leave-one-report-out tuning gave
within a point of the figures below, so they are not an artefact of fitting every report.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from importers.model import Polarity, Section
from importers.parser import parse_file
from importers.polarity import passage_polarity

GOLD = Path(__file__).resolve().parent / "gold"
HEADING_SECTIONS = {
    Section.STRENGTHS: Polarity.STRENGTH,
    Section.CONSIDERATIONS: Polarity.AREA_FOR_DEVELOPMENT,
}


def _key(text: str) -> str:
    return " ".join(text.replace("**", "").replace("’", "'").lower().split())[:60]


@pytest.fixture(scope="module")
def judged(seeds_dir: Path) -> list[tuple[str, str, str]]:
    """(family, gold polarity, judged polarity) for every gold finding the parser finds."""
    rows = []
    for gold_file in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        report = parse_file(seeds_dir / f"{gold_file.stem}.txt", 50 * 1024 * 1024)
        keyed = [(_key(f.text), f) for f in report.findings]
        for item in gold["findings"]:
            finding = next((f for key, f in keyed if _key(item["text_start"]) in key), None)
            if finding is None:
                continue
            prior = HEADING_SECTIONS.get(finding.section)
            family = "under a heading" if prior else "narrative"
            rows.append((family, item["polarity"], passage_polarity(finding.text, prior).value))
    return rows


def _accuracy(rows: list[tuple[str, str, str]]) -> float:
    return sum(gold == judged for _, gold, judged in rows) / len(rows)


def test_polarity_accuracy_overall(judged: list[tuple[str, str, str]]) -> None:
    assert len(judged) >= 450
    assert _accuracy(judged) >= 0.80, Counter((gold, got) for _, gold, got in judged)


def test_polarity_under_strengths_and_considerations_headings(judged: list[tuple[str, str, str]]) -> None:
    assert _accuracy([row for row in judged if row[0] == "under a heading"]) >= 0.88


def test_polarity_in_narrative_paragraphs(judged: list[tuple[str, str, str]]) -> None:
    narrative = [row for row in judged if row[0] == "narrative"]
    assert _accuracy(narrative) >= 0.70
    assert {judged for _, _, judged in narrative} == {"strength", "area_for_development", "mixed"}
