"""Bounds on the work reading one file may take: its size, how deep and how many its elements
are, and how long reading it may run. A file past any of them is refused whole with a one-line
reason naming the limit, never read in part.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from peergraph.core.errors import FileTooLargeError, InputFileError


@dataclass(frozen=True)
class ReadLimits:
    """Limits besides the size limit (which is a setting, PEERGRAPH_MAX_FILE_MB).

    Real reports sit far inside them: the reference reports rendered as web pages nest 11 deep
    with about 300 elements, and as Word files 7 deep with about 1,000, read in under 2 s.
    """

    depth: int = 100
    """Elements nested inside one another (HTML tags; XML elements of a Word document's body)."""
    html_elements: int = 200_000
    docx_elements: int = 1_000_000
    docx_xml_bytes: int = 200 * 1024 * 1024
    """How large word/document.xml may expand to."""
    seconds: float = 20.0
    """Wall-clock time to read one HTML or Word file into blocks."""


READ_LIMITS = ReadLimits()


class Deadline:
    """The time a reader may still spend; `check` raises once it has run out."""

    def __init__(self, source: Path | str, seconds: float) -> None:
        self.source = source
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self._end:
            raise InputFileError(
                self.source, f"reading it took longer than the time limit of {self.seconds:g} s"
            )


def read_checked_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or a one-line error naming the file and why it cannot be read."""
    if not path.exists():
        raise InputFileError(path, "no such file")
    if not path.is_file():
        raise InputFileError(path, "not a file")
    size = path.stat().st_size
    if size == 0:
        raise InputFileError(path, "the file is empty")
    if size > max_bytes:
        raise FileTooLargeError(
            path, f"the file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit"
        )
    return path.read_bytes()
