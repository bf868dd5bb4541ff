"""Decide whether one sentence is a recommendation, and how firm it is (issue 14).

A recommendation is a sentence in the peer team's own voice that prescribes an action. It is
`firm` when it prescribes without hedging ("should", "needs to", "would benefit from", "it is
essential to", "the team suggests") and not firm for a hedged suggestion ("could be stronger",
"might help", "consideration could be given", "there is an opportunity to").

The sentence is read clause by clause. A clause holds a prescribing cue unless the cue sits in
someone else's voice ("staff told us they need…", "the Council is aware it needs to…"), predicts
rather than prescribes ("this will help", "closer working should enhance this", "the unit may
support…"), or praises or cautions the reader ("should be celebrated", "should be noted").
Whether a "could help" suggests or predicts turns on its subject: a proposed action ("Closer
collaboration could help…", "Finding ways to…") suggests; an existing thing ("the new unit may
support…", "it could also provide…") predicts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from importers.literals import Literals

# ---------------------------------------------------------------------------------------------
# Typed input and output


@dataclass(frozen=True, slots=True)
class SentenceInput:
    """One sentence to classify, with what the parser knows around it."""

    text: str
    summary_item: bool = False
    """True for an item of a summary list of recommendations: always a recommendation."""
    agents: tuple[str, ...] = ()
    """Names the report gives the council ("Trafford", "GCC"), so they read as acting subjects."""


@dataclass(frozen=True, slots=True)
class Cue:
    """A prescribing phrase that survived the checks, with where its clause and subject begin."""

    start: int
    end: int
    firm: bool
    clause_start: int
    clause_end: int
    subject_start: int


@dataclass(frozen=True, slots=True)
class RecommendationVerdict:
    is_recommendation: bool
    firm: bool
    cues: tuple[Cue, ...] = ()

    @property
    def cue(self) -> Cue | None:
        """The cue that set `firm`: the first firm one, else the first."""
        return next((c for c in self.cues if c.firm), self.cues[0] if self.cues else None)


NOT_A_RECOMMENDATION = RecommendationVerdict(False, False)

# ---------------------------------------------------------------------------------------------
# Clauses and subjects

_I = re.IGNORECASE


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# "Review of Respite Sufficiency: GCC should assess…": a title run into the sentence.
_TITLE = re.compile(r"^\(?[A-Z][^.:;!?]{0,110}?:\s+(?=[A-Z(])")
# Where a sentence breaks into clauses: semicolons, colons, dashes, and ", but / , and / whilst…".
_CLAUSE_BREAK = re.compile(
    r"\s*;\s*|:\s+|\s+[–—]\s+|\s+-\s+"
    r"|,\s+(?=(?:but|however|so|whilst|while|although|though|yet|and)\b)|\s+(?=but\b)",
    _I,
)
# ", and" joins a new clause unless what follows continues the phrase before ("…, and thence to…").
_AND_CONTINUES = re.compile(
    r"and\s+(?:thence|then|to|in|for|with|of|at|by|on|from|not|also to|thereby|as|how|what|where|whether"
    r"|if|its|their|other|wider|more widely|more generally)\b",
    _I,
)
_LEADING = re.compile(
    r"^(?:(?:and|but|so|yet|or|however|therefore|thus|hence|then|also|again|equally|similarly|perhaps"
    r"|additionally|furthermore|moreover|nevertheless|nonetheless|conversely|notably|overall|finally"
    r"|importantly|crucially|instead|meanwhile|consequently|accordingly|in addition|in particular"
    r"|in summary|in general|in practice|more generally|more widely|more broadly|alongside this"
    r"|as such|to this end|going forward|longer[- ]term|in the (?:short|medium|long)[- ]term"
    r"|in the meantime|for (?:example|instance)|as a (?:result|method of improvement)|in whatever case"
    r"|once found|building on this|at the same time|at a more \w+ level|to some extent|even so"
    r"|in (?:this|that) (?:regard|respect|context))\b[,\s]*)+",
    _I,
)
# The team stating its own view: what follows is still the team's voice.
_TEAM = (
    r"(?:(?:the|this|our)\s+)?(?:(?:peer|challenge|review|lga)\s+)*(?:team|challenge|reviewers?)"
    r"(?:\s+members)?|peers|we|members of the (?:peer )?(?:challenge )?team|the tram"
)
_TEAM_VIEW = re.compile(
    rf"^(?:{_TEAM})\s+(?:also\s+|therefore\s+|strongly\s+|would\s+|has\s+|have\s+)*"
    r"(?:felt|feels?|thought|thinks?|believes?|believed|considers?|considered|found|finds|noted|notes"
    r"|observed|is of the view|was of the view|would suggest|suggests?|suggested|recommends?"
    r"|recommended|took the view|formed the (?:view|impression)|concluded|saw|sees)\b(?:\s+that)?\s*",
    _I,
)
_IMPERSONAL_VIEW = re.compile(
    r"^it (?:was|is) (?:felt|thought|considered|suggested|noted|believed)(?:\s+by the (?:peer |challenge )?team)?"
    r"\s+(?:that\s+)?",
    _I,
)
_SUBORDINATE_LEAD = re.compile(
    r"^(?:whilst|while|although|though|if|as|since|because|given|when|where|despite|notwithstanding)\b", _I
)
_APPENDIX = re.compile(
    r"^(?:such as|including|for example|e\.g\.|for instance|particularly|especially|in particular"
    r"|notably|perhaps|not least|as well as|as described|as noted|as mentioned|which|who)\b",
    _I,
)

_AGENT_HEAD = re.compile(
    r"^(?:the\s+|your\s+|its\s+|our\s+|their\s+|each\s+|all\s+|both\s+)?"
    r"(?:(?:new|wider|whole|senior|officer|political|corporate|local|overall|relevant|statutory"
    r"|operational|strategic|executive|joint|integrated|adult social care|adults?|social care|asc"
    r"|safeguarding|commissioning|quality|practice|care|health|housing|service|elected|principal"
    r"|professional|frontline|front-line|[a-z]+'s)\s+){0,5}"
    r"(?:council|councils|local authority|authority|service|services|directorate|department|leadership"
    r"|leaders?|team|teams|board|boards|partnership|sab|icb|commissioners?|managers?|staff"
    r"|partners|members|councillors|holders?|officers?|you|we|dass|director|directors"
    r"|colleagues|practitioners|workers|trust|providers|sector|system|organisation|organisations"
    r"|group|groups|forum|panel|committee|scrutiny|lead|leads)\b",
    _I,
)
_ACRONYM_HEAD = re.compile(r"^(?:the\s+)?[A-Z][A-Z&]{1,6}s?\b(?!\s+(?:of|plan|strategy|data|system)\b)")
_EXISTING_HEAD = re.compile(
    r"^(?:the|its|their|our|his|her|such|each|every)\b",
    _I,
)
_PROPOSED_THE = re.compile(
    r"^the\s+(?:\w+\s+)?(?:development|creation|introduction|establishment|use|adoption|implementation"
    r"|production|review|evaluation|redesign|expansion|extension|publication|provision|setting up"
    r"|appointment|formation|recruitment)\s+of\b",
    _I,
)
_PRONOUN_HEAD = re.compile(
    r"^(?:this|these|that|those|it|they|he|she|which|who|there|here|something|what|why|how)\b", _I
)
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|should|must|does|do|did)\b", _I
)
_GERUND_HEAD = re.compile(r"^(?:not\s+)?[A-Za-z]{3,}ing\b(?<!thing)(?<!\bduring)(?<!\bincluding)", _I)
_CONDITION = re.compile(
    r"\b(?:with|through|via)\s+(?:a\s+|an\s+|some\s+)?(?:further|more|greater|better|improved|clearer"
    r"|additional|increased|closer|stronger|enhanced|targeted|ongoing|regular|consistent)\b"
    r"|^by\s+\w+ing\b|,\s*by\s+\w+ing\b",
    _I,
)


def _strip_lead(text: str) -> int:
    """Characters of discourse markers and team-view frames at the start of a clause."""
    offset = 0
    for _ in range(4):
        rest = text[offset:]
        match = _LEADING.match(rest) or _TEAM_VIEW.match(rest) or _IMPERSONAL_VIEW.match(rest)
        if not match or not match.end():
            break
        offset += match.end()
    return offset


_ASIDE = re.compile(r"\([^()]*\)|“[^”]*”")
_SEGMENT = re.compile(r",\s*|\(|\)")
_QUOTE = re.compile(r"“[^”]*”|\"[^\"]*\"")
_COMPARISON_BEFORE = re.compile(r"\b(?:as|than|if)\s*$", re.IGNORECASE)


def _subject(prefix: str) -> str:
    """The noun phrase a modal verb hangs on: the last main segment of the clause before it."""
    prefix = _ASIDE.sub(" ", prefix)
    prefix = prefix[_strip_lead(prefix) :]
    head, _, last = prefix.rpartition(" and ")
    if last.strip() and _FINITE.search(head):
        prefix = last
    segments = [s.strip() for s in _SEGMENT.split(prefix) if s.strip()]
    kept = [s for s in segments if not _APPENDIX.match(s)]
    if not kept:
        return prefix.strip()
    main = [s for s in kept if not _SUBORDINATE_LEAD.match(s)]
    chosen = (main or kept)[-1]
    chosen = chosen[_strip_lead(chosen) :]
    return re.sub(
        r"^(?:whilst|while|although|though|if|as|since|because|given|when|where)\s+", "", chosen, flags=_I
    )


def subject_of(prefix: str) -> str:
    """The subject a prescribing cue hangs on, from the clause text before the cue."""
    return _subject(prefix)


def _subject_kind(prefix: str, agents: tuple[str, ...]) -> str:
    """What a modal hangs on: "proposed" (further work, finding ways to…), "agent" (the council, a
    board, you), "definite" (the unit, its offer) or "pronoun" (it, this)."""
    if _CONDITION.search(prefix):
        return "proposed"
    subject = _subject(prefix)
    if not subject:
        return "pronoun"
    if _GERUND_HEAD.match(subject) or _PROPOSED_THE.match(subject):
        return "proposed"
    lowered = subject.lower()
    if (
        _AGENT_HEAD.match(subject)
        or _ACRONYM_HEAD.match(subject)
        or any(lowered.startswith(agent.lower()) for agent in agents if agent)
    ):
        return "agent"
    if _PRONOUN_HEAD.match(subject):
        return "pronoun"
    if _EXISTING_HEAD.match(subject):
        return "definite"
    return "proposed"


# ---------------------------------------------------------------------------------------------
# Whose voice: reported speech, the council's own awareness

_OTHERS = (
    r"staff|carers?|providers?|partners?|people|practitioners|workers|colleagues|stakeholders|managers"
    r"|families|residents|participants|professionals|users|groups?|representatives|officers|commissioners"
    r"|clinicians|councillors|members|leaders|leadership|council|authority|service|directorate|department"
    r"|dass|teams|others|some|many|several|sector|forum|board|self-assessment|organisations?|agencies"
    r"|nurses|therapists|gps|police|trust|icb|director|chair|interviewees|respondents|survey|strategy"
    r"|person|individuals|everyone|those|they|review|reviews|sars?|inspection|inspectors|healthwatch|policy"
    r"|guidance|framework|(?-i:[A-Z]{2,6})"
)
_REPORTING_VERB = (
    r"told|said|say|says|reported|report|reports|suggested|suggest|suggests|felt|feel|feels|thought"
    r"|think|thinks|described|describe|commented|spoke|speak|cited|cite|expressed|raised|mentioned"
    r"|explained|stated|states|state|pointed out|highlighted|would like|want|wants|wanted|asked|believe"
    r"|believes|believed|confirmed|noted|identified|identifies|recognised|recognise|recognises"
    r"|acknowledged|acknowledges|acknowledge|knows|know|understands|accepts|is aware|are aware|was aware"
    r"|were aware|is already aware|are already aware|has recognised|have recognised|has identified"
    r"|have identified|has acknowledged|outlined|considered"
    r"|consider|would prefer|expect|expects|hope|hopes|hoped|called for|asked for|indicated|indicates"
    r"|recommended|recommends|recommend"
)


@lru_cache(maxsize=64)
def _said_by_others(agents: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(a) for a in agents if a)
    others = f"{_OTHERS}|{names}" if names else _OTHERS
    # The speaker is the subject: a few words may stand between it and the verb, but no preposition
    # ("strengths identified by Trafford" is not Trafford speaking; "people with needs" is no speaker).
    between = (
        r"(?:\s+(?!(?:with|of|for|to|in|by|from|on|about|at|into|and|or|the team|peer)\b)[\w'’-]+"
        r"(?:\s+(?!(?:the team|peer)\b)[\w'’-]+){0,4})?"
    )
    return re.compile(
        rf"\b(?:{others})\b{between}\s+(?:also\s+|often\s+|all\s+|clearly\s+|generally\s+|consistently\s+"
        rf"|already\s+)?(?:{_REPORTING_VERB})\b(?!\s+by\b)",
        _I,
    )


_OTHER_SAID = _said_by_others(())
_HEARD = re.compile(
    r"\b(?:heard|were told|was told|been told|were informed|was informed|were made aware|was made aware"
    r"|(?:references?|feedback|comments?|views?|reports?) (?:from|by)\s+(?!the (?:peer )?team)"
    r"|(?:was|were|is|are|been) (?:suggested|reported|said|described|mentioned|expressed|raised|explained"
    r"|stated|cited|highlighted)\s+(?:to|by)\s+(?!the\s+(?:peer\s+|challenge\s+)?team\b)(?!us\b)"
    r"|(?:was|were) (?:suggested|reported|said|described|mentioned) to\s+the\s+(?:peer\s+|challenge\s+)?team"
    r"|experience [\w\s]{0,30}was that)",
    _I,
)
_AWARENESS = re.compile(
    r"\b(?:it is|it was|it's|it has been|is|was)\s+(?:widely\s+|generally\s+|already\s+|also\s+)?"
    r"(?:recognised|acknowledged|understood|accepted|known|agreed)\b"
    r"|\bthere (?:is|was|are|were) (?:also |already |now )?(?:a |an |some |the |strong |clear |wide |keen )*"
    r"(?:\w+ )?(?:view|suggestion|sense|perception|desire|feeling|recognition|awareness|acknowledgement"
    r"|understanding|belief|hope|wish|appetite|aspiration|impression among)\b"
    r"|\b(?:a|an|the)\s+(?!(?:team|team's|teams|peer|peers|challenge)\s)(?:[\w'’]+\s+)?"
    r"(?:sense|perception|feeling|belief|view|recognition)\s+(?:among|from"
    r"|that)\b(?!\s+(?:the\s+)?(?:peer\s+)?team)",
    _I,
)
# Where the team's own reasoning resumes after a report: "…, showing that", "… and felt that".
_OWN_VOICE_RESUMES = re.compile(
    r",\s*(?:showing|suggesting|indicating|meaning|which suggests|which shows|which indicates|which would"
    r" suggest)\s+(?:that\s+)?"
    r"|\b(?:and|but)\s+(?:also\s+)?(?:felt|thought|considered|concluded|believed|judged|noted|suggests?"
    r"|recommends?)\b(?:\s+that)?\s*",
    _I,
)


_TEAM_SAID = re.compile(
    rf"\b(?:{_TEAM})(?:\s+(?:also|therefore|would|has|have|had|strongly|all|clearly|further|then))*"
    rf"\s+(?:{_REPORTING_VERB})$",
    _I,
)


def _team_said(prefix: str) -> bool:
    """True when the reporting verb ending `prefix` has the peer team as its subject."""
    return bool(_TEAM_SAID.search(prefix[-90:]))


def _main_clause(prefix: str) -> str:
    """`prefix` without a leading subordinate clause ("As practitioners recognise a shortage, …")."""
    lead = _strip_lead(prefix)
    rest = prefix[lead:]
    if _SUBORDINATE_LEAD.match(rest) and ", " in rest:
        return rest[rest.index(", ") + 2 :]
    return prefix


# Stems of the verbs above: a prefix with none of them is nobody else's report.
_REPORTING_STEMS = (
    "told",
    "said",
    "say",
    "report",
    "suggest",
    "felt",
    "feel",
    "thought",
    "think",
    "describ",
    "comment",
    "spoke",
    "speak",
    "cite",
    "express",
    "raise",
    "mention",
    "explain",
    "state",
    "pointed",
    "highlight",
    "like",
    "want",
    "ask",
    "believ",
    "confirm",
    "note",
    "identif",
    "recognis",
    "acknowledg",
    "know",
    "understand",
    "accept",
    "aware",
    "outline",
    "consider",
    "prefer",
    "expect",
    "hope",
    "called",
    "indicat",
    "recommend",
    "heard",
    "informed",
    "references",
    "feedback",
    "comments",
    "views",
    "experience",
    "understood",
    "known",
    "agreed",
    "desire",
    "percept",
    "sense",
    "recognition",
    "awareness",
    "belief",
    "wish",
    "appetite",
    "aspiration",
    "impression",
    "view",
)


def _reported(prefix: str, said_by_others: re.Pattern[str] = _OTHER_SAID) -> bool:
    """True when a cue after `prefix` sits in someone else's words or awareness."""
    low = prefix.lower()
    if not any(stem in low for stem in _REPORTING_STEMS):
        return False
    prefix = _main_clause(prefix)
    resumes = list(_OWN_VOICE_RESUMES.finditer(prefix))
    if resumes:
        prefix = prefix[resumes[-1].end() :]
    if _HEARD.search(prefix) or _AWARENESS.search(prefix):
        return True
    return any(not _team_said(prefix[: match.end()]) for match in said_by_others.finditer(prefix))


