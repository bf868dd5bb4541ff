"""Split a passage into sentences, as offsets, so a sentence can be cited by its span."""

from __future__ import annotations

import re

# A full stop ends a sentence unless it belongs to a common abbreviation or an initial.
_ABBREVIATIONS = {"e.g", "i.e", "etc", "cllr", "dr", "mr", "mrs", "ms", "no", "vs", "st", "approx", "nb"}
_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")
_WORD_SPLIT = re.compile(r"[\s(]")
_INITIAL = re.compile(r"[a-z]")
_LOOK_BACK = 16  # characters: more than the longest abbreviation


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`, trimmed of surrounding spaces."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        stop = match.start() + 1
        while stop > start and text[stop - 1] in ".!?":
            stop -= 1
        # Only the word before the stop matters, and only if short: a window keeps each look-back
        # from re-reading the whole run since the last boundary (a window's last piece is the
        # word itself, or a stretch longer than any abbreviation).
        last_word = _WORD_SPLIT.split(text[max(start, stop - _LOOK_BACK) : stop])[-1].lower()
        if last_word in _ABBREVIATIONS or _INITIAL.fullmatch(last_word):
            continue
        end = match.end()
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return trimmed_spans(text, spans)


def trimmed_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` of `text` without their leading and trailing spaces; spans left empty are dropped."""
    trimmed = []
    for begin, finish in spans:
        while begin < finish and text[begin].isspace():
            begin += 1
        while finish > begin and text[finish - 1].isspace():
            finish -= 1
        if finish > begin:
            trimmed.append((begin, finish))
    return trimmed
