"""Read one entry of a peer team list into name, team role, job title and organisation.

Reports write entries in many shapes: "Name, Job title, Organisation"; "Name – Role"; "Name
(Role), Job title, Organisation"; "Role: Name, Job title, Organisation"; "Name, Organisation –
Role"; "Councillor Name, Party, Council"; and lines with no punctuation between the parts at all
("Victoria Collins Director of Adult Services Milton Keynes City Council, Lead Peer"). So the name
is the leading run of name-like words, ending where a job-title word or a council's name begins;
honorifics ("Cllr", "Dr") and post-nominals ("OBE", "PhD") are not part of it. The organisation is
the council the entry names (from the council table), else the part that reads as a body ("…
Integrated Care Board", "Local Government Association"). A role is the team's own word for the
member ("Lead Peer", "Member Peer", "Operational Peer"), stated in brackets, after a dash or
comma, or before a colon; where none is stated it is inferred from the job, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.councils import CouncilMention, CouncilTable, load_councils
from importers.model import PeerTeamMember

_HONORIFIC = re.compile(
    r"^(?:(?:the\s+)?rt\.?\s+hon\.?|councillor|cllr\.?|dr\.?|doctor|mr\.?|mrs\.?|ms\.?|miss|mx\.?"
    r"|professor|prof\.?|sir|dame|lord|lady|baroness|rev(?:erend|d)?\.?)(?:\s+|(?<=\.)(?=[A-Z]))",
    re.I,
)
_COUNCILLOR = re.compile(r"^(?:councillor|cllr)\b", re.I)
_POST_NOMINALS = (  # noqa: SIM905 (a list of words reads better as words)
    "OBE MBE CBE KBE DBE BEM KC QC QPM DL JP MP PhD DPhil EdD DSW MSc MA MBA MPA MPH MPhil BA BSc BSW LLB "
    "LLM MRes PGCE PGDip DipSW CQSW RGN RMN RN RSW FRSA FRCP FRCPsych MRCP MRCGP FFPH FCA ACA CPFA FCIPD"
).split()
_POST_NOMINAL_SET = frozenset(_POST_NOMINALS)
_POST_NOMINAL_RUN = re.compile(
    r"^(?:[\s,]*(?:\((?:hons?|oxon|cantab)\)|(?:" + "|".join(_POST_NOMINALS) + r")\b\.?))+",
    re.I,
)
_PARTICLES = {"de", "van", "von", "der", "den", "le", "la", "da", "du", "di", "del", "bin", "al"}
_NAME_TOKEN = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*$")
_INITIAL = re.compile(r"^[A-Z]\.?$")
# Capitalised words that begin a job title or an organisation, never a name.
_NOT_NAME_WORDS = set(
    """director deputy assistant head principal chief corporate executive interim strategic strategy
    senior transformation challenge peer leader chair chairman chairwoman adviser advisor manager
    expert psw lead member service services programme independent consultant former cabinet
    portfolio associate practice operations operational group team lga vice co-chair social adult
    adults improvement commissioning council county borough city district metropolitan association
    government local national nhs trust board icb integrated care health public officer councillor
    cllr dass area regional coordinator co-ordinator project policy performance quality
    safeguarding the this that of and for in on at to with by from a an as our their its
    january february march april may june july august september october november december""".split()  # noqa: SIM905
)
_LINKING = {"of", "for", "at", "to", "with", "from", "in", "and", "&", "within", "across", "on", "the"}
_ORGANISATION_END = re.compile(
    r"\b(?:council|association|trust|board|icb|partnership|group|college|university|corporation|"
    r"government|team|foundation|authority|lga|adass|department|network|institute|society|charity|"
    r"cic|ltd|limited|plc|commission|agency|service)$",
    re.I,
)
_ORGANISATION_START = re.compile(r"^(?:nhs|university of|the local government association)\b", re.I)
_TITLE_START = re.compile(
    r"^(?:director|deputy|assistant|head|principal|chief|corporate|executive|interim|strategic|senior|"
    r"leader|chair|member|manager|adviser|advisor|lead|cabinet|portfolio|former|co-chair|vice)\b",
    re.I,
)
_PEER_ROLE = re.compile(r"^(?:[\w’'()-]+\s+){0,5}peer$", re.I)
_ROLE_TAIL = re.compile(r"^(?P<job>.+?)\s+(?:and|&)\s+(?P<role>(?:[\w’'-]+\s+){0,4}peer)$", re.I)
_BRACKET = re.compile(r"\(([^()]*)\)")
_BRACKET_ROLE = re.compile(r"\bpeer\b|^(?:peer\s+)?challenge manager$|^expert by experience$", re.I)
_ROLE_PREFIX = re.compile(r"^(?P<role>[^:,]{3,90}?)\s*:\s+(?P<rest>\S.*)$")
_ROLE_PREFIX_WORDS = re.compile(
    r"\b(?:peer|lead|member|manager|advis[eo]r|expert|dass|officer|councillor|chair|director|head)\b", re.I
)
# Where an entry's parts divide: commas, semicolons, dashes (spaced hyphens only: "Coleman-Groom"
# is one name), vertical bars.
_SEPARATOR = re.compile(r"\s*(?:[,;|]|\s-\s|[–—])\s*")
_PAIR = re.compile(r"^(?P<first>.+?)\*?\s+(?:and|&)\s+(?P<second>.+)$")
_TRAILING_PUNCTUATION = " .;:,–—-|"


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _bare(token: str) -> str:
    return token.strip("*,.;:").strip("‘’'\"")


def is_name_token(token: str, first: bool = False) -> bool:
    """A word that can be part of a person's name: capitalised, alphabetic, not a job or body word."""
    bare = token.rstrip("*").rstrip(",;:")
    if not first and bare.lower() in _PARTICLES:
        return True
    if _INITIAL.match(bare):
        return True
    bare = bare.rstrip(".")
    return (
        bare not in _POST_NOMINAL_SET
        and bool(_NAME_TOKEN.match(bare))
        and bare[0].isupper()
        and any(ch.islower() for ch in bare)
        and bare.lower() not in _NOT_NAME_WORDS
    )


