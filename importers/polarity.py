"""Judge whether a passage reports a strength, an area for development, or both.

Peer teams often praise and then qualify in one paragraph ("There is an effective helpline …;
however, others were more critical …"), so the judgement is made per sentence and then combined.
Each sentence scores by weighted cue phrases; a contrast word ("however", "but", "whilst")
gives the clause after it more weight than the clause before.
"""

from __future__ import annotations

import re

from importers.model import Polarity
from importers.sentences import split_sentences


def _cues(pairs: dict[str, float]) -> list[tuple[re.Pattern[str], float]]:
    return [(re.compile(rf"\b{pattern}", re.IGNORECASE), weight) for pattern, weight in pairs.items()]


_POSITIVE = _cues(
    {
        r"strong(ly|er)?\b": 1.0,
        r"strengths?\b": 1.0,
        r"good\b": 1.0,
        r"positive(ly)?\b": 1.0,
        r"effective(ly)?\b": 1.0,
        r"excellent": 1.5,
        r"impressive|impressed": 1.5,
        r"innovative|innovation": 1.0,
        r"valued|appreciated|appreciative": 1.0,
        r"proud|pride": 1.0,
        r"passionate|committed|commitment|dedicated": 1.0,
        r"well[- ](regarded|embedded|organised|connected|established|developed|understood|managed|provided)": 1.0,
        r"success(ful(ly)?)?\b|celebrat": 1.0,
        r"thriving|robust|mature\b|timely\b": 0.8,
        r"(has|have) (improved|reduced|increased)|reductions? in": 0.8,
        r"pleased|encouraged|welcom": 0.8,
        r"spoke (very )?(well|highly)|highly regarded|praised": 1.0,
        r"good practice|best practice|evidence of (good|strong|effective)": 1.0,
        r"is working|works well|working well": 1.0,
        r"visible\b|supportive\b": 0.6,
        r"performing (very )?well|above (the )?(england|national) average": 1.0,
        r"clear (vision|focus|commitment|understanding|priorities|expectations)": 0.8,
        r"positives\b|positivity|enthusias(m|tic)|receptive|energy\b": 0.8,
        r"comprehensive|thorough|proactive(ly)?|resilien(t|ce)|openness|transparen(t|cy)": 0.8,
        r"on track\b|achievements?\b|improved\b|improvements? in\b": 0.8,
        r"reduc(ed|ing|tion)( in)? (the )?(number of people )?(waiting|waits|delays|backlogs?)": 1.2,
        r"helpful|valuable|beneficial|invaluable": 0.6,
        r"no (significant |long |real )?(backlogs?|waiting lists?|delays?|waits?|concerns?)\b": 1.5,
    }
)

# Words of risk and concern that describe good practice rather than a problem ("manages risks",
# "positive risk-taking", "quality concerns are tracked") cancel their negative cue.
_DESCRIPTIVE = _cues(
    {
        r"(manag\w*|mitigat\w*|review\w*|address\w*|assess\w*|monitor\w*|track\w*|oversee\w*|escalat\w*)"
        r" (of |the |any |these |such )?(\w+ ){0,2}(risks?|concerns?|challenges|pressures)\b": 1.0,
        r"risk[- ](taking|management|tool|matrix|register|assessments?|prioritisation|based)": 1.0,
        r"(safeguarding|quality|provider) concerns?\b": 1.0,
    }
)

_NEGATIVE = _cues(
    {
        r"lack(s|ed|ing)?\b|absence of|no (clear|single|shared|evidence)": 1.5,
        r"limited\b|insufficient|inadequate": 1.2,
        r"inconsisten|variab(le|ility)|patchy": 1.2,
        r"risks?\b|concerns?\b|concerned": 1.0,
        r"challeng(es|ing)\b": 0.8,
        r"needs? to\b|should\b|must\b|will need\b": 1.2,
        r"could (be|do|help|benefit|provide|offer|strengthen|further|more|consider)": 1.0,
        r"would (be helpful|benefit|help|support)|might (help|benefit|be)|may need": 1.0,
        r"would be (stronger|better|more effective|improved) (if|with)": 1.5,
        r"recommend|consideration (should|could|might|may) be given|consider(ed|ing)?\b": 1.0,
        r"further (work|development|consideration|focus|exploration)|more (work|to do|could be done|focus)": 1.2,
        r"opportunit(y|ies) to (improve|develop|better|strengthen|further)": 0.8,
        r"gaps?\b|delays?\b|backlogs?\b|waiting lists?|waits?\b": 1.0,
        r"not (always|clear|fully|yet|well|routinely|consistently|sufficiently|easy)": 1.5,
        r"unclear|unaware|uncertain(ty)?|confus": 1.2,
        r"difficult(y|ies)?\b|hard to|struggl": 1.0,
        r"weak(ness(es)?)?\b|poor(er|ly)?\b|below (the )?(england|national)? ?average": 1.2,
        r"pressures?\b|overspend|deficit": 0.8,
        r"critical of|frustrat|dissatisf|disconnect": 1.2,
        r"improvement (is|was) needed|area(s)? for (improvement|development)": 1.2,
        r"did not|does not|do not|doesn't|don't|didn't|cannot|isn't|wasn't|aren't": 0.8,
        r"over-?reliance|rel(y|ies|iance) heavily": 1.2,
    }
)

