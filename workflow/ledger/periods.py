"""Reporting periods: 每半年一督导一通报 (seed 002, rule 15) — a bulletin may cover a half-year.

A period is a half-open range of local dates [start, end); tickets belong to it by when they were
found. "2026H1" is 1 January to 30 June, "2026H2" 1 July to 31 December.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from workflow.clock import LOCAL_TZ
from workflow.errors import InvalidInput

_HALF = re.compile(r"^(\d{4})\s*-?\s*[Hh]([12])$")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time(0), tzinfo=LOCAL_TZ)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end, time(0), tzinfo=LOCAL_TZ)


def half_year(text: str) -> Period:
    """'2026H1' → 2026年上半年; anything else is refused with the expected form."""
    match = _HALF.match((text or "").strip())
    if not match:
        raise InvalidInput(f"半年度写法有误：“{text}”（应为 2026H1 或 2026H2）", detail={"field": "half"})
    year, half = int(match.group(1)), int(match.group(2))
    if half == 1:
        return Period(date(year, 1, 1), date(year, 7, 1), f"{year}年上半年")
    return Period(date(year, 7, 1), date(year + 1, 1, 1), f"{year}年下半年")


def recent_half_years(today: date, count: int = 4) -> list[tuple[str, str]]:
    """The half-years a bulletin is usually asked for, newest first: ("2026H2", "2026年下半年"), …"""
    year, half = today.year, 1 if today.month <= 6 else 2
    chosen = []
    for _ in range(count):
        code = f"{year}H{half}"
        chosen.append((code, half_year(code).label))
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return chosen
