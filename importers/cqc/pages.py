"""Read a CQC page (as HTML, or as its text) into a `CqcResult`.

Three shapes, told apart by what the page says rather than by its file name:

- the local authority assessment **summary** ("<Council>: local authority assessment", a
  "Published:" line, the rating and "scored NN out of 100" under "Local authority rating and
  score", then the nine "Quality statement scores", each a name followed by "Score: N");
- a **press release** ("CQC rates <Council>'s adult social care provision as <rating>", "has
  rated <Council> as <rating>", and the nine scores as a list of "name: N");
- a **quality statement page** (the same title, then one or more sections each opening with a
  statement's name and "Score: N", its "N - Evidence shows ..." band, what people expect, the
  local authority commitment and "Key findings for this quality statement"). A summary page
  that goes on into such sections (the whole report on one page) gives their key findings too.

The page is read as blocks (importers.formats), so key findings' spans index the same kind of
normalised text a report's do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from importers.blocks import Block, BlockKind, Document
from importers.councils import CouncilTable
from importers.cqc.model import CqcResult, KeyFinding, Rating, Shape, StatementScore
from importers.cqc.statements import match_statement
from importers.cqc.values import parse_date, parse_overall_score, parse_rating, parse_statement_score
from importers.framework import QUALITY_STATEMENTS_BY_ID, QualityStatement
from importers.model import CouncilRef

_ASSESSMENT_TITLE = re.compile(r"(?i)^(?P<council>.+?)\s*[:\-–—|]\s*local\s+authority\s+assessment\b")
_PRESS_TITLE = re.compile(r"(?i)^CQC\s+rates\s+(?P<council>.+?)(?:[’']s?)?\s+adult\s+social\s+care\b")
_RATING_WORDS = r"outstanding|good|requires\s+improvement|inadequate"
_TITLE_RATING = re.compile(rf"(?i)\bas\s+(?P<rating>{_RATING_WORDS})\b")
_TITLE_OTHER = re.compile(r"(?i)\bas\s+(?P<rating>[a-z][a-z ]{1,40}?)\s*[.!]?\s*$")
_BODY_RATING = re.compile(
    rf"(?i)\b(?:has\s+)?rated\s+(?P<council>[^.,;]{{2,120}}?)\s+as\s+(?:being\s+)?['‘“\"]?(?P<rating>{_RATING_WORDS})\b"
)
_BODY_OTHER = re.compile(
    r"(?i)\b(?:has\s+)?rated\s+(?P<council>[^.,;]{2,120}?)\s+as\s+(?:being\s+)?['‘“\"]?"
    r"(?P<rating>[a-z][a-z ]{1,40}?)['’”\"]?\s*(?:[,.;:]|\s+(?:in|for|overall|following|after)\b)"
)
_PUBLISHED = re.compile(
    r"(?i)\bpublished(?:\s+on)?\s*:?\s*(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4})"
)
_UPDATED = re.compile(
    r"(?i)\bpage\s+last\s+updated\s*:?\s*(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4})"
)
_SCORED = re.compile(
    r"(?i)\b(?:scored|score\s+of|overall\s+score\s*(?:of|:|was|is)?)\s*"
    r"(?P<score>\d{1,3}(?:\.\d+)?)\s*(?:out\s+of\s+100|/\s*100|%|per\s*cent)"
)
_RATING_HEADING = re.compile(r"(?i)^(?:local\s+authority\s+)?(?:overall\s+)?rating(?:\s+and\s+score)?$")
_RATING_LINE = re.compile(r"(?i)^(?:overall\s+|cqc\s+)?rating\s*:\s*(?P<rating>.+)$")
_SCORES_HEADING = re.compile(r"(?i)^quality\s+statement\s+scores?$")
_SCORE_LINE = re.compile(r"(?i)^score\s*:?\s*(?P<score>\d+)(?:\s*/\s*4|\s+out\s+of\s+4)?\s*\.?$")
_LABEL_AND_SCORE = re.compile(
    r"(?i)^(?P<label>.+?)\s*[:,\-–—]?\s*score\s*:?\s*(?P<score>\d+)(?:\s*/\s*4|\s+out\s+of\s+4)?\s*\.?$"
)
_LABEL_COLON_SCORE = re.compile(
    r"^(?P<label>.+?)\s*[:=\-–—]\s*(?P<score>\d+)(?:\s*/\s*4|\s+out\s+of\s+4)?\s*\.?$"
)
# Inside the scores list only: "Assessing needs 3", the name and its score run together from a table row.
_LABEL_SPACE_SCORE = re.compile(r"^(?P<label>.*[^\d\s])\s+(?P<score>\d)$")
_BARE_SCORE = re.compile(r"^(?P<score>\d+)(?:\s*/\s*4|\s+out\s+of\s+4)?$")  # a table cell beside the name
_BAND_LINE = re.compile(r"(?i)^(?P<score>\d)\s*[-–—:=]\s*evidence\s+shows\b")
_KEY_FINDINGS = re.compile(r"(?i)^key\s+findings(?:\s+for\s+this\s+quality\s+statement)?$")
_SECTION_FURNITURE = re.compile(
    r"(?i)^(?:what\s+people\s+expect|the\s+local\s+authority\s+commitment|downloads?)$"
)
_THEME_HEADING = re.compile(r"(?i)^theme\s+(?:\d|one|two|three|four)\b")
_PAGE_END = re.compile(
    r"(?i)^(?:is\s+this\s+page\s+useful|was\s+this\s+page\s+helpful|feedback|give\s+feedback|back\s+to\s+top"
    r"|print\s+this\s+page|share\s+this\s+page|related\s+(?:pages|content)|contact\s+us)\b"
)
_LOOK_AHEAD = 3  # blocks after a statement's name in which its "Score: N" may follow
_HEAD_BLOCKS = 12  # where the title, dates and rating are looked for


class PageError(ValueError):
    """Why a page cannot be read; the caller names the file."""


@dataclass
class _Scores:
    """Statement scores in reading order, refusing a statement named twice."""

    where: str
    found: dict[str, StatementScore] = field(default_factory=dict)

    def add(self, statement: QualityStatement, score_text: str, label: str) -> None:
        if statement.id in self.found:
            raise PageError(f"{statement.name} is named twice in the {self.where}")
        self.found[statement.id] = StatementScore(
            quality_statement=statement.id,
            score=parse_statement_score(score_text, statement.name),
            as_printed=label.strip(),
        )


@dataclass
class _Section:
    statement: QualityStatement
    label: str
    score: str
    start: int  # index of the statement's name block
    body: int  # index of the first block after its "Score: N"


def read_page(document: Document, councils: CouncilTable) -> CqcResult:
    """The CQC result a page's blocks hold; PageError names what is wrong with it."""
    try:
        return _read_page(document, councils)
    except PageError:
        raise
    except ValueError as error:  # a value out of range, from importers.cqc.values
        raise PageError(str(error)) from None


