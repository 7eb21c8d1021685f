"""Numbers and dates as the databases and the calendar can hold them.

Ids are PostgreSQL ``INTEGER`` (32-bit); SQLite overflows at 2^63; a date in year 1 cannot be moved to UTC.
A value beyond these is not one that can exist, so the edge refuses it with 422 instead of letting the
driver or ``datetime`` raise (a 500)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import annotated_types

MAX_DB_INT = 2**31 - 1
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)

RowId = Annotated[int, annotated_types.Interval(ge=1, le=MAX_DB_INT)]
"""A primary or foreign key given by a caller: path, query or body."""

DbInt = Annotated[int, annotated_types.Interval(ge=0, le=MAX_DB_INT)]
"""A counter or version stored in an INTEGER column."""

CivilDate = Annotated[date, annotated_types.Interval(ge=FIRST_DAY, le=LAST_DAY)]
"""A day a caller names (found, due, held): this century's, which the working-day calendar can reason about."""

__all__ = ["FIRST_DAY", "LAST_DAY", "MAX_DB_INT", "CivilDate", "DbInt", "RowId"]