_CONTRAST = re.compile(r"\b(however|but|although|though|whilst|while|nevertheless|yet|despite)\b", re.I)
_LEADING_CONCESSION = re.compile(r"^\s*(whilst|while|although|though|despite|notwithstanding)\b", re.I)


_NEGATED = re.compile(r"\b(not|no|never|nor|lack of|without)\s+(\w+\s+)?$", re.IGNORECASE)


def _praise(text: str) -> float:
    """Positive cues, except those negated just before ("not well understood", "no clear vision")."""
    return sum(
        weight
        for pattern, weight in _POSITIVE
        for match in pattern.finditer(text)
        if not _NEGATED.search(text, max(0, match.start() - 20), match.start())
    )


def _score(text: str) -> tuple[float, float]:
    positive = _praise(text)
    negative = sum(weight * len(p.findall(text)) for p, weight in _NEGATIVE)
    descriptive = sum(weight * len(p.findall(text)) for p, weight in _DESCRIPTIVE)
    return positive, max(0.0, negative - descriptive)


def sentence_scores(sentence: str) -> tuple[float, float]:
    """(praise, criticism) carried by one sentence, with the clause after a contrast weighted up."""
    if _LEADING_CONCESSION.match(sentence):
        # "Whilst X is good, Y needs work": the main clause after the comma carries the verdict.
        comma = max(sentence.find(","), 0)
        head_pos, head_neg = _score(sentence[:comma])
        tail_pos, tail_neg = _score(sentence[comma:])
        return 0.5 * head_pos + 1.5 * tail_pos, 0.5 * head_neg + 1.5 * tail_neg
    if contrast := _CONTRAST.search(sentence):
        head_pos, head_neg = _score(sentence[: contrast.start()])
        tail_pos, tail_neg = _score(sentence[contrast.start() :])
        return head_pos + 1.5 * tail_pos, head_neg + 1.5 * tail_neg
    return _score(sentence)


def sentence_polarity(sentence: str) -> Polarity | None:
    """The polarity of one sentence, or None when it carries no judgement either way."""
    positive, negative = sentence_scores(sentence)
    if abs(positive - negative) < MIN_SENTENCE_MARGIN:
        return None
    return Polarity.STRENGTH if positive > negative else Polarity.AREA_FOR_DEVELOPMENT


# Tuned on the hand-labelled seeds (tests/gold); see tests/test_polarity_quality.py for the figures.
MIN_SENTENCE_MARGIN = 0.8
"""A sentence whose praise and criticism differ by less than this carries no verdict."""
TOPIC_SENTENCE_WEIGHT = 1.5
"""The first sentence of a paragraph usually states its point; it counts this much more."""
HEADING_BIAS = 5.0
"""Weight a Strengths / Considerations heading adds to its own side."""
MIXED_RATIO = 0.5
"""Both sides count (mixed) only when the weaker is at least this share of the stronger."""
CONTRARY_FLIP = 2.5
"""Under a heading, a passage with no word for the heading's side and this much against it flips."""


def passage_weights(text: str) -> tuple[float, float]:
    """(praise, criticism) of a passage: each judging sentence's margin, the first weighted up."""
    praise = criticism = 0.0
    for index, (start, end) in enumerate(split_sentences(text)):
        positive, negative = sentence_scores(text[start:end])
        margin = positive - negative
        if abs(margin) < MIN_SENTENCE_MARGIN:
            continue
        weight = TOPIC_SENTENCE_WEIGHT if index == 0 else 1.0
        if margin > 0:
            praise += weight * min(margin, 3.0)
        else:
            criticism += weight * min(-margin, 3.0)
    return praise, criticism


def passage_polarity(text: str, prior: Polarity | None = None) -> Polarity:
    """Combine sentence verdicts; `prior` is the section's word (Strengths / Considerations).

    Praise and criticism are weighed against each other: the passage is `mixed` only when the
    weaker side is a real share of the stronger, so an incidental caveat in a strength (or a
    courtesy in a criticism) does not make it mixed. A heading tips the balance its way.
    """
    unbiased_praise, unbiased_criticism = passage_weights(text)
    praise = unbiased_praise + (HEADING_BIAS if prior is Polarity.STRENGTH else 0.0)
    criticism = unbiased_criticism + (HEADING_BIAS if prior is Polarity.AREA_FOR_DEVELOPMENT else 0.0)
    if prior is Polarity.STRENGTH and unbiased_praise == 0 and unbiased_criticism >= CONTRARY_FLIP:
        return Polarity.AREA_FOR_DEVELOPMENT
    if (
        prior is Polarity.AREA_FOR_DEVELOPMENT
        and unbiased_criticism == 0
        and unbiased_praise >= CONTRARY_FLIP
    ):
        return Polarity.STRENGTH
    if praise == criticism == 0:
        return prior or Polarity.AREA_FOR_DEVELOPMENT
    stronger, weaker = max(praise, criticism), min(praise, criticism)
    if weaker > 0 and weaker >= MIXED_RATIO * stronger:
        return Polarity.MIXED
    return Polarity.STRENGTH if praise > criticism else Polarity.AREA_FOR_DEVELOPMENT
