"""Sentence splitting (importers/sentences.py): the windowed look-back gives the spans the plain one did."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers import parser, polarity, recommendations
from importers.sentences import _ABBREVIATIONS, _BOUNDARY, split_sentences, trimmed_spans


def _split_reading_back_to_the_last_boundary(text: str) -> list[tuple[int, int]]:
    """The splitter as it was before the look-back was bounded: the reference to agree with."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start() + 1]
        last_word = re.split(r"[\s(]", before.rstrip(".!?"))[-1].lower()
        if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return trimmed_spans(text, spans)  # trimming is not what changed


def test_seed_paragraphs_split_as_before(seeds_dir: Path) -> None:
    lines = [line for path in sorted(seeds_dir.glob("*.txt")) for line in path.read_text("utf-8").split("\n")]
    assert len(lines) > 1000
    for line in lines:
        assert split_sentences(line) == _split_reading_back_to_the_last_boundary(line), line


_PIECES = st.sampled_from(
    [
        "e.g.", "i.e.", "etc.", "Dr.", "Mr.", "St.", "No.", "approx.", "a.", "B.", "x", "(", ")", " ", "  ",
        "\n", "\u00a0", ". ", "! ", "? ", "...", ".’ ", "”", "The", "Council", "9", "supercalifragilistic",
        "E.G.", "(e.g.", "İ", "words",
    ]
)  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "It cost approx. Ten pounds. Then it rose.",
        "Partners (e.g. Health) agreed. The board did not.",
        "Ask Cllr. Smith. She chairs it.",
        "Plan A. The other plan. B. Then C.",
        "A supercalifragilisticexpialidocious. Word.",
        "St. Helens and Mr. Jones met. Dr. Who? No. Never.",
        "Quoted.’ Next one. (Aside.) Then.",
    ],
)
def test_abbreviations_and_initials_split_as_before(text: str) -> None:
    assert split_sentences(text) == _split_reading_back_to_the_last_boundary(text)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(_PIECES, max_size=40))
def test_generated_texts_split_as_before(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert split_sentences(text) == _split_reading_back_to_the_last_boundary(text)


def test_a_finding_is_split_into_sentences_once(seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counting(text: str) -> list[tuple[int, int]]:
        calls.append(text)
        return split_sentences(text)

    for module in (parser, polarity, recommendations):
        monkeypatch.setattr(module, "split_sentences", counting)
    report = parser.parse_file(sorted(seeds_dir.glob("*.txt"))[0], 50 * 1024 * 1024)
    finding_texts = [finding.text for finding in report.findings]
    assert sorted(calls) == sorted(finding_texts)
