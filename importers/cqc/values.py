"""The values CQC publishes, read from text and checked: ratings, scores, dates.

Each reader raises `ValueError` with the reason in plain words; the file readers turn it into
a one-line `InputFileError` naming the file (and row).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from importers.cqc.model import Rating

_RATINGS = {" ".join(rating.value.casefold().split()): rating for rating in Rating}
_RATING_NAMES = ", ".join(rating.value for rating in Rating)
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%B %d, %Y")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.I)


def parse_rating(text: str) -> Rating:
    """One of CQC's four ratings, whatever its case ("requires improvement", "GOOD")."""
    key = " ".join(text.strip().strip(".'\"“”‘’").casefold().split())
    if key in _RATINGS:
        return _RATINGS[key]
    raise ValueError(f"rating {text.strip()!r} is not one of {_RATING_NAMES}")


def parse_statement_score(text: str | int, name: str) -> int:
    """A quality statement score, 1 to 4."""
    value = _whole_number(text, f"{name}: score")
    if not 1 <= value <= 4:
        raise ValueError(f"{name}: score {value} is out of range (quality statement scores are 1-4)")
    return value


def parse_overall_score(text: str | int) -> int:
    """The overall score out of 100: "78", "78%", "78/100", "78 out of 100"."""
    cleaned = re.sub(r"(?i)\s*(%|/\s*100|out\s+of\s+100|percent)\s*$", "", str(text).strip())
    value = _whole_number(cleaned, "score")
    if not 0 <= value <= 100:
        raise ValueError(f"score {value} is out of range (the overall score is out of 100)")
    return value


def parse_date(text: str) -> date:
    """A publication date as CQC prints it ("17 May 2024") or as a spreadsheet holds it."""
    cleaned = _ORDINAL.sub("", " ".join(text.strip().split()))
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, form).date()
        except ValueError:
            continue
    raise ValueError(f"date {text.strip()!r} is not a date like 17 May 2024 or 2024-05-17")


def _whole_number(text: str | int, what: str) -> int:
    raw = str(text).strip()
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(f"{what} {raw!r} is not a number") from None
    if not number.is_integer():
        raise ValueError(f"{what} {raw!r} is not a whole number")
    return int(number)
