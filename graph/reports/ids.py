"""Deterministic ids: the same report, person or owner always gets the same id.

A review's id names its council and month, so a corrected file replaces the same review; an
item's id hashes its normalised text within the review, so an unchanged paragraph keeps its id
(and what hangs off it: curation, action links) across re-imports.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Principal Social Worker" -> "principal-social-worker"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_WORD.sub("-", ascii_text.lower()).strip("-")


def normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = text.replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")
    return " ".join(text.lower().split())


def short_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def review_id(council_id: str, report_date: str | None, kind: str = "pfa") -> str:
    return f"{council_id}-{kind}-{report_date or 'undated'}"


def item_id(review: str, kind: str, text: str, occurrence: int = 0) -> str:
    """`kind` is "f" (finding) or "r" (recommendation); `occurrence` tells identical texts apart."""
    suffix = f"-{occurrence}" if occurrence else ""
    return f"{review}-{kind}-{short_hash(normalised(text))}{suffix}"


def person_id(name: str) -> str:
    return f"person-{slug(name)}"


def organisation_id(name: str) -> str:
    return f"org-{slug(name)}"


def owner_id(name: str) -> str:
    return f"owner-{slug(name)}"
