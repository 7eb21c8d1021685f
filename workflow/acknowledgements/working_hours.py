"""Working hours between two moments: the hours that fall on working days (local time), so an urging sent
on Friday evening is not "unread for 60 hours" on Monday morning. Whole working days count 24 hours;
the office decides with N what a reasonable silence is (``ack_unread_working_hours``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from workflow.calendar.reader import WorkingCalendar
from workflow.clock import to_local


def working_hours_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> float:
    if end <= start:
        return 0.0
    total = timedelta()
    cursor = to_local(start)
    stop = to_local(end)
    while cursor < stop:
        next_midnight = (cursor + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        piece_end = min(next_midnight, stop)
        if calendar.is_working_day(cursor.date()):
            total += piece_end - cursor
        cursor = piece_end
    return total.total_seconds() / 3600