def strip_honorifics(text: str) -> tuple[str, bool]:
    """The text without leading honorifics ("Cllr Dr …"), and whether one named a councillor."""
    councillor = False
    while match := _HONORIFIC.match(text):
        councillor = councillor or bool(_COUNCILLOR.match(match.group(0)))
        text = text[match.end() :]
    return text, councillor


def split_name(text: str, stop: int | None = None) -> tuple[str, str]:
    """(name, rest): the leading run of name words (two to four), before `stop` if given.

    A word that is also a job word ("Head", "Lead") still ends a name of one word when a comma
    follows it ("Sarah Head, Director"), as surnames sometimes are.
    """
    taken: list[str] = []
    position = 0
    for match in re.finditer(r"\S+", text):
        token = match.group(0)
        if stop is not None and match.start() >= stop:
            break
        bare = token.rstrip(",;:").rstrip("*")
        surname_exception = (
            len(taken) == 1 and token.endswith(",") and _NAME_TOKEN.match(bare.rstrip(".")) is not None
        )
        if not (is_name_token(token, first=not taken) or surname_exception) or token.startswith("("):
            break
        taken.append(bare)
        position = match.end()
        if token.endswith((",", ";", ":")) or len(taken) == 4:
            break
    while taken and taken[-1].lower() in _PARTICLES:
        taken.pop()
    if len(taken) < 2:
        return "", text
    name = " ".join(taken)
    return name, text[position:]


def _is_role(text: str) -> bool:
    """A team role of the "… Peer" kind ("Lead Peer", "Lived Experience Peer")."""
    return bool(_PEER_ROLE.match(text.strip())) and not _is_organisation(text)


