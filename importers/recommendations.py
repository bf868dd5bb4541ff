"""Find recommendations: the summary list, and sentences in the findings that say what should be done."""

from __future__ import annotations

import re

from importers.sentences import split_sentences

_RECOMMENDING = re.compile(
    r"\b("
    r"recommends?|recommended|recommendation"
    r"|should\b|needs? to\b|must\b|will need\b|would need to|needs? (more|further|clarity|prioriti)"
    r"|(is|are|was|were) (needed|required)\b|requires? (development|further|more|clarity)"
    r"|consideration (should|could|might|may) be given|consider(ation)? (should|could|might) be"
    r"|(further|ongoing|early|urgent|more|greater) consideration (of|to|could|should|as to|might)\b"
    r"|^consideration (of|to|as to)\b"
    r"|(could|should|might|may|would) (also )?(wish to |want to )?(consider|explore|review|look|revisit)"
    r"|(would|could|may|might) (also )?(benefit|be of benefit|help|support|be helpful|be useful|be worth)"
    r"|would be (good|helpful|beneficial|worth|useful|interesting|of benefit)"
    r"|it (would|might|may) be (good|helpful|useful|worth|beneficial|of benefit)"
    r"|(it|this) (is|will be|would be|remains) (particularly |also |therefore )?"
    r"(important|essential|key|vital|necessary|critical)"
    r"|will be (important|essential|key|vital|necessary|critical|helpful)"
    r"|could (be|have been) (stronger|higher|clearer|more|better|made|further|improved|strengthened|developed"
    r"|used|illustrated|targeted|expanded|extended)"
    r"|could (offer|provide|strengthen|develop|do|have|form|support|help|give|use|make|include|improve|work with)"
    r"|would (encourage|urge|advise|suggest)"
    r"|might (fit|sit|be|also|help|support|provide|not only)|may (want|wish|find it|be an area)"
    r"|there (is|was|are|may be|might be) (still )?(a|an urgent|a clear|a real)? ?need\b"
    r"|there (is|are) (still )?(more )?work to (do|be done)|more (could|can|needs to) be done|more to (do|be done)"
    r"|(further|more) (work|focus|consideration|development|communication|exploration|clarity)\b"
    r"|(the )?peer team (suggests?|recommends?|believes there is more|thinks)"
    r"|(the )?(team|challenge) (would )?(suggest|recommend)"
    r"|(there is|there are|there may be|presents?|creates?) (an? |the |further |real |some )?"
    r"(opportunit(y|ies)|potential|scope|value) (to|for|in)"
    r"|an? (opportunity|opportunities) (to|for)|area (for|of) (improvement|consideration|development)"
    r"|finding ways to|some work to|having a (longer|more|clear)"
    r")",
    re.I,
)
# An imperative opening a sentence, as in a list of next steps ("Clarify how policy …").
_IMPERATIVE = re.compile(
    r"^(Clarify|Communicate|Develop|Ensure|Review|Consider|Establish|Strengthen|Build|Improve|Agree|Set out"
    r"|Embed|Explore|Prioritise|Continue|Create|Undertake|Use|Work with|Identify|Increase|Reduce|Define)\b"
)
# Sentences that describe the review, not what the council should do.
_NOT_ADVICE = re.compile(
    r"\b(peer challenge is not|this report|the (peer )?team (were|was) made|the lga (is|will)|should be read"
    r"|should also provide the council|this process should be seen|should be celebrated"
    r"|should (help|make(?! sure)|enhance|offer)|(is|are|was|were) (already )?aware|knows that|recognition that"
    r"|(audit|data|documents?( seen)?|evidence|feedback) suggest(s|ed)? that)\b",
    re.I,
)


def recommending_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences in `text` that recommend, or say what should or needs to be done."""
    return [
        (start, end)
        for start, end in split_sentences(text)
        if (_RECOMMENDING.search(text[start:end]) or _IMPERATIVE.match(text[start:end]))
        and not _NOT_ADVICE.search(text[start:end])
    ]


_SUMMARY_INTRO = re.compile(
    r"(appreciate that|will want to reflect|summary below|specific recommendations are included"
    r"|in due course|following (are|recommendations)|we recommend the following)",
    re.I,
)


def is_summary_intro(text: str) -> bool:
    """True for the boilerplate that introduces a report's summary list of recommendations."""
    return bool(_SUMMARY_INTRO.search(text))
