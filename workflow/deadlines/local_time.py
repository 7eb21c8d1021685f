"""A deadline is the end of its last day in Asia/Shanghai; stored in UTC, shown in local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from workflow.clock import LOCAL_TZ


def end_of_local_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=LOCAL_TZ).astimezone(UTC)


def local_date(at: datetime) -> date:
    return at.astimezone(LOCAL_TZ).date()
