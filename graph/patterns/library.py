"""The library of recurring cross-council patterns the tagger looks for.

The built-in library is `graph/data/patterns.yaml` (ids from shared/domain/patterns.md). Users
may add pattern files of the same shape; they can add new ids, and touch a built-in id only with
`extend: true` (more phrasings and keywords, same meaning), so an id never changes what it means.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from peergraph.core.errors import InputFileError

DATA_FILE = Path(__file__).resolve().parent / "data" / "patterns.yaml"

_ID = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
_FIELDS = {"id", "name", "description", "phrasings", "keywords", "threshold", "extend"}
_MAX_TEXT = 1000


@dataclass(frozen=True)
class Pattern:
    """One pattern: what it means (name, description) and how to recognise it (phrasings, keywords)."""

    id: str
    name: str
    description: str
    phrasings: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    threshold: float | None = field(default=None, compare=False)
    source: str = field(default="builtin", compare=False)

    @cached_property
    def keyword_regexes(self) -> tuple[re.Pattern[str], ...]:
        """The keywords compiled once, case-insensitive."""
        return tuple(re.compile(keyword, re.IGNORECASE) for keyword in self.keywords)


def load_patterns(extra: Sequence[Path] = ()) -> list[Pattern]:
    """The built-in library merged with user pattern files `extra`, in order.

    Raises InputFileError naming the file, the pattern id and the field for anything invalid.
    """
    patterns = {entry.id: entry.pattern for entry in _read_file(DATA_FILE, builtin=True)}
    for path in extra:
        for entry in _read_file(Path(path), builtin=False):
            patterns[entry.id] = _merge(patterns.get(entry.id), entry, Path(path))
    return list(patterns.values())


@dataclass(frozen=True)
class _Entry:
    """A pattern as read from a user file, before it is merged into the library."""

    pattern: Pattern
    extend: bool
    has_meaning: bool

    @property
    def id(self) -> str:
        return self.pattern.id


def _merge(existing: Pattern | None, entry: _Entry, path: Path) -> Pattern:
    """Add a new pattern, or extend an existing one when the entry says `extend: true`."""
    if existing is None:
        if entry.extend:
            raise InputFileError(path, f"pattern {entry.id!r}: extend: true but no such pattern to extend")
        if not entry.has_meaning:
            raise InputFileError(path, f"pattern {entry.id!r}: a new pattern needs 'name' and 'description'")
        return entry.pattern
    if not entry.extend:
        raise InputFileError(
            path,
            f"pattern {entry.id!r}: id already exists ({existing.source}); ids are never reused - "
            "choose a new id, or set extend: true to add phrasings and keywords",
        )
    new = entry.pattern
    if entry.has_meaning and (new.name, new.description) != (existing.name, existing.description):
        raise InputFileError(
            path, f"pattern {entry.id!r}: field 'name'/'description': extend cannot change what an id means"
        )
    return replace(
        existing,
        phrasings=_unique(existing.phrasings + new.phrasings),
        keywords=_unique(existing.keywords + new.keywords),
        threshold=new.threshold if new.threshold is not None else existing.threshold,
        source=f"{existing.source}+{path.name}",
    )


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _read_file(path: Path, *, builtin: bool) -> list[_Entry]:
    """Parse and validate one pattern file (built-in or user) into entries."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputFileError(path, f"cannot read pattern file: {error.strerror or error}") from error
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise InputFileError(path, f"not valid YAML{line}") from error
    if not isinstance(document, dict) or not isinstance(document.get("patterns"), list):
        raise InputFileError(path, "a pattern file needs a top-level 'patterns:' list")
    entries: list[_Entry] = []
    seen: set[str] = set()
    for position, raw in enumerate(document["patterns"], start=1):
        entry = _entry(raw, position, path, builtin=builtin)
        if entry.id in seen:
            raise InputFileError(path, f"pattern {entry.id!r}: field 'id': appears twice in this file")
        seen.add(entry.id)
        entries.append(entry)
    return entries


def _entry(raw: Any, position: int, path: Path, *, builtin: bool) -> _Entry:
    """Validate one mapping of a pattern file; errors name the pattern id (or position) and field."""
    if not isinstance(raw, dict):
        raise InputFileError(path, f"pattern #{position}: must be a mapping with id, name, description, ...")
    pattern_id = raw.get("id")
    if not isinstance(pattern_id, str) or not _ID.match(pattern_id):
        raise InputFileError(
            path, f"pattern #{position}: field 'id': must be lower_snake_case letters, digits and '_'"
        )
    label = f"pattern {pattern_id!r}"
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise InputFileError(path, f"{label}: unknown field {unknown[0]!r}")
    extend = raw.get("extend", False)
    if not isinstance(extend, bool) or (builtin and extend):
        raise InputFileError(path, f"{label}: field 'extend': must be true or false")
    has_meaning = "name" in raw or "description" in raw
    name = _text(raw, "name", label, path, required=not extend)
    description = _text(raw, "description", label, path, required=not extend)
    phrasings = tuple(
        " ".join(text.split()) for text in _texts(raw, "phrasings", label, path, minimum=6 if builtin else 1)
    )
    keywords = _texts(raw, "keywords", label, path, minimum=0)
    for keyword in keywords:
        try:
            re.compile(keyword, re.IGNORECASE)
        except re.error as error:
            raise InputFileError(
                path, f"{label}: field 'keywords': invalid regex {keyword!r} ({error})"
            ) from error
    pattern = Pattern(
        id=pattern_id,
        name=name,
        description=description,
        phrasings=phrasings,
        keywords=keywords,
        threshold=_threshold(raw, label, path),
        source="builtin" if builtin else path.name,
    )
    return _Entry(pattern=pattern, extend=extend, has_meaning=has_meaning)


def _text(raw: dict[str, Any], key: str, label: str, path: Path, *, required: bool) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise InputFileError(path, f"{label}: field {key!r}: must be a non-empty string")
    return " ".join(value.split())


def _texts(raw: dict[str, Any], key: str, label: str, path: Path, *, minimum: int) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise InputFileError(path, f"{label}: field {key!r}: must be a list of non-empty strings")
    if len(value) < minimum:
        raise InputFileError(path, f"{label}: field {key!r}: needs at least {minimum} entries")
    if any(len(item) > _MAX_TEXT for item in value):
        raise InputFileError(path, f"{label}: field {key!r}: entries must be under {_MAX_TEXT} characters")
    return tuple(value)


def _threshold(raw: dict[str, Any], label: str, path: Path) -> float | None:
    value = raw.get("threshold")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 < float(value) < 1.0:
        raise InputFileError(path, f"{label}: field 'threshold': must be a number between 0 and 1")
    return float(value)