# ---------------------------------------------------------------------------------------------
# Cues

_ADVERBS = (
    r"(?:\s+(?:also|then|therefore|further|perhaps|potentially|usefully|even|still|well|both|now|really"
    r"|relatively|easily|ultimately|certainly|equally|additionally|in turn|over time|more|clearly|urgently"
    r"|actively|carefully|helpfully|significantly|greatly|quickly|soon|first|always|not only|however"
    r"|in future|going forward|particularly|especially|usually|initially|at times|in time|sometimes"
    r"|in some cases|as a result|at least|in part|then also|in the future))*"
)
# Lookaheads, so one match does not swallow the next modal ("would suggest it would be helpful").
# Between the words after a modal: "could be relatively easily developed", "might then also help".
_INNER_ADVERBS = (
    r"(?:\s+(?:(?!(?:apply|supply|rely|reply|comply|multiply|only)\b)\w+ly|also|then|perhaps|still|now|even"
    r"|well|both|first|however|therefore))*"
)
_AFTER_MODAL = rf"{_ADVERBS}\s+([\w-]+){_INNER_ADVERBS}(?:\s+([\w-]+))?{_INNER_ADVERBS}(?:\s+([\w-]+))?"
_HEDGED_MODAL = re.compile(rf"\b(could|might|may|would)\b(?!-)(?={_AFTER_MODAL})", _I)
_FIRM_MODAL = re.compile(rf"\b(should|must|ought to)\b(?!-)(?={_AFTER_MODAL})", _I)

