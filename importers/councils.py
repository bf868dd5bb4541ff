"""The English councils with adult social care duties, and which one a report is about.

The reference table (`importers/data/councils.csv`) holds the 153 upper-tier authorities in
England since April 2023, keyed by ONS code. City of London counts as a `london_borough` and
the Isles of Scilly as a `unitary`, so there are four types. Predecessor styles that map onto one
successor are aliases of it ("Somerset County Council" → Somerset Council, E06000066).
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from importers.literals import PatternSet
from peergraph.core.errors import InputFileError

REGIONS: tuple[str, ...] = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
REGION_CODES: dict[str, str] = {region: f"E1200000{n}" for n, region in enumerate(REGIONS, start=1)}

COUNCIL_TYPES: tuple[str, ...] = ("county", "unitary", "metropolitan_district", "london_borough")
COLUMNS: tuple[str, ...] = ("id", "name", "short_name", "type", "region", "aliases")
COUNCILS_CSV = "councils.csv"
DATA_FILE = Path(__file__).resolve().parent / "data" / COUNCILS_CSV

_ID = re.compile(r"^[A-Z][0-9]{8}$")

# Place names that contain a council's name but are not that council; matching them first
# stops "Greater Manchester" counting for Manchester or "West Suffolk" for Suffolk.
_NOT_COUNCILS: tuple[str, ...] = (
    "Greater Manchester",
    "Greater London",
    "Bury St Edmunds",
    "Newcastle-under-Lyme",
    "New York",
    "Stoke Mandeville",
    "Stoke Newington",
    "Stockton Heath",
    "Sutton Coldfield",
    "West Lancashire",
    "North West Leicestershire",
    "South Derbyshire",
    "North East Derbyshire",
    "Derbyshire Dales",
    "South Staffordshire",
    "East Staffordshire",
    "Staffordshire Moorlands",
    "North Warwickshire",
    "South Oxfordshire",
    "West Oxfordshire",
    "South Cambridgeshire",
    "East Cambridgeshire",
    "North Hertfordshire",
    "East Hertfordshire",
    "North Norfolk",
    "South Norfolk",
    "Mid Suffolk",
    "East Suffolk",
    "West Suffolk",
    "East Hampshire",
    "Surrey Heath",
    "Mid Devon",
    "North Devon",
    "East Devon",
    "West Devon",
    "North Dorset",
    "West Dorset",
    "East Dorset",
    "South Somerset",
    "West Somerset",
)

# Evidence weights: the sentence asking the LGA in is decisive, the title strong, mentions add up.
_REQUEST_BONUS = 10.0
_TITLE_BONUS = 5.0
_CONTEXT_BONUS = 3.0
_BODY_WEIGHT = 3.0  # the council's own name, or a form naming the body ("Trafford Council", "GCC")
_PLACE_WEIGHT = 1.0  # the place alone ("Torbay")

_REQUEST_AFTER = re.compile(
    r"[^.\n]{0,80}?\b(?:requested|asked|invited|commissioned|approached|engaged)\s+"
    r"(?:the\s+)?(?:LGA|Local\s+Government\s+Association)\b"
)
_REQUEST_BEFORE = re.compile(
    r"(?:(?:LGA|Local\s+Government\s+Association)(?:\s*\(LGA\))?\s+(?:was|were|has\s+been|had\s+been)\s+"
    r"(?:invited|asked|commissioned|requested|approached)\b[^.\n]{0,60}?\bby"
    r"|\b(?:invitation|request)\s+of)\s+(?:the\s+)?$"
)
_CONTEXT_BEFORE = re.compile(
    r"(?i)(?:\bpeer\s+(?:challenge|review)\s+(?:at|in|of|for|with)"
    r"|\bthe\s+(?:peer\s+)?team\s+(?:were|was)\s+(?:on\s*site\s+)?(?:in|at))\s+(?:the\s+)?$"
)
_TEAM_INTRO = re.compile(
    r"(?i)(?:\bmembers\s+of\s+(?:the|this)\b[^\n]{0,80}?\b|\b(?:peer|challenge|review)\s+)"
    r"team\s+(?:were|was|are|is|comprised|consisted\s+of|included)\b[^\n]{0,60}:\s*$"
)
_LIST_ITEM = re.compile(r"^\s*(?:[-–•●·▪*]|\d+[.)]\s)")
_ROLE = re.compile(
    r"\b(?:Director|Councillor|Cllr|Head\s+of|Manager|Principal\s+Social\s+Worker|PSW"
    r"|Expert\s+by\s+Experience|Advis[eo]r|Chief\s+Executive|Portfolio\s+Holder|Cabinet\s+Member"
    r"|(?:Lead|Member|Officer)\s+Peer|Deputy\s+Leader|Leader\s+of)\b"
)
_NOT_TEAM = re.compile(r"(?i)\b(?:requested|asked|invited|commissioned|sponsored|thank\w*)\b")
# Words every council's name shares, useless for the quick "is this name in the text at all" check.
_GENERIC_WORD = re.compile(
    r"(?i)(?:and|of|the|council|county|borough|city|metropolitan|district|royal|london|corporation)"
)
_TITLE_MAX_CHARS = 600
_TITLE_MAX_LINE = 160
_TEAM_LINE_MAX = 300


@dataclass(frozen=True)
class Council:
    """One council with adult social care duties, keyed by its ONS code."""

    id: str
    name: str
    short_name: str
    type: str
    region: str
    aliases: tuple[str, ...] = ()

    @property
    def region_code(self) -> str:
        return REGION_CODES[self.region]

    @property
    def forms(self) -> tuple[str, ...]:
        """Every way the table lets a report name this council: name, short name, then aliases."""
        return (self.name, self.short_name, *self.aliases)


@dataclass(frozen=True)
class CouncilMatch:
    """The council a text is about, with the form the text used first and the evidence score."""

    council: Council
    as_printed: str
    score: float = 0.0

    # Delegates, so a match can stand in where a Council is expected.
    @property
    def id(self) -> str:
        return self.council.id

    @property
    def name(self) -> str:
        return self.council.name

    @property
    def short_name(self) -> str:
        return self.council.short_name

    @property
    def type(self) -> str:
        return self.council.type

    @property
    def region(self) -> str:
        return self.council.region

    @property
    def aliases(self) -> tuple[str, ...]:
        return self.council.aliases


@dataclass(frozen=True)
class CouncilMention:
    """A council named in a text: where, as printed, and whether the form names the body itself
    ("Kent County Council", "BCP") or only the place ("Kent")."""

    council: Council
    start: int
    end: int
    text: str
    names_body: bool


@dataclass(frozen=True)
class _Form:
    council: Council | None  # None: a place that is not a council (see _NOT_COUNCILS)
    weight: float
    key: str  # a lower-case literal the text must contain, to skip most regexes cheaply
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _Mention:
    form: _Form
    start: int
    end: int
    text: str


class CouncilTable:
    """The councils in force, with lookup by ONS code and identification of a report's council."""

    def __init__(self, councils: Iterable[Council]) -> None:
        self._councils = tuple(councils)
        self._by_id = {council.id: council for council in self._councils}

    def __iter__(self) -> Iterator[Council]:
        return iter(self._councils)

    def __len__(self) -> int:
        return len(self._councils)

    def __contains__(self, council_id: object) -> bool:
        return council_id in self._by_id

    def by_id(self, council_id: str) -> Council | None:
        return self._by_id.get(council_id)

    def regions(self) -> tuple[str, ...]:
        """The regions that have at least one council, in ONS order."""
        present = {council.region for council in self._councils}
        return tuple(region for region in REGIONS if region in present)

    def in_region(self, region: str) -> tuple[Council, ...]:
        return tuple(council for council in self._councils if council.region == region)

    def mentions(self, text: str) -> list[CouncilMention]:
        """Every council named in the text, leftmost-longest, without overlaps."""
        return [
            CouncilMention(m.form.council, m.start, m.end, m.text, m.form.weight >= _BODY_WEIGHT)
            for m in self._mentions(text)
            if m.form.council is not None
        ]

    def identify(self, text: str, ignore: Sequence[tuple[int, int]] = ()) -> CouncilMatch | None:
        """The council a report is about, or None when no council outside the peer team is named.

        `ignore`: spans of the text that name other councils for certain (the peer team list).
        """
        mentions = self._mentions(text)
        if not mentions:
            return None
        line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        team_lines = _peer_team_lines(text.split("\n"))
        title_end = _title_end(text)

        scores: dict[str, float] = {}
        first: dict[str, _Mention] = {}
        bonuses: dict[str, set[str]] = {}
        for mention in mentions:
            council = mention.form.council
            if council is None or bisect.bisect_right(line_starts, mention.start) - 1 in team_lines:
                continue
            if any(start <= mention.start < end for start, end in ignore):
                continue
            scores[council.id] = scores.get(council.id, 0.0) + mention.form.weight
            first.setdefault(council.id, mention)
            got = bonuses.setdefault(council.id, set())
            if "request" not in got and _is_request(text, mention):
                got.add("request")
                scores[council.id] += _REQUEST_BONUS
            if "title" not in got and mention.start < title_end:
                got.add("title")
                scores[council.id] += _TITLE_BONUS
            if "context" not in got and _CONTEXT_BEFORE.search(
                text, max(0, mention.start - 60), mention.start
            ):
                got.add("context")
                scores[council.id] += _CONTEXT_BONUS
        if not scores:
            return None
        best = max(scores, key=lambda council_id: (scores[council_id], -first[council_id].start))
        mention = first[best]
        return CouncilMatch(self._by_id[best], mention.text, scores[best])

    @cached_property
    def _forms(self) -> tuple[_Form, ...]:
        forms = [_compile_form(form, council) for council in self._councils for form in council.forms]
        forms += [_compile_form(place, None) for place in _NOT_COUNCILS]
        return tuple(forms)

    @cached_property
    def _scan(self) -> PatternSet:
        return PatternSet([form.pattern for form in self._forms])

    def _mentions(self, text: str) -> list[_Mention]:
        """Every council (or non-council place) named in the text, leftmost-longest, no overlaps.

        The forms' regexes are matched together, each only where its first word stands, instead of
        each one scanning the whole text (see `PatternSet`).
        """
        lowered = text.lower()
        forms = self._forms
        present: dict[int, bool] = {}
        found: list[tuple[int, int, int]] = []
        for index, match in self._scan.finditer(text):
            if (here := present.get(index)) is None:
                here = present[index] = forms[index].key in lowered
            if here:
                found.append((match.start(), match.end(), index))
        # By start, the longest first; for equal spans, the form listed first.
        found.sort(key=lambda hit: (hit[0], hit[0] - hit[1], hit[2]))
        mentions: list[_Mention] = []
        end = 0
        for start, stop, index in found:
            if start >= end:
                mentions.append(_Mention(forms[index], start, stop, " ".join(text[start:stop].split())))
                end = stop
        return mentions


