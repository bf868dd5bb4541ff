"""What a brief's data means for an adviser: a few sentences drawn from the counts, and questions to ask.

Every sentence here is built from the brief's own numbers and from the recommendations' words; the
only fixed words are the frame around them. Questions come from the recommendations peer teams
made firmly (`is_firm`), most widely made first: each names what was recommended (its first
prescribing clause), how many councils were told, and who the reports say owns it or how far the
action plans say it has got.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph.reads.models import PatternSummary, RecommendationOut
from importers.sentences import split_sentences
from viz.briefs.labels import join_words, plural
from viz.briefs.model import OwnerCount, Question, RecommendationGroup

QUESTIONS = 5
MOST_COMMON = 3
CLAUSE_WORDS = 24
# Function words and common sentence openers: a clause starting with one reads on after "that" in
# lower case. Any other first word (a name, an acronym, a council) keeps its capital, so no name
# is ever lower-cased out of reach of the anonymiser.
_LOWER_STARTS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "these",
        "those",
        "that",
        "there",
        "it",
        "its",
        "in",
        "on",
        "at",
        "by",
        "to",
        "for",
        "from",
        "with",
        "within",
        "across",
        "as",
        "all",
        "any",
        "some",
        "each",
        "every",
        "both",
        "more",
        "further",
        "greater",
        "better",
        "clear",
        "key",
        "new",
        "current",
        "ongoing",
        "alongside",
        "although",
        "while",
        "whilst",
        "whether",
        "given",
        "following",
        "once",
        "where",
        "when",
        "if",
        "after",
        "before",
        "during",
        "consideration",
        "urgent",
        "work",
        "senior",
        "staff",
        "peers",
        "peer",
        "partners",
        "people",
        "carers",
        "continue",
        "consider",
        "ensure",
        "develop",
        "review",
        "undertake",
        "use",
        "explore",
        "strengthen",
        "establish",
        "embed",
        "improve",
        "increase",
        "create",
        "build",
        "make",
        "clarify",
        "prioritise",
        "engage",
    ]
)
# Words that mark a clause as asking for something to be done.
_PRESCRIBES = re.compile(
    r"\b(?:should|must|needs?\s+to|ought\s+to|recommend\w*|urgent\w*|important\s+to|consider\w*|"
    r"would\s+(?:benefit|support|help)|is\s+(?:essential|vital|key))\b|^to\s",
    re.IGNORECASE,
)
# "This needs to…" says nothing on its own ("this" stands for a sentence not shown); "This
# strategy needs to…" does. A pointing word followed at once by a verb is the first kind.
_POINTING_BACK = frozenset({"this", "it", "these", "that", "those"})
_VERB_NEXT = frozenset(
    [
        "is",
        "was",
        "are",
        "were",
        "needs",
        "need",
        "should",
        "must",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "has",
        "have",
        "had",
        "requires",
        "require",
        "also",
        "further",
        "means",
        "seems",
        "appears",
        "remains",
    ]
)
_POINTS_FORWARD = re.compile(
    r"^it\s+(?:is|was|would\s+be|will\s+be)\s+(?:\w+\s+)?(?:and\s+\w+\s+)?\w+\s+to\b", re.I
)
_LEADING_CONJUNCTION = re.compile(
    r"^(?:but|and|so|yet|although|while|whilst|however|also|therefore),?\s+", re.IGNORECASE
)
_CLAUSE_BREAKS = re.compile(
    r";|:|\s[–—-]\s|,\s(?=(?:including|which|so that|and to|but|as|although|while|whilst)\b)"
)


def is_firm(rec: RecommendationOut) -> bool:
    """Whether a recommendation prescribes without hedging: `firm`, as the parser judged it.

    Stores made before `firm` was stored have none; there the report's own summary list stands for
    the firm recommendations (inline ones are mostly hedged "could" suggestions).
    """
    return rec.firm if rec.firm is not None else rec.source == "summary"


def prescription(text: str) -> str | None:
    """What the recommendation asks for, to follow "that" in a sentence, or none if it asks nothing.

    The first clause of its first sentence that prescribes (should, must, needs to, to …), cut at
    clause boundaries and to CLAUSE_WORDS words.
    """
    spans = split_sentences(text)
    start, end = spans[0] if spans else (0, len(text))
    sentence = " ".join(text[start:end].split()).rstrip(" .;:")
    clauses = [_LEADING_CONJUNCTION.sub("", c.strip(" ,")) for c in _CLAUSE_BREAKS.split(sentence)]
    clause = next(
        (c for c in clauses if _PRESCRIBES.search(c) and len(c.split()) >= 5 and not _points_back(c)), None
    )
    if clause is None:
        return None
    words = clause.split()
    if len(words) > CLAUSE_WORDS:
        clause = " ".join(words[:CLAUSE_WORDS]).rstrip(" ,;:") + "…"
    if clause.lower().startswith("to "):
        clause = "they " + clause[3:]
    first = clause.split()[0]
    ordinary = first.lower() in _LOWER_STARTS or (first.endswith("ing") and len(first) > 5)
    if ordinary and first[:1].isupper() and not first[1:2].isupper():
        clause = clause[0].lower() + clause[1:]
    return clause


def _points_back(clause: str) -> bool:
    """Whether the clause opens on a word standing for something said before it ("this needs to…").

    "It is important to…" points forward, to what follows, and is kept.
    """
    words = clause.lower().split()
    if _POINTS_FORWARD.match(clause):
        return False
    return len(words) > 1 and words[0].strip(",") in _POINTING_BACK and words[1] in _VERB_NEXT


def question(clause: str, councils: int, owners: Sequence[str], actions: tuple[int, int]) -> str:
    """An adviser's question on one recommendation: what it asked, how widely, who owns it, how far along.

    `actions` is (complete, all) over the action-plan items recorded against it.
    """
    told = f"Peer teams told {plural(councils, 'council')} that {clause}"
    complete, total = actions
    if total and complete == total:
        ask = "action plans mark it complete: what shows it has made a difference?"
    elif total:
        ask = f"action plans show {complete} of {plural(total, 'action')} complete: what is holding the rest back?"
    elif owners:
        reports = "the reports name" if councils > 1 else "the report names"
        ask = f"what has been done about it so far ({reports} {join_words(list(owners))} to lead it)?"
    elif councils > 1:
        ask = "which of them has named someone to lead it, and what has changed since?"
    else:
        ask = "who leads this now, and what has changed since?"
    return f"{told}: {ask}"


def most_common_development(
    patterns: Sequence[PatternSummary], development_councils: dict[str, int]
) -> str | None:
    """Which patterns show most widely as areas for development, with the councils each shows at."""
    ranked = sorted(
        (p for p in patterns if development_councils.get(p.id)),
        key=lambda p: (-development_councils[p.id], -p.development, p.id),
    )[:MOST_COMMON]
    if not ranked:
        return None
    parts = [f"{p.name} ({plural(development_councils[p.id], 'council')})" for p in ranked]
    lead = (
        "The most common area for development is"
        if len(parts) == 1
        else "The most common areas for development are"
    )
    return f"{lead} {join_words(parts)}."


def pattern_reach(
    pattern: PatternSummary, reviewed: int, development_councils: int, strength_councils: int
) -> str:
    """How widely one pattern shows, and on which side."""
    sides = [
        f"as an area for development at {_how_many(development_councils, pattern.councils)}",
        f"as a strength at {_how_many(strength_councils, pattern.councils)}",
    ]
    return f"{pattern.name} shows in {pattern.councils} of the {plural(reviewed, 'council')} reviewed: {join_words(sides)}."


def _how_many(part: int, whole: int) -> str:
    return "none" if not part else f"all {part}" if part == whole and part > 1 else str(part)


def most_made(groups: Sequence[RecommendationGroup]) -> str | None:
    """The subjects recommendations most often address, and the most widely made one."""
    if not groups:
        return None
    parts = [
        f"{g.title} ({plural(g.recommendations, 'recommendation')} to {plural(g.councils, 'council')})"
        for g in groups[:MOST_COMMON]
    ]
    sentence = f"Recommendations most often concern {join_words(parts)}."
    widest = max((r for g in groups for r in g.ranked), key=lambda r: r.councils, default=None)
    if widest is not None and widest.councils > 1:
        sentence += (
            f" The most widely made, [{widest.quote.number}], went to {plural(widest.councils, 'council')}."
        )
    return sentence


def landing(owners: Sequence[OwnerCount], recommendations: int, unowned: int) -> str | None:
    """Who the recommendations land on, and how many name nobody."""
    if not recommendations:
        return None
    if not owners:
        return f"None of the {plural(recommendations, 'recommendation')} names an owner."
    parts = [
        f"the {o.name} ({plural(o.recommendations, 'recommendation')} at {plural(o.councils, 'council')})"
        for o in owners[:MOST_COMMON]
    ]
    sentence = f"They land most on {join_words(parts)}"
    if unowned:
        sentence += f"; {unowned} of the {recommendations} name no owner"
    return sentence + "."


Candidate = tuple[str, int, list[str], tuple[int, int], int | None]


def questions_from(candidates: Sequence[Candidate]) -> list[Question]:
    """Up to QUESTIONS questions from (text, councils, owners, (complete, actions), quote number), widest first."""
    chosen: list[Question] = []
    seen: set[str] = set()
    for text, councils, owners, actions, number in sorted(candidates, key=lambda c: -c[1]):
        clause = prescription(text)
        if clause is None or clause.casefold() in seen:
            continue
        seen.add(clause.casefold())
        chosen.append(Question(asked=question(clause, councils, owners, actions), quote_number=number))
        if len(chosen) == QUESTIONS:
            break
    return chosen
