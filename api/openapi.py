"""The OpenAPI description as this server answers it: where reads are open, they say so.

FastAPI marks every route with the bearer scheme it depends on, optional or not. With open reads
(the default) a read works with no key, so its security lists the empty requirement too, and
clients and checkers such as schemathesis do not expect a 401 that never comes.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

ANONYMOUS: dict[str, list[str]] = {}


def install_openapi(app: FastAPI, *, open_reads: bool) -> None:
    generate = app.openapi

    def description() -> dict[str, Any]:
        schema = generate()  # FastAPI builds it once and keeps it
        if open_reads:
            for operations in schema.get("paths", {}).values():
                read = operations.get("get")
                if read is not None and read.get("security") and ANONYMOUS not in read["security"]:
                    read["security"] = [ANONYMOUS, *read["security"]]
        return schema

    app.openapi = description  # type: ignore[method-assign]