# Verbs that suggest whatever the subject: "the SAB might also consider", "this could form part of".
_SUGGESTING = _words(
    "need needs require wish want benefit consider explore review revisit reconsider look do go fit "
    "sit form play say think"
)
# Modal uses that describe a possibility or a risk, not a suggestion.
_EPISTEMIC = _words(
    "risk cause impact affect happen feel seem appear depend reflect compromise delay limit hamper "
    "miss lose become arise exist vary know expect prefer struggle face take occur indicate suggest "
    "show find deal receive remain get come see understand live appreciate like contain hold sound "
    "prove wonder argue question imply mean result lead undermine restrict jeopardise threaten worsen "
    "fail contribute explain account at in on to the a an and or as if well never no again "
    "otherwise still differ mask hide add emerge return move wait stay fall rise increase decrease "
    "continue ask"
)
_COGNITIVE = re.compile(
    r"^(?:be|also be)\s+(?:(?:duly|rightly|fully)\s+)?(?:noted|celebrated|commended|congratulated|read"
    r"|seen|recognised|acknowledged|applauded|praised|welcomed|proud|aware|mindful|reassured|pleased"
    r"|possible|borne)\b"
    r"|^not\s+be\s+(?:underestimated|overlooked|forgotten|taken|ignored|lost)\b",
    _I,
)
_COMPARATIVE = _words(
    "stronger clearer higher better greater more further wider broader deeper earlier sooner tighter "
    "simpler faster quicker improved strengthened bolder sharper firmer smarter richer fuller closer "
    "even"
)
_USEFUL = _words(
    "helpful useful worth worthwhile beneficial good valuable interesting important welcome sensible "
    "advisable wise key timely appropriate opportune"
)
_SUGGESTED_AREA = _words(
    "area areas something one another option options forum part priority priorities route way vehicle "
    "mechanism place step issue matter"
)
_ACTION_PARTICIPLE = _words(
    "made used given developed explored considered improved reviewed addressed strengthened extended "
    "expanded shared written defined done linked targeted undertaken built set embedded brought "
    "introduced enhanced promoted required needed supported clarified revisited simplified "
    "streamlined aligned refreshed evaluated captured widened broadened prioritised tested encouraged "
    "driven illustrated articulated communicated evidenced involved engaged published agreed "
    "established reconsidered applied adopted consolidated"
)

