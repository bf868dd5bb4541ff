"""Checks every reader makes before parsing a file: it exists, is not empty, not too large."""

from __future__ import annotations

from pathlib import Path

from peergraph.core.errors import FileTooLargeError, InputFileError


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