def find_council_in_text(text: str, table: CouncilTable | None = None) -> CouncilMatch | None:
    """The council a report's text is about, using the built-in table unless one is given."""
    return (table if table is not None else load_councils()).identify(text)


def load_councils(extra_csv: Sequence[Path] = ()) -> CouncilTable:
    """The built-in table, with councils from extra CSVs (same columns) added; a repeated id replaces."""
    if not extra_csv:
        return _builtin_table()
    merged = {council.id: council for council in _builtin_table()}
    for extra in map(Path, extra_csv):
        for line, council in _read_csv(extra):
            merged.pop(council.id, None)
            _check_forms_free(extra, line, council, merged.values())
            merged[council.id] = council
    return CouncilTable(merged.values())


def councils_for(report_paths: Iterable[Path], extra_csv: Sequence[Path] = ()) -> CouncilTable:
    """The table for importing these reports: built-in, plus any `councils.csv` beside them, plus extras.

    A folder of reports about councils missing from the reference table (the fictional examples)
    carries its own `councils.csv`; a file's folder is searched, and a folder itself.
    """
    found: list[Path] = []
    for path in map(Path, report_paths):
        candidate = (path if path.is_dir() else path.parent) / COUNCILS_CSV
        if candidate.is_file():
            found.append(candidate)
    unique = list(dict.fromkeys(p.resolve() for p in [*found, *map(Path, extra_csv)]))
    return load_councils(unique)