_COMPLEMENTISER_THAT = re.compile(
    r"\b(?:\w+ed|felt|feel|feels|thought|think|thinks|suggest|suggests|believe|believes|consider|considers"
    r"|found|find|told|said|recognise|recognises|acknowledge|acknowledges|clear|evident|apparent|likely"
    r"|possible|view|sense|concern|hope|is|was|be|are|were|ensure|ensuring|means|mean|recommend"
    r"|recommends|agreed|important|essential|vital|imperative|so|such|indicate|indicates|show|shows"
    r"|given|knows|know|aware|suggesting|expect|expects|heard|seen|saw|way|fact|risk|danger|recognition"
    r"|understanding|impression|feeling|belief|question|whether|now|says|say|and|or|but)\s+that\s+x$",
    _I,
)
# "something which should be reviewed", "an area that could be developed": the relative prescribes.
_PRESCRIBING_ANTECEDENT = re.compile(
    r"\b(?:something|an? (?:\w+ )?areas?|areas|an? (?:\w+ )?issue|a matter|one|an opportunity)\s+"
    r"(?:for\s+)?(?:which|that)\b[^,;]*$",
    _I,
)
_TEAM_VIEW_INSIDE = re.compile(
    rf"\b(?:which|that)\s+(?:{_TEAM})\s+(?:felt|thought|believes?|considers?|considered)\b", _I
)


_RELATIVE_WORD = re.compile(r"\b(?:which|who|whom|whose|what|how|where|when|why|that)\b", _I)
# "It is an extensive programme of work which needs prioritisation": the relative is the assertion.
_PREDICATE_NOMINAL = re.compile(
    r"\b(?:is|are|was|were|remains?)\s+(?:also\s+)?(?:an?|one|some)\b[^,;]{0,80}$", _I
)


def _embedded(prefix: str, reach: int = 6, strict: bool = False) -> bool:
    """True when the cue sits in a restrictive relative or wh-clause ("the work that needs to be done",
    "what support is needed"); a non-restrictive ", which will need…" still asserts."""
    words = list(_RELATIVE_WORD.finditer(prefix))
    if not words:
        return False
    last = words[-1]
    if len(prefix[last.end() :].split()) > reach:
        return False
    before = prefix[: last.start()]
    if strict:
        return True
    if prefix.rstrip().endswith(","):
        return False  # the relative clause has closed: "…, and improving the website, may be an area…"
    if last.group(0).lower() == "that" and _COMPLEMENTISER_THAT.search(
        prefix[max(0, last.end() - 60) : last.end()] + " x"
    ):
        return False
    if before.rstrip().endswith(",") and last.group(0).lower() in ("which", "who"):
        return False
    tail = prefix[-160:]
    if _PRESCRIBING_ANTECEDENT.search(tail) or _TEAM_VIEW_INSIDE.search(tail):
        return False
    # "an extensive programme of work which needs prioritisation": the relative makes the assertion,
    # unless it has a subject of its own ("a model that other councils could learn from").
    return not (
        last.group(0).lower() in ("which", "that", "who")
        and _PREDICATE_NOMINAL.search(before[-120:])
        and len(prefix[last.end() :].split()) == 0
    )


