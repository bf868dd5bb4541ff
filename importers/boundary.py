"""The edge of every format reader: whatever a parsing library raises there becomes one plain line.

Libraries fail on damaged files in their own words ("'lxml.etree._Element' object has no
attribute 'overrides'", "PSSyntaxError: …"); users get the file's name and what is wrong with
it, and the library's account goes to the debug log for whoever maintains the reader.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from peergraph.core.errors import InputFileError

_log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")


def reader_boundary(
    kind: str,
) -> Callable[[Callable[Concatenate[bytes, str, P], T]], Callable[Concatenate[bytes, str, P], T]]:
    """Wrap a `(data, source, …)` reader so only InputFileError leaves it, naming the file."""

    def wrap(reader: Callable[Concatenate[bytes, str, P], T]) -> Callable[Concatenate[bytes, str, P], T]:
        @functools.wraps(reader)
        def guarded(data: bytes, source: str, /, *args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return reader(data, source, *args, **kwargs)
            except InputFileError:
                raise
            except Exception:
                _log.debug("%s: the %s reader failed", Path(source).name, kind, exc_info=True)
                raise InputFileError(
                    source, f"not a readable {kind}: the file is damaged or corrupt"
                ) from None

        return guarded

    return wrap