@lru_cache(maxsize=1)
def _builtin_table() -> CouncilTable:
    councils: dict[str, Council] = {}
    for line, council in _read_csv(DATA_FILE):
        _check_forms_free(DATA_FILE, line, council, councils.values())
        councils[council.id] = council
    return CouncilTable(councils.values())


def _read_csv(path: Path) -> list[tuple[int, Council]]:
    """Rows of a councils CSV with their line numbers; InputFileError names the first bad field."""
    rows: list[tuple[int, Council]] = []
    seen: set[str] = set()
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [column for column in COLUMNS if column not in header]
            if missing:
                raise InputFileError(
                    path, f"missing column(s) {', '.join(missing)}; expected header {','.join(COLUMNS)}"
                )
            for row in reader:
                council = _council_from_row(path, reader.line_num, row)
                if council.id in seen:
                    raise InputFileError(path, f"line {reader.line_num}: id {council.id} appears twice")
                seen.add(council.id)
                rows.append((reader.line_num, council))
    except OSError as exc:
        raise InputFileError(path, f"cannot read councils CSV ({exc.strerror or exc})") from exc
    except (csv.Error, UnicodeDecodeError) as exc:
        raise InputFileError(path, f"not a readable councils CSV ({exc})") from exc
    return rows


def _council_from_row(path: Path, line: int, row: dict[str | None, str | None]) -> Council:
    if None in row:
        raise InputFileError(path, f"line {line}: more fields than the {len(COLUMNS)} columns")
    values: dict[str, str] = {}
    for column in COLUMNS:
        value = row.get(column)
        if value is None:
            raise InputFileError(path, f"line {line}: missing field '{column}'")
        values[column] = " ".join(value.split())
        if not values[column] and column != "aliases":
            raise InputFileError(path, f"line {line}: empty '{column}'")
    if not _ID.match(values["id"]):
        raise InputFileError(
            path, f"line {line}: id '{values['id']}' is not an ONS-style code like E06000027"
        )
    if values["type"] not in COUNCIL_TYPES:
        raise InputFileError(
            path, f"line {line}: type '{values['type']}' is not one of {', '.join(COUNCIL_TYPES)}"
        )
    if values["region"] not in REGIONS:
        raise InputFileError(path, f"line {line}: region '{values['region']}' is not one of the nine regions")
    aliases = tuple(dict.fromkeys(a.strip() for a in values["aliases"].split("|") if a.strip()))
    return Council(
        id=values["id"],
        name=values["name"],
        short_name=values["short_name"],
        type=values["type"],
        region=values["region"],
        aliases=aliases,
    )


