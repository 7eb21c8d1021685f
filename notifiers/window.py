"""Quiet hours: reminders and digests go out only inside the send window on working days.

Working days come from outside as ``is_working_day(date) -> bool`` (the official calendar with
调休 lives in ``workflow.calendar``); ``default_is_working_day`` uses the chinesecalendar package
until the database calendar is wired in, and plain Monday–Friday for years it does not cover.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from workflow.clock import LOCAL_TZ

IsWorkingDay = Callable[[date], bool]
LOOKAHEAD_DAYS = 60  # longer than any run of holidays (Spring Festival with weekends is ~9 days)


def default_is_working_day(day: date) -> bool:
    try:
        import chinese_calendar

        return bool(chinese_calendar.is_workday(day))
    except (ImportError, NotImplementedError):
        return day.weekday() < 5


def weekdays_only(day: date) -> bool:
    return day.weekday() < 5


def parse_clock(value: str) -> time:
    hours, minutes = value.strip().split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class SendWindow:
    start: time = time(8, 0)
    end: time = time(20, 0)
    tz: ZoneInfo = LOCAL_TZ

    @classmethod
    def parse(cls, value: str, tz: ZoneInfo = LOCAL_TZ) -> SendWindow:
        """"08:00-20:00" → the window."""
        start, end = value.replace("–", "-").split("-")
        return cls(parse_clock(start), parse_clock(end), tz)

    def is_open(self, now: datetime, is_working_day: IsWorkingDay) -> bool:
        local = now.astimezone(self.tz)
        return is_working_day(local.date()) and self.start <= local.time() < self.end

    def next_open(self, now: datetime, is_working_day: IsWorkingDay) -> datetime:
        """``now`` when the window is open, else when it next opens."""
        if self.is_open(now, is_working_day):
            return now
        local = now.astimezone(self.tz)
        day = local.date()
        if local.time() >= self.start:
            day += timedelta(days=1)
        for _ in range(LOOKAHEAD_DAYS):
            if is_working_day(day):
                return datetime.combine(day, self.start, self.tz)
            day += timedelta(days=1)
        return datetime.combine(day, self.start, self.tz)


def digest_slot(now: datetime, times: Iterable[time], tz: ZoneInfo = LOCAL_TZ) -> datetime | None:
    """The latest digest time today that has begun (e.g. today 08:30 local); None before the first.

    A run bundles the reminders enqueued up to its slot; later ones wait for the next slot, so running
    the job every minute or only at 08:30 gives the same digests.
    """
    local = now.astimezone(tz)
    begun = [t for t in times if t <= local.time()]
    if not begun:
        return None
    return datetime.combine(local.date(), max(begun), tz)
