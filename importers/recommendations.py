"""Find recommendations: the summary list, and sentences in the findings that say what should be done."""

from __future__ import annotations

import re

from importers.sentences import split_sentences

_RECOMMENDING = re.compile(
    r"\b("
    r"recommends?|recommended|recommendation"
    r"|should\b|needs? to\b|must\b|will need to|would need to"
    r"|consideration (should|could|might|may) be given|consider(ation)? (should|could|might) be"
    r"|(could|should|might|may) (consider|explore|review|look)"
    r"|would benefit from|could benefit from|may benefit from|would be (helpful|beneficial|worth|useful)"
    r"|it (is|will be) (important|essential|key|vital|necessary) (to|that)"
    r"|there is (a|an urgent|a clear) need|there is (more )?work to do|more (could|can) be done"
    r"|further work (is|will be) (needed|required)|(is|are) needed to"
    r"|(the )?peer team (suggests?|recommends?|believes there is more)|suggest(s|ed)? that"
    r"|an? (opportunity|opportunities) (to|for)"
    r")",
    re.I,
)
# Sentences that describe the review, not what the council should do.
_NOT_ADVICE = re.compile(
    r"\b(peer challenge is not|this report|the (peer )?team (were|was) made|the lga (is|will)|should be read"
    r"|should also provide the council|this process should be seen)\b",
    re.I,
)


def recommending_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences in `text` that recommend, or say what should or needs to be done."""
    return [
        (start, end)
        for start, end in split_sentences(text)
        if _RECOMMENDING.search(text[start:end]) and not _NOT_ADVICE.search(text[start:end])
    ]


_SUMMARY_INTRO = re.compile(
    r"(appreciate that|will want to reflect|summary below|specific recommendations are included"
    r"|in due course|following (are|recommendations)|we recommend the following)",
    re.I,
)


def is_summary_intro(text: str) -> bool:
    """True for the boilerplate that introduces a report's summary list of recommendations."""
    return bool(_SUMMARY_INTRO.search(text))