_NEED_TO = re.compile(
    r"\b(?<!the )(?<!a )(?<!no )(?<!any )(?<!of )(?<!'s )(?<!may )(?<!might )(?<!could )(?<!would )"
    r"(?<!may also )(?<!might also )needs? to\b(?! have been)",
    _I,
)
# Cues that prescribe firmly, wherever they stand in the clause (relative clauses aside).
_FIRM_PATTERNS: list[re.Pattern[str]] = [
    _NEED_TO,
    re.compile(
        r"\b(?:will|shall)\s+(?:also\s+|still\s+|therefore\s+|clearly\s+|first\s+|all\s+|both\s+)?need\b"
        r"(?!\s+(?:time|an additional|additional|\d))",
        _I,
    ),
    re.compile(r"\bwould\s+(?:also\s+|still\s+|first\s+)?need\s+to\b", _I),
    re.compile(
        r"\b(?<!the )(?<!a )(?<!will )(?<!would )(?<!people )(?<!they )(?<!residents )(?<!carers )(?<!individuals )(?<!users )"
        r"(?<!families )(?<!who )(?<!those )needs?\s+(?:a |an |more |further |better |greater |clearer"
        r"|stronger |some |real |urgent |clarity|prioriti|strengthen|development|attention|addressing"
        r"|buy[- ]?in|resourc|focus|review|support|investment|improvement|work|action|embedding|refresh"
        r"|consolidat|visibility|leadership|oversight|grip|ownership|pace|direction|capacity)",
        _I,
    ),
    re.compile(
        r"\bthere (?:is|are|remains?|will be)\s+(?:still\s+|also\s+|now\s+|clearly\s+)?(?:an?|the)?\s*"
        r"(?:clear |real |urgent |ongoing |continued |continuing |strong |pressing |further |definite )?"
        r"need\s+(?:to|for)\b",
        _I,
    ),
    re.compile(
        r"\b(?:is|are|will be|remains|remain|be)\s+(?:also\s+|still\s+|urgently\s+|therefore\s+|clearly"
        r"\s+|now\s+|particularly\s+|especially\s+|further\s+|both\s+)?(?:needed|required)\b(?! (?:of|by)\b)",
        _I,
    ),
    re.compile(
        r"\b(?:requires?|will require|would require)\s+(?:an?\s+|some\s+|more\s+|further\s+|urgent\s+"
        r"|clear\s+|crucial\s+|careful\s+|greater\s+)*(?:development|work|attention|improvement|review"
        r"|action|clarity|focus|consideration|prioriti\w+|investment|strengthening|refreshing|redesign)\b",
        _I,
    ),
    re.compile(r"\bnecessitat(?:e|es|ing)\b", _I),
    re.compile(r"\bimportance\s+(?:in\s+\w+\s+)?of\s+\w+ing\b", _I),
    re.compile(
        r"\bthere\s+(?:is|are|remains?|will be)\s+(?:still\s+|also\s+|clearly\s+|now\s+)?(?:much\s+|some\s+"
        r"|a lot of\s+|a lot\s+|considerable\s+|significant\s+)?(?:more\s+|further\s+)?(?:work\s+)?(?:still\s+)?"
        r"to\s+(?:do|be done)\b",
        _I,
    ),
    re.compile(r"\b(?<!may be )(?<!might be )(?:further|more) work (?:still )?to (?:do|be done)\b", _I),
    re.compile(r"\b(?<!the )recommends?\b(?! (?:for|from|by)\b)|\brecommended that\b|\brecommending\b", _I),
    re.compile(r"\bwould\s+(?:strongly\s+|also\s+)?(?:encourage|urge|advise|recommend|propose)\b", _I),
    re.compile(
        r"\b(?:is|would be)\s+(?:strongly\s+)?(?:encouraged|recommended|advised|urged)\b(?!\s+to\b)", _I
    ),
    re.compile(
        r"\bwould\s+(?:also\s+|really\s+|greatly\s+|particularly\s+|both\s+|all\s+|clearly\s+)?benefit\b", _I
    ),
    re.compile(
        r"\bwould\s+be\s+(?:of\s+)?(?:real\s+|great\s+|some\s+|particular\s+|significant\s+)?"
        r"(?:benefit|beneficial|of value)\b",
        _I,
    ),
    re.compile(r"\bthere\s+would\s+be\s+(?:a\s+|some\s+|real\s+|clear\s+)?benefits?\b", _I),
    re.compile(r"\bwill\s+continue\s+to\s+benefit\s+from\b", _I),
    re.compile(r"\bconsideration\s+be\s+given\b", _I),
    re.compile(
        r"\b(?:is|remains)\s+an?\s+(?:key\s+|important\s+|urgent\s+)?area\s+(?:for|of)\s+(?:further\s+)?"
        r"(?:consideration|review|focus|attention|further work)\b",
        _I,
    ),
    re.compile(
        r"\b(?:will|would|does|do)\s+bear\s+consideration\b|\bbears\s+consideration\b"
        r"|\b(?:warrants?|deserves?|merits?)\s+(?:\w+\s+)?(?:consideration|attention|review|focus)\b",
        _I,
    ),
    re.compile(r"\bit\s+will\s+be\s+(?:helpful|useful|beneficial|good|worthwhile|valuable)\s+to\b", _I),
]
# Words each pattern above cannot match without, so a clause is scanned only by patterns it may hold.
_FIRM_GATES: list[tuple[str, ...]] = [
    ("need",),
    ("need",),
    ("need",),
    ("need",),
    ("need",),
    ("need", "requir"),
    ("requir",),
    ("necessitat",),
    ("importan",),
    ("to do", "to be done"),
    ("to do", "to be done"),
    ("recommend",),
    ("encourag", "urge", "advis", "recommend", "propos"),
    ("encourag", "recommend", "advis", "urge"),
    ("benefi",),
    ("benefi", "value"),
    ("benefi",),
    ("benefi",),
    ("consideration",),
    ("area for", "area of"),
    ("bear", "warrant", "deserv", "merit", "consideration"),
    ("help", "useful", "benefi", "worth", "good", "valuable"),
]
# "it is essential to…", "will be important to oversee…": firm unless what is important is only
# to notice something ("it felt important to acknowledge the risk").
_IT_IS_IMPORTANT = re.compile(
    r"\bit\s+(?:is|will be|would be|remains|was|felt|seems|appears|becomes)(?:\s+\w+ly|\s+also|\s+therefore"
    r"|\s+now|\s+all the more|,\s*therefore,){0,2}\s+(?:important|essential|vital|key|crucial|critical"
    r"|necessary|imperative|urgent)(?:\s+and\s+(?:important|essential|vital|urgent|necessary))?"
    r"(?:,\s*therefore,)?\s+(?:that|for\b.{0,60}?\bto|not to|to|ensure)\s+(\w+)(?:\s+and\s+to\s+\w+)?"
    r"|\b(?:will be|is|are|remains?)\s+(?:also\s+|therefore\s+|particularly\s+|especially\s+|absolutely\s+"
    r"|both\s+|so\s+)?(?:important|essential|vital|key|necessary|crucial|critical)\s+to\s+(?!the\b|this\b"
    r"|these\b|people\b|local\b|them\b|us\b|our\b|all\b|future\b|its\b|their\b|a\b|an\b|how\b|what\b)(\w+)",
    _I,
)
_IMPORTANT_WORDS = (
    "importan",
    "essential",
    "vital",
    "key",
    "crucial",
    "critical",
    "necess",
    "imperative",
    "urgent",
    "priorit",
)
_NOTICING = {"acknowledge", "note", "recognise", "recognize", "remember", "bear", "celebrate", "say"}
# Subject + "is essential / will be key / is an important starting point": firm for a proposed action.
_NOMINAL_IMPORTANT = re.compile(
    r"\b(?:is|are|will be|would be|remains?|will both be|will therefore be|will also be|will remain)"
    r"(?:\s+(?:also|therefore|both|particularly|especially|absolutely|so|really|ongoing and|as))*\s+"
    r"(?:important|essential|vital|key|crucial|critical|necessary|imperative"
    r"|of\s+(?:\w+\s+)?importance"
    r"|an?\s+(?:\w+\s+)?(?:important|key|crucial|critical|vital|essential|urgent)\s+(?:consideration|priority"
    r"|step|starting point|back-up|backup|aspect|focus|factor|element|requirement|task)"
    r"|an?\s+(?:urgent\s+|immediate\s+|early\s+)?priority)\b"
    r"(?!\s+(?:to|for)\s+(?:them|people|him|her|us|residents|carers|staff|families|those|individuals)\b)",
    _I,
)
_OPPORTUNITY_ADJ = (
    r"(?:an?|the|some|real|clear|further|good|many|several|significant|other|more|genuine|excellent"
    r"|obvious|important|great|considerable|new|key|unique|potential|definite|wider|big)"
)
# Hedged suggestions that carry no modal verb, or one the modal check would not see.
_HEDGED_PATTERNS: list[re.Pattern[str]] = [
    re.compile(
        r"\bthere\s+(?:is|are|may be|might be|could be|would appear to be|appears to be|seems? to be|are likely"
        r" to be|is likely to be|will be|remains?)(?:\s+(?:now|also|still|clearly|therefore|certainly|perhaps))*"
        rf"(?:\s+{_OPPORTUNITY_ADJ})*\s+(?:(?:opportunit(?:y|ies)|scope|room|interesting options|options for"
        r" improvement)(?:\s+here)?(?:\s+being missed)?\s*(?:\bto\b|\bfor\b|\bhere\b|:|\bin\b|$)"
        r"|potential(?:\s+synergies|\s+opportunities)?\s+(?:to|for)\b|value in\b)"
        r"(?!\s+(?:people|residents|staff|carers|individuals|users|those|them|young people|older people|families"
        r"|career|progression|promotion|training|learning|volunteering|employment|peer|social)\b)",
        _I,
    ),
    re.compile(
        r"(?<!will )(?<!should )(?<!would )(?<!could )(?<!has )(?<!have )(?<!had )\b(?:is|presents?|provides?"
        rf"|creates?|offers?|represents?|gives?|affords?|opens up)\s+(?:also\s+)?(?:{_OPPORTUNITY_ADJ}\s+)*"
        r"opportunity\s+(?:that\s+could|to\s+\w+|here)",
        _I,
    ),
    re.compile(r"\b(?:has|have)\s+(?:the|an|a real|a clear|a good)\s+opportunity\s+to\b", _I),
    re.compile(
        r"\b(?:and|with|offering|providing)\s+(?:the|an)\s+opportunity\s+to\s+(?:consider|review|explore"
        r"|develop|look)\b",
        _I,
    ),
    re.compile(
        r"\bthere\s+(?:may|might|could)\s+be\s+(?:more\s+|further\s+|some\s+)?(?:work\s+)?(?:still\s+)?to\s+"
        r"(?:do|be done)\b",
        _I,
    ),
    re.compile(
        r"\bthere\s+(?:may|might|could)\s+(?:also\s+)?be\s+(?:a\s+|some\s+|real\s+)?(?:value|benefits?|merit)\b",
        _I,
    ),
    re.compile(
        r"\b(?:is|are)\s+perhaps\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:areas?|priorit\w+|something)\b", _I
    ),
    re.compile(
        r"\b(?:one|another)\s+(?:\w+\s+)?(?:way|option|approach|means|route)\s+(?:to|of|for)\b.{0,140}?"
        r"\b(?:might|could|may|would)\s+be\b",
        _I,
    ),
    re.compile(r"\b(?:may|might|could)\b.{0,60}\brole\s+to\s+play\b", _I),
    re.compile(r"\bcould\s+do\s+more\b|\bmore\s+(?:that\s+)?[\w\s]{0,30}\bcould\s+do\b", _I),
    re.compile(
        r"\bit\s+(?:might|could|may|would)\s+(?:also\s+)?(?:help|benefit|be helpful|be useful|be worth|be good)"
        r"\s+(?:to|if)\b",
        _I,
    ),
]
_HEDGED_GATES: list[tuple[str, ...]] = [
    ("opportunit", "scope", "potential", "room", "value", "option"),
    ("opportunit",),
    ("opportunit",),
    ("opportunit",),
    ("to do", "to be done"),
    ("value", "benefi", "merit"),
    ("perhaps",),
    ("way", "option", "approach", "means", "route"),
    ("role to play",),
    ("could",),
    ("help", "benefi", "worth", "good", "useful"),
]
# Already under way, so a "might be explored" describes rather than suggests.
_UNDER_WAY = re.compile(
    r"\b(?:is|are) being,?\s|\bbeing (?:explored|advanced|developed|pursued|taken forward)\b", _I
)
_IMPERATIVE = re.compile(
    r"^(?:Clarify|Communicate|Develop|Ensure|Consider|Establish|Strengthen|Build|Improve|Agree|Set out"
    r"|Embed|Explore|Prioritise|Prioritize|Continue|Create|Undertake|Identify|Increase|Reduce|Define|Review"
    r"|Align|Publish|Evaluate|Introduce|Implement|Refresh|Revisit|Engage|Involve|Invest|Promote"
    r"|Simplify|Streamline|Seek|Address|Maintain|Confirm|Produce|Articulate|Capture|Co-produce|Coproduce"
    r"|Rationalise|Reconsider|Assess)"
    r"\b(?!\s+(?:of|for|and|from|is|are|was|were|has|have|had|will|can|to date|on)\b)(?!-)",
)
_SUMMARY_INFINITIVE = re.compile(r"^To\s+(?!be\b|this\b|date\b|that\b)[a-z]+\b")
_TEAM_SUGGESTS = re.compile(
    rf"\b(?:{_TEAM}|it is|this would|which would)\s+(?:would\s+|also\s+|therefore\s+|strongly\s+|further\s+)*"
    r"(?:suggests?|suggested|advises?|advised|proposes?|proposed|recommends?|recommended)\b"
    r"|\bit was suggested by the (?:peer |challenge )?team\b",
    _I,
)
_ELIDED_SUGGESTS = re.compile(r"\b(?:but|and)\s+(?:also\s+)?(?:suggests?|suggested|recommends?)\b", _I)
_SUGGESTED_ACTION = re.compile(
    r"\b(?:is|are|be)\s+(?:\w+ly\s+)?(?:monitored|reviewed|considered|addressed|explored|developed|undertaken"
    r"|given|made|set out|established|prioritised|strengthened|improved|evaluated|assessed|clarified|shared"
    r"|introduced|put in place|carried out|looked at|tracked|measured|recorded|agreed|reconsidered"
    r"|revisited|extended|expanded|refreshed|embedded)\b"
    r"|\b(?:includes?|considers?|reviews?|explores?|develops?|sets out|looks at|takes|puts|builds|revisits)\b"
    r"|\bwill\s+(?:be\s+)?(?:supportive|help|support|helpful|beneficial|improve|strengthen|enable)\b",
    _I,
)


