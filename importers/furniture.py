"""Recognise website furniture (skip links, banners, cookie notices) that is not report text."""

from __future__ import annotations

import re

_FURNITURE = re.compile(
    r"""^(
        (accessibility\s+)?skip\s+to\s+(main\s+)?content
      | visit\s+our\s+devolution\s+and\s+lgr\s+hub\b.*
      | (we\s+use|this\s+site\s+uses)\s+(essential\s+)?cookies\b.*
      | (accept|reject)\s+(all\s+|additional\s+|optional\s+)?cookies
      | cookie\s+(settings|preferences|policy)
      | (main\s+)?(navigation|menu|search)
      | share\s+this\s+page.*
      | back\s+to\s+top
      | print\s+this\s+page
      | sign\s+up\s+to\s+our\s+newsletters?.*
      | local\s+government\s+association\s+company\s+number.*
      | ©.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_site_furniture(text: str) -> bool:
    """True for a line that a web page wraps around a report (never part of the report itself)."""
    return bool(_FURNITURE.match(text.strip()))
