"""Query parameters that more than one route module takes, declared once with their schema."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from graph.reads.dates import DATE_FORM

DateFrom = Annotated[
    str | None,
    Query(
        alias="from",
        max_length=10,
        pattern=DATE_FORM,
        description="Reports dated on or after (YYYY[-MM[-DD]])",
    ),
]
DateTo = Annotated[
    str | None,
    Query(
        alias="to",
        max_length=10,
        pattern=DATE_FORM,
        description="Reports dated on or before (YYYY[-MM[-DD]])",
    ),
]
