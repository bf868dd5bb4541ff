"""The errors peergraph raises on purpose, mapped once to CLI exit codes and HTTP statuses."""

from __future__ import annotations

from pathlib import Path


class PeergraphError(Exception):
    """Base of every error a user can act on; its message is one line."""

    exit_code = 2
    http_status = 400
    http_headers: dict[str, str] = {}  # noqa: RUF012 (read only: headers an HTTP answer carries)

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class InputFileError(PeergraphError):
    """A file that cannot be read as a report or plan: names the file and the reason."""

    http_status = 422

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{Path(path).name}: {reason}")


class FileTooLargeError(InputFileError):
    http_status = 413


class NotAReportError(InputFileError):
    """The file reads, but is not an adult social care peer challenge report."""


class ReplacementRefusedError(InputFileError):
    """A file would replace a stored review and lose much of it: a truncated or damaged copy?"""

    http_status = 409


class NotFoundError(PeergraphError):
    exit_code = 1
    http_status = 404


class StoreError(PeergraphError):
    """The graph store cannot do what was asked (unreachable, wrong schema version, read-only)."""

    exit_code = 3
    http_status = 503


class UserQueryError(PeergraphError):
    """A user's own Cypher (peergraph query) failed: a syntax error, or a write without --write."""

    http_status = 400


class BadRequestError(PeergraphError):
    """A request's parameter is malformed (a bad cursor, a limit out of range)."""

    http_status = 400


class UnauthorizedError(PeergraphError):
    """No API key, or one that is unknown or revoked."""

    exit_code = 4
    http_status = 401


class ForbiddenError(PeergraphError):
    """A valid key whose role or council does not allow this."""

    exit_code = 4
    http_status = 403


class ConflictError(PeergraphError):
    """The thing changed since the client read it (a stale version)."""

    exit_code = 5
    http_status = 409
