"""When a new file for a review already in the store may replace it, and what a replacement keeps.

A file for the same council and month is taken for a corrected version of the stored review. A
truncated or damaged copy looks the same from outside, so a replacement needs proof: one that
would lose more than `MAX_LOSS` of the review's findings or recommendations, or whose text is
mostly a part of the stored text, is refused unless the user says `--replace`. Whatever replaces
a review, actions linked to a recommendation that changed wording follow it to its new version.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graph.reports.ids import normalised
from graph.reports.records import ReportRecords
from graph.store import GraphStore, Row, Tx
from graph.store import queries as q
from peergraph.core.errors import ReplacementRefusedError

MAX_LOSS = 0.2
"""The share of findings or recommendations a corrected version may lose without --replace."""
MIN_ITEMS = 5
"""Below this many stored items, losses are not judged (a share of very few means little)."""
PART_OF_STORED = 0.95
"""A new text whose lines are at least this share inside the stored text, and shorter, is a part of it."""
SAME_RECOMMENDATION = 90
"""rapidfuzz ratio (0-100) from which a reworded recommendation is the same one, for its action links."""


@dataclass(frozen=True)
class StoredReview:
    findings: int
    recommendations: int
    text: str


def stored_review(store: GraphStore, review_id: str) -> StoredReview | None:
    rows = store.read(q.REVIEW_SIZE, {"id": review_id})
    if not rows:
        return None
    row = rows[0]
    return StoredReview(int(row["findings"]), int(row["recommendations"]), row["text"] or "")


def _lines(text: str) -> list[str]:
    return [line for line in (normalised(part) for part in text.splitlines()) if len(line) > 3]


def is_part_of(new_text: str, stored_text: str) -> bool:
    """True when `new_text` is shorter than `stored_text` and nearly all its lines are in it."""
    if len(new_text) >= 0.9 * len(stored_text):
        return False
    lines = _lines(new_text)
    if not lines:
        return False
    stored = set(_lines(stored_text))
    return sum(line in stored for line in lines) / len(lines) >= PART_OF_STORED


def check_replacement(source: str, records: ReportRecords, stored: StoredReview) -> None:
    """Raise ReplacementRefusedError, saying what would be lost, for a replacement without proof."""
    losses = []
    for kind, before, after in (
        ("findings", stored.findings, len(records.findings)),
        ("recommendations", stored.recommendations, len(records.recommendations)),
    ):
        if before >= MIN_ITEMS and after < before * (1 - MAX_LOSS):
            losses.append(f"{before - after} of its {before} {kind}")
    partial = is_part_of(records.review.text or "", stored.text)
    if not losses and not partial:
        return
    what = " and ".join(losses) if losses else "nothing it counts"
    why = "its text is a part of the stored report's" if partial else "a truncated or damaged copy?"
    raise ReplacementRefusedError(
        source,
        f"would replace review {records.review_id} and lose {what} ({why}); "
        "check the file, or import it with --replace to replace the review anyway",
    )


def stale_action_links(tx: Tx, records: ReportRecords) -> list[Row]:
    """The action links of recommendations this version drops or rewords: read before they go."""
    keep = [r.id for r in records.recommendations]
    return tx.run(q.STALE_RECOMMENDATION_LINKS, {"review_id": records.review_id, "keep": keep})


def carry_action_links(tx: Tx, records: ReportRecords, links: list[Row]) -> int:
    """Link each action of a dropped recommendation to the new one of (nearly) the same text.

    Unchanged recommendations keep their ids (ids hash the text), so only reworded ones need
    this; an action whose recommendation has no close match is left unlinked, to be linked by
    hand. Returns how many links were carried over.
    """
    if not links:
        return 0
    choices = {r.id: normalised(r.text) for r in records.recommendations}
    moved = []
    for link in links:
        match = process.extractOne(normalised(link["text"]), choices, scorer=fuzz.ratio)
        if match is not None and match[1] >= SAME_RECOMMENDATION:
            moved.append(
                {
                    "id": link["action_id"],
                    "recommendation_id": match[2],
                    "method": link["method"],
                    "score": link["score"],
                }
            )
    if moved:
        tx.run(q.LINK_ACTIONS, {"rows": moved})
    return len(moved)
