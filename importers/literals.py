"""Literal strings a regex cannot match without, to run many regexes only where they can match.

`required_literals(pattern)` reads a pattern's syntax tree for lower-case strings of which every
match contains one; `leading_literals(pattern)` for strings every match starts with (None when
nothing is certain, e.g. `\\w+`). `PatternSet` runs many patterns over a text from one
Aho–Corasick pass for all their literals: each pattern is tried only where a match could start,
or scans the text only when a literal it needs is there. A leading `\\b`, a lookbehind or an
alternation keeps `re` itself from searching for a pattern's first letters, so a scan by each
pattern in turn reads every character once per pattern.

The results are always the ones each pattern alone would give: literals only ever rule out texts
and positions where a pattern cannot match. Texts are compared case-folded (`fold_case`), for
case-sensitive and IGNORECASE patterns alike. `Literals` says which of a set of strings occur in
a text, in one pass too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# re's private parser gives the syntax tree the compiler itself works from. If a later Python
# changes its shape, `required_literals` meets an unknown node and returns None: patterns then
# run on every text, slower but unchanged in result.
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, TypeVar

import ahocorasick

# The characters other than ASCII letters that IGNORECASE matches an ASCII letter with (Python's
# own case table; tests/test_literals.py checks the list against every code point).
_FOLDS = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))

# Past this many alternatives a run of literals stops being spelled out and counts as it stands;
# a character range wider than _MAX_RANGE ([a-z]) counts as any character.
_MAX_EXACT = 64
_MAX_RANGE = 16


def fold_case(text: str) -> str:
    """`text` lower-cased so that a regex match, with or without IGNORECASE, is a substring of the
    result wherever its literal letters are."""
    if not text.isascii():
        for char, letter in _FOLDS:
            if char in text:  # rare; str.translate would cost more than lower() on every text
                text = text.replace(char, letter)
    return text.lower()


@dataclass(frozen=True)
class _Info:
    """What a piece of a pattern can match: every string, when few (`exact`), or strings one of which
    every match contains (`needs`); None where unknown."""

    exact: frozenset[str] | None
    needs: frozenset[str] | None


_ANYTHING = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None)


class _Unknown(Exception):
    """A node of the syntax tree this module does not read."""


_T = TypeVar("_T")


def _read_tree(pattern: re.Pattern[str], reader: Callable[[Any], _T]) -> _T | None:
    """`reader` over the pattern's syntax tree, or None where the tree cannot be read."""
    if not isinstance(pattern.pattern, str):
        return None
    try:
        return reader(sre_parse.parse(pattern.pattern, pattern.flags))
    except (_Unknown, re.error, RecursionError):
        return None


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings of which every match of `pattern` contains one, or None when none is certain."""
    info = _read_tree(pattern, _sequence)
    return _needs_of(info) if info is not None else None


def leading_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings of which every match of `pattern` starts with one (as `fold_case` shows the
    text), or None when none is certain."""
    run = _read_tree(pattern, _leading)
    if run is None or "" in run:
        return None
    kept: list[str] = []
    for text in sorted(run, key=len):
        if not any(text.startswith(shorter) for shorter in kept):
            kept.append(text)
    return frozenset(kept)


def _leading(items: Sequence[tuple[object, Any]]) -> frozenset[str]:
    """The strings one of which every match of a concatenation starts with ("" among them: none)."""
    run: frozenset[str] = frozenset({""})
    for op, av in items:
        info = _node(op, av)
        if info.exact is not None and len(run) * len(info.exact) <= _MAX_EXACT:
            run = frozenset(a + b for a in run for b in info.exact)
            continue
        if op is sre.SUBPATTERN:
            inner = _leading(av[-1])
        elif op is sre.BRANCH:
            inner = frozenset().union(*(_leading(alternative) for alternative in av[1]))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            inner = _leading(av[2])
        else:
            break
        if len(run) * len(inner) <= _MAX_EXACT:
            run = frozenset(a + b for a in run for b in inner)
        break
    return run


def _needs_of(info: _Info) -> frozenset[str] | None:
    if info.exact is not None:
        return _minimal(info.exact)
    return info.needs


