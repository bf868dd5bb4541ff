"""Paging for every list read: an opaque cursor on the list's sort key, and a bounded page size."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from peergraph.core.errors import BadRequestError

MAX_PAGE = 500


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, default: list[Any]) -> list[Any]:
    """The sort key a cursor carries, or `default` for the first page; a bad cursor is a 400."""
    if not cursor:
        return default
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadRequestError("cursor: not a cursor this API issued") from None
    if (
        not isinstance(key, list)
        or len(key) != len(default)
        or not all(isinstance(part, type(expected)) for part, expected in zip(key, default, strict=True))
    ):
        raise BadRequestError("cursor: not a cursor this API issued")
    return key


def page_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE:
        raise BadRequestError(f"limit: must be between 1 and {MAX_PAGE}")
    return limit
