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
        r"clear (vision|focus|commitment|understanding)": 0.8,
    }
)

_NEGATIVE = _cues(
    {
        r"lack(s|ing)?\b|absence of|no (clear|single|shared|evidence)": 1.5,
        r"limited\b|insufficient|inadequate": 1.2,
        r"inconsisten|variab(le|ility)|patchy": 1.2,
        r"risks?\b|concerns?\b|concerned": 1.0,
        r"challeng(es|ing)\b": 0.8,
        r"needs? to\b|should\b|must\b|will need\b": 1.2,
        r"could (be|do|help|benefit|provide|offer|strengthen|further|more|consider)": 1.0,
        r"would (be helpful|benefit|help|support)|might (help|benefit|be)|may need": 1.0,
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


def _score(text: str) -> tuple[float, float]:
    positive = sum(weight * len(p.findall(text)) for p, weight in _POSITIVE)
    negative = sum(weight * len(p.findall(text)) for p, weight in _NEGATIVE)
    return positive, negative


def sentence_polarity(sentence: str) -> Polarity | None:
    """The polarity of one sentence, or None when it carries no judgement either way."""
    contrast = _CONTRAST.search(sentence)
    if contrast and not _LEADING_CONCESSION.match(sentence):
        head_pos, head_neg = _score(sentence[: contrast.start()])
        tail_pos, tail_neg = _score(sentence[contrast.start() :])
        positive, negative = head_pos + 1.5 * tail_pos, head_neg + 1.5 * tail_neg
    elif _LEADING_CONCESSION.match(sentence):
        # "Whilst X is good, Y needs work": the main clause after the comma carries the verdict.
        comma = sentence.find(",")
        head_pos, head_neg = _score(sentence[: max(comma, 0)])
        tail_pos, tail_neg = _score(sentence[max(comma, 0) :])
        positive, negative = 0.5 * head_pos + 1.5 * tail_pos, 0.5 * head_neg + 1.5 * tail_neg
    else:
        positive, negative = _score(sentence)
    if positive == negative:
        return None
    if max(positive, negative) < 0.8:
        return None
    return Polarity.STRENGTH if positive > negative else Polarity.AREA_FOR_DEVELOPMENT


def passage_polarity(text: str, prior: Polarity | None = None) -> Polarity:
    """Combine sentence verdicts; `prior` is the section's word (Strengths / Considerations).

    Under a Strengths or Considerations heading the section decides unless every judging
    sentence says the opposite; in narrative text, praise and criticism together make `mixed`.
    """
    verdicts = [sentence_polarity(text[start:end]) for start, end in split_sentences(text)]
    judged = [v for v in verdicts if v is not None]
    positives = judged.count(Polarity.STRENGTH)
    negatives = judged.count(Polarity.AREA_FOR_DEVELOPMENT)
    if prior is Polarity.STRENGTH:
        return Polarity.AREA_FOR_DEVELOPMENT if negatives and not positives else prior
    if prior is Polarity.AREA_FOR_DEVELOPMENT:
        return Polarity.STRENGTH if positives and not negatives and len(judged) > 1 else prior
    if positives and negatives:
        return Polarity.MIXED
    if positives:
        return Polarity.STRENGTH
    return Polarity.AREA_FOR_DEVELOPMENT