def _segments(text: str, protected: list[_Span]) -> list[_Span]:
    """Spans of the parts between separators, never cutting a council's name ("Bournemouth, …")."""
    spans: list[_Span] = []
    start = 0
    for match in _SEPARATOR.finditer(text):
        if any(p.start < match.start() < p.end for p in protected):
            continue
        if match.start() > start:
            spans.append(_Span(start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append(_Span(start, len(text)))
    return [span for span in spans if text[span.start : span.end].strip()]


def _council_organisation(
    text: str, segments: list[_Span], mentions: list[CouncilMention]
) -> tuple[str, list[_Span]] | None:
    """The council the entry works for, and the spans to cut from the job title.

    A part that is the council's name goes; so does a name ending a part without a linking word
    ("Director of Adult Services Milton Keynes City Council"); a name inside a job ("Leader of
    Kent County Council") is the organisation and stays in the job title too.
    """
    chosen: tuple[str, list[_Span]] | None = None
    for segment in segments:
        part = text[segment.start : segment.end].strip(" .")
        for mention in (m for m in mentions if segment.start <= m.start and m.end <= segment.end):
            whole = part == text[mention.start : mention.end]
            if not mention.names_body and not whole:
                continue  # "Derby and Derbyshire Integrated Care Board" names places, not councils
            before = text[segment.start : mention.start].split()
            at_end = not text[mention.end : segment.end].strip(" .")
            if whole:
                chosen = (mention.text, [segment])
            elif at_end and before and before[-1].lower() not in _LINKING:
                chosen = (mention.text, [_Span(mention.start, segment.end)])
            elif chosen is None or not chosen[1]:
                chosen = (mention.text, [])
    return chosen


def _is_organisation(part: str) -> bool:
    """A part that names a body ("… Integrated Care Board", "NHS Kent") rather than a job."""
    return bool(
        (_ORGANISATION_END.search(part) or _ORGANISATION_START.match(part))
        and not _TITLE_START.match(part)
        and len(part.split()) <= 12
    )


def _other_organisation(text: str, segments: list[_Span]) -> tuple[str, list[_Span]] | None:
    """The last part after the first that reads as a body, or the only part when there is one."""
    for segment in reversed(segments[1:] if len(segments) > 1 else segments):
        part = text[segment.start : segment.end].strip(" .")
        if _is_organisation(part):
            return part, [segment]
    return None


def _clean_job(text: str) -> str | None:
    text = re.sub(r"\(\s*\)", " ", text)
    text = re.sub(r"\s*(?:[,;|]\s*){2,}", ", ", text)
    text = re.sub(r"\s*(?:[–—]|\s-\s)\s*(?=[,;]|$)", "", text)
    text = " ".join(text.split()).strip(_TRAILING_PUNCTUATION)
    text = re.sub(r"(?:\s+(?:and|&|of|at|for))+$", "", text, flags=re.I).strip(_TRAILING_PUNCTUATION)
    text = re.sub(r"^(?:(?:and|&)\s+)+", "", text, flags=re.I)
    return text or None


def _inferred_role(line: str, job_title: str, organisation: str, councillor: bool) -> str:
    lowered = line.lower()
    if "challenge manage" in lowered:
        return "Challenge Manager"
    if councillor or re.search(r"\bcouncillor\b|\bcllr\b", job_title, re.I):
        return "Member Peer"
    if "expert by experience" in lowered:
        return "Expert by Experience"
    if "local government association" in organisation.lower() or "lga" in job_title.lower().split():
        return "LGA Adviser"
    return "Officer Peer"


def _blank(text: str, spans: list[_Span]) -> str:
    """The text with the spans overwritten by spaces, so offsets into it still hold."""
    chars = list(text)
    for span in spans:
        chars[span.start : span.end] = " " * (span.end - span.start)
    return "".join(chars)


def _details(
    rest: str, councils: CouncilTable, stated_role: str | None
) -> tuple[str | None, str | None, str | None]:
    """(team role, job title, organisation) from what follows the name."""
    rest = _POST_NOMINAL_RUN.sub("", rest)
    mentions = councils.mentions(rest)
    cut: list[_Span] = []
    role = stated_role
    organisation: str | None = None
    for bracket in _BRACKET.finditer(rest):
        inner = bracket.group(1).strip()
        inside = [m for m in mentions if bracket.start() < m.start and m.end < bracket.end() and m.names_body]
        if _BRACKET_ROLE.search(inner) and not _is_organisation(inner):
            role = role or inner
            cut.append(_Span(bracket.start(), bracket.end()))
        elif inside or _is_organisation(inner):
            organisation = organisation or (inside[0].text if inside else inner)
            cut.append(_Span(bracket.start(), bracket.end()))
    text = _blank(rest, cut)
    mentions = [m for m in mentions if not any(c.start <= m.start < c.end for c in cut)]
    segments = _segments(text, [_Span(m.start, m.end) for m in mentions])
    live: list[_Span] = []
    for segment in segments:
        part = text[segment.start : segment.end].strip(" .")
        offset = segment.start + text[segment.start : segment.end].index(part[:1]) if part else segment.start
        if (tail := _ROLE_TAIL.match(part)) and _is_role(tail["role"]):
            role = role or tail["role"]
            cut.append(_Span(offset + tail.start("role"), segment.end))
            live.append(_Span(segment.start, offset + tail.start("role")))
        elif _is_role(part):
            role = role or part
            cut.append(segment)
        else:
            live.append(segment)
    if organisation is None:
        found = _council_organisation(text, live, mentions) or _other_organisation(text, live)
        if found:
            organisation, spans = found
            cut.extend(spans)
    job = rest
    for span in sorted(cut, key=lambda s: s.start, reverse=True):
        job = job[: span.start] + ", " + job[span.end :]
    return role, _clean_job(job), organisation


def _normalise(line: str) -> str:
    line = " ".join(line.replace("**", "").replace("\u00a0", " ").split())
    line = re.sub(r"^(?:[•●▪◦‣∙·*\-–]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+", "", line)
    return line.strip(" .;")


def _role_prefix(line: str) -> tuple[str | None, str]:
    """A role written before a colon ("Lead peer member: Colin Nobel, …"), and what follows it."""
    if (match := _ROLE_PREFIX.match(line)) and _ROLE_PREFIX_WORDS.search(match["role"]):
        body, _ = strip_honorifics(match["rest"])
        if split_name(body)[0]:
            return match["role"].strip(), match["rest"]
    return None, line


def parse_member_line(line: str, councils: CouncilTable | None = None) -> list[PeerTeamMember]:
    """The members one entry names (two when it reads "A* and B, PSW …"); none when it names no one."""
    table = councils if councils is not None else load_councils()
    line = _normalise(line)
    stated_role, body = _role_prefix(line)
    body, councillor = strip_honorifics(body)
    names: list[str] = []
    rest = ""
    if pair := _PAIR.match(body):
        first, after_first = split_name(pair["first"] + ",")
        second_body, second_councillor = strip_honorifics(pair["second"])
        second, after_second = split_name(second_body, stop=_first_council(second_body, table))
        if first and second and not after_first.strip(" ,*"):
            names, rest = [first, second], after_second
            councillor = councillor or second_councillor
    if not names:
        name, rest = split_name(body, stop=_first_council(body, table))
        if not name:
            return []
        names = [name]
    role, job_title, organisation = _details(rest, table, stated_role)
    if role is None:
        role = _inferred_role(line, job_title or "", organisation or "", councillor)
    return [
        PeerTeamMember(name=name, team_role=role, job_title=job_title, organisation=organisation)
        for name in names
    ]


def member_from_columns(
    name: str,
    role: str | None,
    job_title: str | None,
    organisation: str | None,
    councils: CouncilTable | None,
) -> PeerTeamMember | None:
    """A member from a table row whose header says which column is which."""
    body, councillor = strip_honorifics(_normalise(name))
    person, rest = split_name(body + ",")
    if not person or rest.strip(" ,*"):
        members = parse_member_line(name, councils)
        if not members:
            return None
        person = members[0].name
    job = _clean_job(job_title or "") if job_title else None
    org = _clean_job(organisation or "") if organisation else None
    stated = _clean_job(role or "") if role else None
    return PeerTeamMember(
        name=person,
        team_role=stated or _inferred_role(name, job or "", org or "", councillor),
        job_title=job,
        organisation=org,
    )


def _first_council(text: str, councils: CouncilTable) -> int | None:
    """Where the first council named by its body ("Kent County Council") begins: a name ends there."""
    mentions = [m for m in councils.mentions(text) if m.names_body]
    return mentions[0].start if mentions else None
