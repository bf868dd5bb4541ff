"""The literal prefilters (importers/literals.py) never turn away a text a regex matches.

Checked three ways: hand-made patterns whose literals are known, the parser's pattern sets against
every sentence of the seeds in several spellings (the same matches as each regex alone), and
generated patterns against generated texts. Plus the case-folding table against Python's own
IGNORECASE.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers import polarity, quality_statements
from importers.literals import (
    Literals,
    PatternSet,
    fold_case,
    leading_literals,
    required_literals,
)
from importers.sentences import split_sentences

_ALL_CHARS = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)


def test_fold_case_maps_every_character_ignorecase_matches_to_an_ascii_letter() -> None:
    non_ascii = _ALL_CHARS[128:]
    for match in re.finditer(r"[a-z]", non_ascii, re.IGNORECASE):
        char = match.group()
        letter = next(a for a in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(a, char, re.IGNORECASE))
        assert fold_case(char) == letter, f"U+{ord(char):04X}"


def test_fold_case_keeps_one_character_per_character() -> None:
    # Lower-casing never empties a character, so equal lengths mean one for one everywhere.
    assert len(fold_case(_ALL_CHARS)) == len(_ALL_CHARS)


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"strong(ly)?\b|strengths?\b(?![- ]based)", 0, {"strong", "strength"}),
        (r"\bKent\b", 0, {"kent"}),
        (r"(?i:kent)\s+county", 0, {"county"}),
        (r"not\b|\w+n't\b|no\b|nor\b", 0, {"n't", "no"}),
        (r"prioriti[sz]e", 0, {"prioritise", "prioritize"}),
        (r"(?<![\w\-])St\.?\s+Helens(?![\w\-])", 0, {"helens"}),
        (
            r"work(s|ed|ing)? (closely|together)",
            re.I,
            {f"work{end} {how}" for end in ("", "s", "ed", "ing") for how in ("closely", "together")},
        ),
        (r"joined[- ]up", 0, {"joined up", "joined-up"}),
        (r"(?:a|b)+c", 0, {"c"}),
        (r"x{2,}y", 0, {"x"}),
        (r"don’t", 0, {"don’t"}),
        (r"\w+", 0, None),
        (r"(wait)?", 0, None),
        (r"[^.]+\.", 0, {"."}),
        (r"caf[éè]", 0, {"caf"}),
        (r"(?x) good \s+ practice  # verbose", 0, {"practice"}),
        (r"(a|\w)z", 0, {"z"}),
        (r"(a|\w)", 0, None),
    ],
)
def test_required_literals_of_hand_made_patterns(pattern: str, flags: int, expected: set[str] | None) -> None:
    assert required_literals(re.compile(pattern, flags)) == expected


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?i)\bkent\b", "KENT"),
        (r"(?i)\bkent\b", "\u212aent"),  # Kelvin sign
        (r"(?i)somerset", "\u017fomerset"),  # long s
        (r"(?i)islington", "\u0130slington"),  # capital I with dot
        (r"(?i)islington", "\u0131slington"),  # dotless i
        (r"(?i)person[- ]centred", "Person-Centred"),
        (r"(?i)don[’']t", "DON’T"),
        (r"(?i)\bst\.?\s+helens\b", "ST. HELENS"),
        (r"(?<![\w\-])Kent(?![\w\-])", "(Kent)"),
    ],
)
def test_case_and_punctuation_variants_keep_their_literals(pattern: str, text: str) -> None:
    compiled = re.compile(pattern)
    needs, leading = required_literals(compiled), leading_literals(compiled)
    assert compiled.search(text)
    assert needs is not None and any(literal in fold_case(text) for literal in needs)
    start = compiled.search(text).start()
    assert leading is not None and any(fold_case(text).startswith(literal, start) for literal in leading)
    assert [m.span() for _, m in PatternSet([compiled]).finditer(text)] == [compiled.search(text).span()]


@pytest.fixture(scope="module")
def seed_sentences(seeds_dir: Path) -> list[str]:
    sentences = []
    for path in sorted(seeds_dir.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            sentences.extend(line[start:end] for start, end in split_sentences(line))
    return sentences


def _spellings(sentence: str) -> list[str]:
    return [
        sentence,
        sentence.upper(),
        sentence.title(),
        sentence.replace("’", "'").replace("–", "-"),
        sentence.replace(" ", "-"),
        sentence.replace("s", "\u017f").replace("k", "\u212a"),
    ]


_PARSER_SETS = {
    "polarity cues": (polarity._CUE_SCAN, [p for _, _, p in polarity._CUE_LIST], polarity._lower),
    "mid-sentence contrasts": (polarity._MID_CONTRASTS, [polarity._MID_CONTRAST], str),
    "trailing concessions": (polarity._TRAILING_CONCESSIONS, [polarity._TRAILING_CONCESSION], str),
    **{
        key: (quality_statements._SCANS[key], [pattern], str)
        for key, pattern in quality_statements._PATTERNS.items()
    },
}


@pytest.mark.parametrize("name", list(_PARSER_SETS))
def test_a_parser_pattern_set_matches_as_its_regexes_one_by_one(name: str, seed_sentences: list[str]) -> None:
    scan, patterns, subject_of = _PARSER_SETS[name]
    for sentence in seed_sentences:
        for text in _spellings(sentence):
            subject = subject_of(text)  # what the patterns are matched on
            expected = [
                (i, m.span()) for i, pattern in enumerate(patterns) for m in pattern.finditer(subject)
            ]
            assert [(i, m.span()) for i, m in scan.finditer(subject)] == expected, subject


_PIECES = st.sampled_from(
    ["good", "work", "well", "risk", "n't", "co-", "’s", "ing", "ed", "s", "a", "be", "St", "K", "I"]
)


@st.composite
def _patterns(draw: st.DrawFn, depth: int = 0, repeated: bool = False) -> str:
    """A small regex from literals, classes, groups, alternation, repeats and zero-width checks.

    Nothing repeated holds a repeat (`\\w+` included): nested repeats backtrack exponentially."""
    parts = []
    kinds = (
        [0, 1, 2, 3, 4, 5] + ([6, 8, 9] if depth < 2 else []) + ([7] if depth < 2 and not repeated else [])
    )
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(kinds))
        if kind <= 2:
            parts.append(re.escape(draw(_PIECES)))
        elif kind == 3:
            classes = [r"\s", r"[- ]", r"[sz]", r"[^a]", r".", r"\d"] + ([] if repeated else [r"\w+"])
            parts.append(draw(st.sampled_from(classes)))
        elif kind == 4:
            parts.append(draw(st.sampled_from([r"\b", r"(?<![\w\-])", r"(?![\w\-])", r"(?=g)", r"^"])))
        elif kind == 5:
            parts.append(draw(st.sampled_from(["’", "'", "-", " "])))
        elif kind == 6:
            parts.append(f"(?:{draw(_patterns(depth + 1, repeated))}|{draw(_patterns(depth + 1, repeated))})")
        elif kind == 7:
            body = draw(_patterns(depth + 1, repeated=True))
            parts.append(f"(?:{body})" + draw(st.sampled_from(["?", "*", "+", "{2}", "{1,3}"])))
        elif kind == 8:
            parts.append(f"(?i:{draw(_patterns(depth + 1, repeated))})")
        else:
            parts.append(f"({draw(_patterns(depth + 1, repeated))})")
    return "".join(parts)


# Other spellings IGNORECASE accepts for a character, the unusual ones included.
_VARIANTS = {"s": "S\u017f", "k": "K\u212a", "i": "I\u0130\u0131", "’": "’", "-": "-"}


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(pattern=_patterns(), ignore_case=st.booleans(), data=st.data())
def test_a_generated_pattern_is_never_skipped_on_a_text_it_matches(
    pattern: str, ignore_case: bool, data: st.DataObject
) -> None:
    compiled = re.compile(pattern, re.IGNORECASE if ignore_case else 0)
    text = data.draw(st.from_regex(compiled))
    respelled = "".join(
        data.draw(st.sampled_from(char + char.swapcase() + _VARIANTS.get(char.lower(), ""))) for char in text
    )
    needs = required_literals(compiled)
    for candidate in (text, respelled):
        if needs is not None and compiled.search(candidate):
            assert any(literal in fold_case(candidate) for literal in needs), (pattern, candidate, needs)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?<![\w\-])(?i:Kent(?:\s*,\s*|\s+)County)(?![\w\-])", {"kent"}),
        (r"(?<![\w\-])St\.?(?:\s+)Helens", {"st"}),
        (r"\bgood|bad\b", {"good", "bad"}),
        (r"(?:ab)+c", {"ab"}),
        (r"(?:a|\w)b", None),
        (r"x*y", None),
        (r"(?:North|South)\s+Tyneside", {"north", "south"}),
    ],
)
def test_leading_literals_of_hand_made_patterns(pattern: str, expected: set[str] | None) -> None:
    assert leading_literals(re.compile(pattern)) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    patterns=st.lists(_patterns(), min_size=1, max_size=4),
    ignore_case=st.booleans(),
    data=st.data(),
)
def test_a_pattern_set_finds_what_each_patterns_finditer_finds(
    patterns: list[str], ignore_case: bool, data: st.DataObject
) -> None:
    compiled = [re.compile(pattern, re.IGNORECASE if ignore_case else 0) for pattern in patterns]
    text = " ".join(data.draw(st.from_regex(compiled[i % len(compiled)])) for i in range(3))
    text = "".join(
        data.draw(st.sampled_from(char + char.swapcase() + _VARIANTS.get(char.lower(), ""))) for char in text
    )
    expected = [(index, m.span()) for index, pattern in enumerate(compiled) for m in pattern.finditer(text)]
    assert [(index, m.span()) for index, m in PatternSet(compiled).finditer(text)] == expected


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    literals=st.lists(st.text(alphabet="abn’ -", max_size=4), max_size=8),
    text=st.text(alphabet="abn’ -A", max_size=30),
)
def test_literals_found_are_those_in_the_text(literals: list[str], text: str) -> None:
    assert Literals(literals).found_in(text) == {
        literal for literal in literals if literal and literal in text
    }
