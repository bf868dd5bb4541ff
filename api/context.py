"""Request ids: taken from X-Request-ID when a client sends a sane one, else made (api/middleware.py); logged."""

from __future__ import annotations

import contextvars
import logging
import re

_REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
log = logging.getLogger("peergraph.api")


def request_id() -> str:
    return _REQUEST_ID.get()


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every log record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
    )
    logger = logging.getLogger("peergraph")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