def _read_page(document: Document, councils: CouncilTable) -> CqcResult:
    blocks = document.blocks
    if not blocks:
        raise PageError("no text on the page")
    head = blocks[:_HEAD_BLOCKS]
    title = blocks[0].text
    press = bool(_PRESS_TITLE.search(title)) or (
        not _ASSESSMENT_TITLE.search(title) and any(_BODY_RATING.search(b.text) for b in head)
    )
    if not press and not _ASSESSMENT_TITLE.search(title) and not _has_statement_scores(blocks):
        raise PageError("not a CQC local authority assessment page, press release or quality statement page")
    council = _council(document, title, councils)
    published = _head_date(head, _PUBLISHED)
    updated = _head_date(head, _UPDATED)
    if press:
        rating = _press_rating(head, title)
        listed = _listed_scores(blocks)
        sections: list[_Section] = []
    else:
        rating = _summary_rating(blocks, council)
        listed, list_range = _scores_list(blocks)
        sections = _sections(blocks, skip=list_range)
    score = _overall_score(
        blocks[: max(_HEAD_BLOCKS * 2 if press else _HEAD_BLOCKS, _first_index(blocks, _SCORES_HEADING))]
    )
    scores = _merge_section_scores(listed, sections)
    key_findings = [finding for section in sections for finding in _key_findings(blocks, section, sections)]
    if press:
        shape = Shape.PRESS_RELEASE
    elif sections and not listed.found and rating is None and score is None:
        shape = Shape.QUALITY_STATEMENT
    else:
        shape = Shape.SUMMARY
    if rating is None and score is None and not scores:
        raise PageError("no rating, overall score or quality statement score found on the page")
    return CqcResult(
        shape=shape,
        council=council,
        published=published,
        page_updated=updated,
        rating=rating,
        score=score,
        statement_scores=scores,
        key_findings=key_findings,
        text=document.text,
    )