def _minimal(strings: frozenset[str] | set[str]) -> frozenset[str] | None:
    """The strings without those containing another of them (which add nothing to an `in` test)."""
    if not strings or "" in strings:
        return None
    kept: list[str] = []
    for text in sorted(strings, key=len):
        if not any(shorter in text for shorter in kept):
            kept.append(text)
    return frozenset(kept)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two requirements: longer shortest string, then fewer strings."""
    if a is None:
        return b
    if b is None:
        return a
    rank_a = (min(map(len, a)), -len(a))
    rank_b = (min(map(len, b)), -len(b))
    return a if rank_a >= rank_b else b


def _sequence(items: Sequence[tuple[object, Any]]) -> _Info:
    """A concatenation: runs of literals are spelled out, and the most selective run is required."""
    run: frozenset[str] = frozenset({""})  # the strings the current run of spelled-out items can match
    needs: frozenset[str] | None = None
    whole = True  # every item so far was spelled out
    for op, av in items:
        info = _node(op, av)
        if info.exact is not None and len(run) * len(info.exact) <= _MAX_EXACT:
            run = frozenset(a + b for a in run for b in info.exact)
            continue
        whole = False
        needs = _better(_better(needs, _minimal(run)), _needs_of(info))
        run = info.exact if info.exact is not None else frozenset({""})
    if whole:
        return _Info(run, None)
    return _Info(None, _better(needs, _minimal(run)))


def _node(op: object, av: Any) -> _Info:
    if op is sre.LITERAL:
        return _literal(av)
    if op is sre.IN:
        return _char_class(av)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _EMPTY  # zero-width: adds no character to the match
    if op in (sre.ANY, sre.NOT_LITERAL, sre.CATEGORY, sre.GROUPREF, sre.GROUPREF_EXISTS):
        return _ANYTHING
    if op is sre.SUBPATTERN:
        return _sequence(av[-1])
    if op is getattr(sre, "ATOMIC_GROUP", object()):
        return _sequence(av)
    if op is sre.BRANCH:
        return _branch(av[1])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", object())):
        low, high, body = av
        return _repeat(low, high, _sequence(body))
    raise _Unknown(op)


def _safe_char(code: int) -> str | None:
    """The character as the folded text shows it, if that is certain: ASCII, or a character without
    case (punctuation, symbols, spaces) that IGNORECASE matches only with itself."""
    char = chr(code)
    if char.isascii():
        return char.lower()
    if char.lower() == char == char.upper() and unicodedata.category(char)[0] in "PSZ":
        return char
    return None


def _literal(code: int) -> _Info:
    char = _safe_char(code)
    return _ANYTHING if char is None else _Info(frozenset({char}), None)


def _char_class(items: Sequence[tuple[object, Any]]) -> _Info:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            codes: Sequence[int] = (av,)
        elif op is sre.RANGE and av[1] - av[0] < _MAX_RANGE:
            codes = range(av[0], av[1] + 1)
        else:
            return _ANYTHING  # a negation, a category (\w, \s) or a wide range
        for code in codes:
            char = _safe_char(code)
            if char is None:
                return _ANYTHING
            chars.add(char)
    return _Info(frozenset(chars), None) if chars else _ANYTHING


def _branch(alternatives: Sequence[Sequence[tuple[object, Any]]]) -> _Info:
    infos = [_sequence(alternative) for alternative in alternatives]
    exacts = [info.exact for info in infos if info.exact is not None]
    if len(exacts) == len(infos):
        union = frozenset().union(*exacts)
        if len(union) <= _MAX_EXACT:
            return _Info(union, None)
    needs = [n for n in map(_needs_of, infos) if n is not None]
    if len(needs) < len(infos):
        return _ANYTHING  # one alternative needs nothing, so the whole needs nothing
    return _Info(None, _minimal(frozenset().union(*needs)))


def _repeat(low: int, high: int, body: _Info) -> _Info:
    if low == 0:
        if high == 1 and body.exact is not None:
            return _Info(body.exact | {""}, None)
        return _ANYTHING
    if low == high == 1:
        return body
    return _Info(None, _needs_of(body))


class Literals:
    """Which of a fixed set of strings occur in a text, all found in one pass (Aho–Corasick)."""

    def __init__(self, literals: Sequence[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for literal in literals:
            if literal:
                self._automaton.add_word(literal, literal)
        self._empty = not len(self._automaton)
        if not self._empty:
            self._automaton.make_automaton()

    def found_in(self, text: str) -> set[str]:
        """The literals that occur in `text`, compared as they are (no case folding)."""
        if self._empty:
            return set()
        return {literal for _, literal in self._automaton.iter(text)}


class PatternSet:
    """Many regexes run over the same texts, each only where its literals say it can match.

    `finditer` gives, pattern by pattern, exactly the matches each one's own `finditer` would.
    One Aho–Corasick pass over the case-folded text finds where the patterns' literals stand: a
    pattern whose matches all start with a known literal (`leading_literals`) is tried only at
    those places; one that needs a literal somewhere (`required_literals`) scans the text only
    when one is there; the rest scan every text.
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self._patterns = tuple(patterns)
        keys: dict[str, tuple[list[int], list[int]]] = {}  # literal -> (anchored at it, gated by it)
        always: list[int] = []
        for index, pattern in enumerate(self._patterns):
            if (leading := leading_literals(pattern)) is not None:
                for literal in leading:
                    keys.setdefault(literal, ([], []))[0].append(index)
            elif (needed := required_literals(pattern)) is not None:
                for literal in needed:
                    keys.setdefault(literal, ([], []))[1].append(index)
            else:
                always.append(index)
        self._always = tuple(always)
        self._automaton: ahocorasick.Automaton | None = None
        if keys:
            self._automaton = ahocorasick.Automaton()
            for literal, (anchored, gated) in keys.items():
                self._automaton.add_word(literal, (len(literal), tuple(anchored), tuple(gated)))
            self._automaton.make_automaton()

    def finditer(self, text: str) -> list[tuple[int, re.Match[str]]]:
        """(pattern index, match) for every match of every pattern: by pattern, then by position."""
        starts: list[tuple[int, int]] = []
        scanned = set(self._always)
        if self._automaton is not None:
            for end, (length, anchored, gated) in self._automaton.iter(fold_case(text)):
                if anchored:
                    starts.extend((index, end + 1 - length) for index in anchored)
                scanned.update(gated)
        found: list[tuple[int, re.Match[str]]] = []
        resume: dict[int, int] = {}  # where each anchored pattern's own finditer would search on from
        for index, start in sorted(starts):
            if start >= resume.get(index, 0) and (match := self._patterns[index].match(text, start)):
                found.append((index, match))
                resume[index] = match.end()  # > start: a match holds its leading literal
        for index in scanned:
            found.extend((index, match) for match in self._patterns[index].finditer(text))
        found.sort(key=lambda hit: hit[0])  # stable: each pattern's matches stay in order
        return found