def _form_key(form: str) -> str:
    return " ".join(form.replace("&", " and ").replace(".", " ").casefold().split())


def _check_forms_free(path: Path, line: int, council: Council, others: Iterable[Council]) -> None:
    """A name, short name or alias may belong to one council only, or identification is ambiguous."""
    taken = {_form_key(form): other for other in others for form in other.forms}
    for form in council.forms:
        other = taken.get(_form_key(form))
        if other is not None:
            raise InputFileError(path, f"line {line}: '{form}' already names {other.name} ({other.id})")


def _compile_form(form: str, council: Council | None) -> _Form:
    names_body = bool(re.search(r"(?i)\b(?:council|corporation|borough\s+of)\b", form))
    acronym = " " not in form and "-" not in form and sum(c.isupper() for c in form) >= 2
    if council is None:
        weight = 0.0
    elif form == council.name or names_body or acronym:
        weight = _BODY_WEIGHT
    else:
        weight = _PLACE_WEIGHT
    tokens = [t for t in re.split(r"[\s,\-‐–]+", form.replace("&", " and ")) if t] if " " in form else [form]
    if len(tokens) == 1 and "-" in form:
        tokens = [t for t in re.split(r"[-‐–]+", form) if t]
    parts = []
    for token in tokens:
        if token == "and":
            parts.append(r"(?:and|&)")
        elif token.rstrip(".") == "St":
            parts.append(r"St\.?")
        else:
            parts.append(re.escape(token))
    body = r"(?:\s*,\s*|\s*[-‐–]\s*|\s+)".join(parts)
    if names_body:
        # Full names are matched whatever the case ("Somerset council"); places and acronyms are not.
        body = f"(?i:{body})"
    pattern = re.compile(rf"(?<![\w\-]){body}(?![\w\-])")
    distinctive = [t for t in tokens if not _GENERIC_WORD.fullmatch(t)] or tokens
    key = max(distinctive, key=len).rstrip(".").lower()
    return _Form(council, weight, key, pattern)


def _is_request(text: str, mention: _Mention) -> bool:
    """True when the mention is the council asking the LGA in ("X Council asked the LGA…")."""
    if _REQUEST_AFTER.match(text, mention.end, mention.end + 200):
        return True
    return bool(_REQUEST_BEFORE.search(text, max(0, mention.start - 150), mention.start))


def _title_end(text: str) -> int:
    """Where the title block ends: at the first prose-length line, or after a few hundred characters."""
    offset = 0
    for line in text.split("\n"):
        if len(line.strip()) > _TITLE_MAX_LINE or offset > _TITLE_MAX_CHARS:
            return offset
        offset += len(line) + 1
    return offset


def _peer_team_lines(lines: list[str]) -> set[int]:
    """Line numbers naming peer-team members, whose councils are not the one under review."""
    team: set[int] = set()
    in_block = False
    for number, line in enumerate(lines):
        stripped = line.strip()
        if _TEAM_INTRO.search(stripped):
            in_block = True
            continue
        if in_block:
            if _LIST_ITEM.match(line):
                team.add(number)
                continue
            if stripped:
                in_block = False
        if len(stripped) <= _TEAM_LINE_MAX and _ROLE.search(stripped) and not _NOT_TEAM.search(stripped):
            team.add(number)
    return team
