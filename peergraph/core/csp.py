"""Content-Security-Policy hash sources: allow exactly the inline scripts a page carries, nothing else."""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_NOT_RUN = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json""", re.I)


def sha256_source(code: str) -> str:
    """The CSP source that allows exactly this inline script or style: 'sha256-...'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def inline_script_sources(html: str) -> list[str]:
    """Hash sources for every inline script a browser would run in `html` (JSON data blocks are not run)."""
    seen: dict[str, None] = {}
    for match in _INLINE_SCRIPT.finditer(html):
        if not _NOT_RUN.search(match.group("attrs")):
            seen[sha256_source(match.group("body"))] = None
    return list(seen)