def _hedged_modal_cue(match: re.Match[str], prefix: str, agents: tuple[str, ...]) -> bool:
    """Whether "could/might/may/would <verb…>" suggests an action (True) or describes a possibility."""
    modal = match.group(1).lower()
    verb = match.group(2).lower()
    nxt = (match.group(3) or "").lower()
    third = (match.group(4) or "").lower()
    if modal == "would":
        return _would_cue(verb, nxt, third, prefix, agents)
    if verb == "not":
        return nxt == "only"
    if verb == "be":
        return _be_cue(nxt, third)
    if verb == "have":
        if nxt == "been":
            return third in _ACTION_PARTICIPLE
        if nxt in ("a", "an", "some", "real", "positive", "greater", "more") or third in (
            "benefit",
            "impact",
            "effect",
            "value",
            "role",
            "positive",
        ):
            return _subject_kind(prefix, agents) in ("proposed", "agent")
        return False
    if verb == "find":
        return nxt == "it" and third in ("useful", "helpful", "beneficial", "valuable", "worthwhile")
    if verb in ("fit", "sit"):
        return "better" in (nxt, third)
    if verb in ("form", "play"):
        return nxt in ("part", "a", "an") or third == "role"
    if verb == "look":
        return nxt != "like"
    if verb == "include":  # "could include more on…" suggests; "barriers may include…" describes
        return modal in ("could", "might")
    if verb == "go":
        return nxt == "further" or _subject_kind(prefix, agents) in ("proposed", "agent")
    if verb in _SUGGESTING:
        return True
    if verb in _EPISTEMIC:
        return False
    kind = _subject_kind(prefix, agents)
    if kind in ("proposed", "agent"):
        return True
    return kind == "definite" and modal in ("could", "might")