def _has_statement_scores(blocks: Sequence[Block]) -> bool:
    """A page without CQC's title still counts when it lists quality statement scores."""
    for index, block in enumerate(blocks):
        if _SCORES_HEADING.match(block.text):
            return True
        if (both := _LABEL_AND_SCORE.match(block.text)) and match_statement(both["label"]):
            return True
        if _SCORE_LINE.match(block.text) and any(
            _statement_label(b) for b in blocks[max(0, index - 2) : index]
        ):
            return True
    return False


def _council(document: Document, title: str, councils: CouncilTable) -> CouncilRef:
    # A title that names the council is the authority: another council named in the text never stands in.
    named = _ASSESSMENT_TITLE.search(title) or _PRESS_TITLE.search(title)
    if named:
        match = councils.identify(named["council"])
    else:
        match = councils.identify(title) or councils.identify(document.text[:20000])
    if match is None:
        shown = named["council"] if named else title[:80]
        raise PageError(f"no council in the reference table is named (title: {shown!r})")
    council = match.council
    return CouncilRef(
        id=council.id,
        name=council.name,
        short_name=council.short_name,
        type=council.type,
        region=council.region,
        as_printed=match.as_printed,
    )


def _head_date(head: Sequence[Block], pattern: re.Pattern[str]) -> date | None:
    for block in head:
        if found := pattern.search(block.text):
            try:
                return parse_date(found["date"])
            except ValueError as error:
                raise PageError(str(error)) from None
    return None


def _rating(text: str) -> Rating:
    try:
        return parse_rating(text)
    except ValueError as error:
        raise PageError(str(error)) from None


def _press_rating(head: Sequence[Block], title: str) -> Rating | None:
    """The rating in a press release's title and its opening sentence; they must agree."""
    found: list[Rating] = []
    if _PRESS_TITLE.search(title) and (in_title := _TITLE_RATING.search(title) or _TITLE_OTHER.search(title)):
        found.append(_rating(in_title["rating"]))
    for block in head:
        if in_body := _BODY_RATING.search(block.text) or _BODY_OTHER.search(block.text):
            found.append(_rating(in_body["rating"]))
            break
    if len(set(found)) > 1:
        raise PageError(f"the title rates it {found[0].value} but the text {found[1].value}")
    return found[0] if found else None


def _summary_rating(blocks: Sequence[Block], council: CouncilRef) -> Rating | None:
    """The rating under "Local authority rating and score" (after the council's name), or "Rating: X"."""
    for index, block in enumerate(blocks[:60]):
        if line := _RATING_LINE.match(block.text):
            return _rating(line["rating"])
        if not _RATING_HEADING.match(block.text):
            continue
        for slot in blocks[index + 1 : index + 4]:
            if _SCORED.search(slot.text) or _SCORES_HEADING.match(slot.text):
                return None
            # The council's name stands before the rating, in its own block or the same one.
            rest = _without_council_name(slot.text, council)
            if rest:
                return _rating(rest)
    return None


def _without_council_name(text: str, council: CouncilRef) -> str:
    folded = " ".join(text.split())
    for form in sorted({council.name, council.short_name, council.as_printed} - {""}, key=len, reverse=True):
        if folded.casefold().startswith(form.casefold()):
            return folded[len(form) :].strip(" :-–—|")
    return folded


def _overall_score(blocks: Sequence[Block]) -> int | None:
    for block in blocks:
        if found := _SCORED.search(block.text):
            try:
                return parse_overall_score(found["score"])
            except ValueError as error:
                raise PageError(str(error)) from None
    return None


def _first_index(blocks: Sequence[Block], pattern: re.Pattern[str]) -> int:
    return next((i for i, block in enumerate(blocks) if pattern.match(block.text)), 0)


def _statement_label(block: Block) -> QualityStatement | None:
    """The statement a short block names (a heading, list item or line), or None."""
    if len(block.text) > 400:
        return None
    return match_statement(block.text)


def _scores_list(blocks: Sequence[Block]) -> tuple[_Scores, range]:
    """The "Quality statement scores" list: names each followed by "Score: N" (or on one line)."""
    scores = _Scores("quality statement scores")
    start = _first_index(blocks, _SCORES_HEADING)
    if not blocks or not _SCORES_HEADING.match(blocks[start].text):
        return scores, range(0)
    pending: tuple[QualityStatement, str] | None = None
    index = start + 1
    while index < len(blocks):
        text = blocks[index].text
        if (line := _SCORE_LINE.match(text) or _BARE_SCORE.match(text)) and pending is not None:
            scores.add(pending[0], line["score"], pending[1])
            pending = None
        elif (
            both := _LABEL_AND_SCORE.match(text)
            or _LABEL_COLON_SCORE.match(text)
            or _LABEL_SPACE_SCORE.match(text)
        ) and (statement := match_statement(both["label"])):
            scores.add(statement, both["score"], both["label"])
        elif (statement := _statement_label(blocks[index])) is not None:
            if pending is not None:
                raise PageError(f"{pending[0].name} has no score in the quality statement scores")
            pending = (statement, text)
        else:
            break
        index += 1
    return scores, range(start, index)