def _be_cue(nxt: str, third: str) -> bool:
    """After "could/might/may be": a passive action, a comparative, "helpful", "an area to consider"."""
    if nxt in _USEFUL:
        return True
    if nxt == "of":
        return third in ("benefit", "value", "use", "help", "interest")
    if nxt in ("possible", "able") and third == "to":
        return True
    if nxt in _COMPARATIVE:
        return True
    if nxt in ("an", "a", "another", "one", "something", "areas", "part", "worth"):
        return third in _SUGGESTED_AREA or third in _USEFUL or nxt in _SUGGESTED_AREA
    return nxt in _ACTION_PARTICIPLE


def _would_cue(verb: str, nxt: str, third: str, prefix: str, agents: tuple[str, ...]) -> bool:
    """ "would" suggests only in a few shapes: "would help", "would be helpful", "would make … easier"."""
    if verb == "be":
        if nxt in _USEFUL or nxt == "better":
            return True
        return nxt == "supportive" and _subject_kind(prefix, agents) == "proposed"
    if verb in (
        "help",
        "support",
        "make",
        "allow",
        "enable",
        "strengthen",
        "improve",
        "enhance",
        "give",
        "provide",
        "ensure",
        "assist",
        "aid",
        "add",
        "bring",
        "go",
    ):
        return _subject_kind(prefix, agents) == "proposed"
    return False


def _firm_modal_cue(match: re.Match[str], prefix: str, agents: tuple[str, ...]) -> bool:
    """Whether "should/must <verb…>" prescribes (True) or predicts or praises ("should help", "be celebrated")."""
    verb = match.group(2).lower()
    rest = " ".join(g for g in match.groups()[1:] if g).lower()
    if _COGNITIVE.match(rest) or verb in ("you", "it", "there", "they", "we"):
        return False
    if match.group(1).lower() == "must" and (
        _embedded(prefix, strict=True) or _THIRD_PARTY.match(_subject(prefix))
    ):
        return False  # a rule others follow: "costs which must be borne", "providers must register"
    if _WH_BEFORE.search(prefix[-60:]):
        return False  # "staff were clear about how they should escalate…"
    if _SCHEDULED.match(rest) and _subject_kind(prefix, agents) in ("definite", "pronoun"):
        return False  # "the new structure should be in place by April"
    if verb in _PREDICTING and not (verb == "make" and (match.group(3) or "").lower() == "sure"):
        return _subject_kind(prefix, agents) == "agent"
    return True


_THIRD_PARTY = re.compile(
    r"^(?:the\s+|all\s+|some\s+|many\s+|most\s+)?(?:\w+\s+){0,2}(?:providers|people|residents|carers|individuals"
    r"|users|applicants|families|patients|clients)\b",
    _I,
)
_SCHEDULED = re.compile(
    r"^be\s+(?:\w+ly\s+)?(?:in place|ready|complete|completed|finished|operational|live|published|available"
    r"|delivered|implemented|launched|in post)\b",
    _I,
)
_WH_BEFORE = re.compile(r"\b(?:what|how|where|when|why|whom|whether)\s+(?:[\w'’-]+\s+){0,3}$", _I)
# What an action brings about: "X should help / improve / ensure" predicts unless X is an agent.
_PREDICTING = _words(
    "help helps support offer provide enable ensure improve enhance reduce increase build bring "
    "assist maximise maximize make give allow create demonstrate highlight drive inform facilitate "
    "mitigate prevent avoid validate contribute add strengthen promote deliver raise shape generate "
    "secure achieve open free save encourage result lead mean yield produce boost unlock enrich aid "
    "underpin complement benefit see go put place leave stand position continue"
)


def _clauses(text: str) -> list[tuple[int, int]]:
    if not any(mark in text for mark in (";", ":", " – ", " — ", " - ", ",", " but ")):
        return [(0, len(text))]
    spans, start = [], 0
    for brk in _CLAUSE_BREAK.finditer(text):
        if text.startswith(",", brk.start()) and _AND_CONTINUES.match(text, brk.end()):
            continue
        if brk.start() > start:
            spans.append((start, brk.start()))
        start = brk.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _quoted(text: str) -> list[tuple[int, int]]:
    if "“" not in text and '"' not in text:
        return []
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)]


def _patterns_for(present: set[str], by_stem: dict[str, tuple[int, ...]]) -> list[int]:
    return sorted({index for stem in present for index in by_stem.get(stem, ())})


def _clause_cues(
    text: str, start: int, end: int, agents: tuple[str, ...], present: set[str]
) -> list[tuple[int, int, bool]]:
    """(start, end, firm) of each cue in the clause text[start:end], before voice checks; `present`
    holds the clause's cue stems."""
    clause = text[start:end]
    found: list[tuple[int, int, bool]] = []
    for index in _patterns_for(present, _FIRM_BY_STEM):
        for m in _FIRM_PATTERNS[index].finditer(clause):
            if not _embedded(clause[: m.start()]):
                found.append((m.start(), m.end(), True))
    important = not present.isdisjoint(_IMPORTANT_WORDS)
    for m in _IT_IS_IMPORTANT.finditer(clause) if important else ():
        verb = (m.group(1) or m.group(2) or "").lower()
        if verb not in _NOTICING or " and to " in m.group(0):
            found.append((m.start(), m.end(), True))
    for m in _NOMINAL_IMPORTANT.finditer(clause) if important else ():
        if _subject_kind(clause[: m.start()], agents) == "proposed" and not _embedded(clause[: m.start()], 2):
            found.append((m.start(), m.end(), True))
    under_way = "being" in present and bool(_UNDER_WAY.search(clause))
    for index in _patterns_for(present, _HEDGED_BY_STEM):
        for m in _HEDGED_PATTERNS[index].finditer(clause):
            if under_way or re.search(
                r"\bto be (?:celebrated|recognised|noted|commended)\b", clause[m.start() : m.end() + 40]
            ):
                continue
            found.append((m.start(), m.end(), False))
    for m in _FIRM_MODAL.finditer(clause) if not present.isdisjoint(("should", "must", "ought")) else ():
        prefix = clause[: m.start()]
        if _firm_modal_cue(m, prefix, agents):
            found.append((m.start(), m.end(), True))
    hedging = not present.isdisjoint(("could", "might", "may", "would"))
    for m in _HEDGED_MODAL.finditer(clause) if hedging else ():
        prefix = clause[: m.start()]
        if under_way or _COMPARISON_BEFORE.search(prefix[-8:]) or _embedded(prefix):
            continue
        if _hedged_modal_cue(m, prefix, agents):
            found.append((m.start(), m.end(), False))
    quotes = _quoted(clause)
    return [(start + s, start + e, firm) for s, e, firm in found if not any(a <= s < b for a, b in quotes)]


_CONCESSIVE = re.compile(r"\b(?:whilst|while|although|though|even though|even if|albeit)\s*$", _I)
_CONCESSIVE_WORK = re.compile(r"^(?:there|further|more|much)\b", _I)
_CONTINUATION = re.compile(
    r"^(?:and\s+)?(?:that|how|what|whether|why|where|who|therefore|so|thus|hence)\b", _I
)


_MODAL_WORDS = ("should", "must", "ought", "could", "might", "may", "would", "being", "suggest", "propos")
# Every cue above holds one of these word stems: a clause is scanned only by the patterns whose
# stems it holds, and a sentence with none is no recommendation, which keeps parsing fast.
_CUE_STEMS = tuple(
    sorted({w for gate in (*_FIRM_GATES, *_HEDGED_GATES) for w in gate} | {*_IMPORTANT_WORDS, *_MODAL_WORDS})
)


def _by_stem(gates: list[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """Stem -> the indexes of the patterns it gates."""
    return {stem: tuple(i for i, gate in enumerate(gates) if stem in gate) for gate in gates for stem in gate}


_FIRM_BY_STEM = _by_stem(_FIRM_GATES)
_HEDGED_BY_STEM = _by_stem(_HEDGED_GATES)


_CUE_STEM_FINDER = Literals(_CUE_STEMS)


def _stems(text: str) -> set[str]:
    return _CUE_STEM_FINDER.found_in(text.lower())


def classify_sentence(sentence: SentenceInput) -> RecommendationVerdict:
    """Whether the sentence prescribes an action in the team's own voice, and how firmly."""
    text = sentence.text.replace("’", "'").replace("‘", "'")
    said_by_others = _said_by_others(sentence.agents) if sentence.agents else _OTHER_SAID
    title = _TITLE.match(text)
    body_start = title.end() if title and len(title.group(0).split()) <= 16 else 0
    if not sentence.summary_item and not _stems(text) and not _IMPERATIVE.match(text[body_start:]):
        return NOT_A_RECOMMENDATION
    clauses = [(s + body_start, e + body_start) for s, e in _clauses(text[body_start:])]
    reported: dict[int, bool] = {}

    def reported_at(index: int) -> bool:
        """Whether clause `index` ends in someone else's voice, carried on by "that…" and verbless clauses."""
        if index < 0:
            return False
        if index not in reported:
            clause = text[slice(*clauses[index])]
            before = reported_at(index - 1)
            reported[index] = (
                (before and bool(_CONTINUATION.match(clause)))
                or _reported(clause, said_by_others)
                or (before and not _FINITE.search(clause))
            )
        return reported[index]

    cues: list[Cue] = []
    for index, (c_start, c_end) in enumerate(clauses):
        clause = text[c_start:c_end]
        present = _stems(clause)
        if not present:
            continue
        found = _clause_cues(text, c_start, c_end, sentence.agents, present)
        if not found or (_CONTINUATION.match(clause) and reported_at(index - 1)):
            continue
        lead = _strip_lead(clause)
        for s, e, firm in found:
            # A recommending verb is itself a report when someone else recommends ("the SAR recommended").
            prefix = text[c_start:e] if text[s:e].lower().startswith("recommend") else text[c_start:s]
            if _reported(prefix, said_by_others):
                continue
            if firm and _CONCESSIVE.search(prefix[-20:]) and _CONCESSIVE_WORK.match(text[s:e]):
                continue
            cues.append(Cue(s, e, firm, c_start, c_end, c_start + lead))
    body = text[body_start:]
    if not cues and _IMPERATIVE.match(body):
        cues.append(
            Cue(body_start, body_start + len(body.split(" ")[0]), True, body_start, len(text), body_start)
        )
    low = text.lower()
    suggests = any(word in low for word in ("suggest", "advis", "propos", "recommend"))
    suggested = _team_suggestion(text, said_by_others) if suggests else None
    if not cues and suggested is not None and _suggests_an_action(text[suggested.end() :], sentence.agents):
        cues.append(Cue(suggested.start(), suggested.end(), True, 0, len(text), 0))
    ordered = tuple(sorted(cues, key=lambda c: c.start))
    if sentence.summary_item:
        firm = any(c.firm for c in ordered) or not ordered or bool(_SUMMARY_INFINITIVE.match(body))
        return RecommendationVerdict(True, firm, ordered)
    if not ordered:
        return NOT_A_RECOMMENDATION
    firm = any(c.firm for c in ordered) or suggested is not None
    return RecommendationVerdict(True, firm, ordered)


def _team_suggestion(text: str, said_by_others: re.Pattern[str]) -> re.Match[str] | None:
    """The team's own "suggests / recommends", which makes a suggestion in the sentence firm."""
    for match in _TEAM_SUGGESTS.finditer(text):
        if not _reported(text[: match.start()], said_by_others):
            return match
    if re.search(rf"\b(?:{_TEAM})\b", text, _I):
        for match in _ELIDED_SUGGESTS.finditer(text):
            return match
    return None


def _suggests_an_action(complement: str, agents: tuple[str, ...]) -> bool:
    """After "the team suggests": an action ("that this is monitored") or an agent doing ("the council maps")."""
    if _SUGGESTED_ACTION.search(complement):
        return True
    clause = re.sub(r"^\s*(?:that\s+)?", "", complement)
    words = clause.split()
    for cut in range(1, min(7, len(words))):
        head = " ".join(words[:cut])
        if _subject_kind(head + " ", agents) == "agent" and re.fullmatch(r"[a-z]+s", words[cut]):
            return True
    return False