def _listed_scores(blocks: Sequence[Block]) -> _Scores:
    """A press release's list of "name: N" lines, wherever it stands."""
    scores = _Scores("list of quality statement scores")
    for index, block in enumerate(blocks):
        if len(block.text) > 300:
            continue
        both = _LABEL_AND_SCORE.match(block.text) or _LABEL_COLON_SCORE.match(block.text)
        if both and (statement := match_statement(both["label"])):
            scores.add(statement, both["score"], both["label"])
        elif (
            index + 1 < len(blocks)
            and (bare := _BARE_SCORE.match(blocks[index + 1].text))
            and (statement := match_statement(block.text))
        ):
            scores.add(statement, bare["score"], block.text)  # a table: the name's cell, then its score's
    return scores


def _sections(blocks: Sequence[Block], skip: range) -> list[_Section]:
    """Each quality statement section: a statement's name with its "Score: N" within a few blocks."""
    sections: list[_Section] = []
    seen: dict[str, _Section] = {}
    for index, block in enumerate(blocks):
        if index in skip or (statement := _statement_label(block)) is None:
            continue
        if inline := _LABEL_AND_SCORE.match(block.text):
            score, body = inline["score"], index + 1
        else:
            ahead = [
                (offset, found)
                for offset in range(index + 1, min(index + 1 + _LOOK_AHEAD, len(blocks)))
                if (found := _SCORE_LINE.match(blocks[offset].text))
            ]
            if not ahead or any(_statement_label(b) for b in blocks[index + 1 : ahead[0][0]]):
                continue
            score, body = ahead[0][1]["score"], ahead[0][0] + 1
        if statement.id in seen:
            raise PageError(f"{statement.name} is named twice as a quality statement section")
        section = _Section(statement, block.text, score, index, body)
        _check_band(blocks, section)
        seen[statement.id] = section
        sections.append(section)
    return sections


def _check_band(blocks: Sequence[Block], section: _Section) -> None:
    """The "N - Evidence shows ..." line under a score, where present, must say the same N."""
    score = parse_statement_score(section.score, section.statement.name)
    band = _BAND_LINE.match(blocks[section.body].text) if section.body < len(blocks) else None
    if band and int(band["score"]) != score:
        raise PageError(f"{section.statement.name}: 'Score: {score}' but its band line says {band['score']}")


def _merge_section_scores(listed: _Scores, sections: list[_Section]) -> list[StatementScore]:
    """The list's scores, and the sections' where the list lacks them; the two must agree."""
    merged = dict(listed.found)
    for section in sections:
        score = parse_statement_score(section.score, section.statement.name)
        known = merged.get(section.statement.id)
        if known is not None and known.score != score:
            raise PageError(
                f"{section.statement.name}: scored {known.score} in the list of scores but {score} in its section"
            )
        if known is None:
            merged[section.statement.id] = StatementScore(
                quality_statement=section.statement.id, score=score, as_printed=section.label
            )
    order = {statement_id: n for n, statement_id in enumerate(QUALITY_STATEMENTS_BY_ID)}
    return sorted(merged.values(), key=lambda s: order[s.quality_statement])


def _key_findings(blocks: Sequence[Block], section: _Section, sections: list[_Section]) -> list[KeyFinding]:
    """The paragraphs under "Key findings for this quality statement", with their sub-headings."""
    later = [s.start for s in sections if s.start > section.start]
    end = min([*later, len(blocks)])
    start = next(
        (i + 1 for i in range(section.body, end) if _KEY_FINDINGS.match(blocks[i].text)),
        None,
    )
    if start is None:
        return []
    findings: list[KeyFinding] = []
    heading: str | None = None
    for block in blocks[start:end]:
        if _THEME_HEADING.match(block.text) or _PAGE_END.match(block.text):
            break
        if block.kind is BlockKind.HEADING:
            if not _SECTION_FURNITURE.match(block.text):
                heading = block.text
            continue
        findings.append(
            KeyFinding(
                quality_statement=section.statement.id,
                text=block.text,
                heading=heading,
                span=(block.start, block.end),
            )
        )
    return findings
