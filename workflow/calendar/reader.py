"""Working-day arithmetic over the stored calendar, loaded a year at a time.

Loaded years are kept per process, keyed by the database and its calendar stamp (``CalendarStamp``, changed
by triggers on every calendar write): a request costs one primary-key read instead of a year of days
(issue 15: the reload was ~19 % of a ticket read). Without a stamp row nothing is shared.

Counting follows Chinese office practice: N working days run from the day after the start (次日起),
so ``add_working_days(start, n)`` is the n-th working day after ``start``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from workflow.calendar.models import CalendarDay, CalendarStamp, CalendarYear
from workflow.errors import CalendarNotCovered

ONE_DAY = timedelta(days=1)
log = logging.getLogger(__name__)

# (database URL, stamp) → the years loaded under that stamp; a handful of entries, oldest dropped first.
_SHARED: dict[tuple[str, int], dict[int, frozenset[date] | None]] = {}
_SHARED_MAX = 16


def _shared_years(session: Session) -> dict[int, frozenset[date] | None]:
    stamp = session.scalar(select(CalendarStamp.stamp).where(CalendarStamp.id == 1))
    if stamp is None:
        return {}
    key = (session.get_bind().engine.url.render_as_string(hide_password=True), stamp)
    if key not in _SHARED:
        while len(_SHARED) >= _SHARED_MAX:
            _SHARED.pop(next(iter(_SHARED)))
        _SHARED[key] = {}
    return _SHARED[key]


class WorkingCalendar:
    """A read view of the calendar for one session; build one per request or sweep."""

    def __init__(self, session: Session, *, cache: dict[int, frozenset[date] | None] | None = None):
        self._session = session
        self._years: dict[int, frozenset[date] | None] | None = cache

    def on(self, session: Session) -> WorkingCalendar:
        """The same loaded years read through another session (a sweep's per-ticket transactions)."""
        return WorkingCalendar(session, cache=self._loaded())

    def _loaded(self) -> dict[int, frozenset[date] | None]:
        if self._years is None:
            self._years = _shared_years(self._session)
        return self._years

    def covers(self, year: int) -> bool:
        return self._working_days_of(year) is not None

    def is_working_day(self, day: date) -> bool:
        working = self._working_days_of(day.year)
        if working is None:
            raise CalendarNotCovered(day.year)
        return day in working

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (n ≥ 1), or the n-th before it (n ≤ -1); ``start`` for 0."""
        step = ONE_DAY if n >= 0 else -ONE_DAY
        day, left = start, abs(n)
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative, counting (end, start], when ``end`` is before ``start``."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count

    def _working_days_of(self, year: int) -> frozenset[date] | None:
        years = self._loaded()
        if year not in years:
            if self._session.get(CalendarYear, year) is None:
                years[year] = None
            else:
                rows = self._session.scalars(select(CalendarDay.day).where(
                    CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31),
                    CalendarDay.is_working.is_(True)))
                years[year] = frozenset(rows)
        return years[year]


def is_working_day(session: Session, day: date) -> bool:
    """True on working days (incl. make-up workdays 调休); raises ``CalendarNotCovered`` for uncovered years."""
    return WorkingCalendar(session).is_working_day(day)


def working_day_checker(sessions: sessionmaker[Session]) -> Callable[[date], bool]:
    """``is_working_day(day)`` on the database calendar, for jobs that have no session of their own
    (the notification send window). Deadlines never use this: for them an uncovered year is an error.
    Here it falls back to Monday–Friday with a logged warning, so notices are delayed at worst, not lost;
    the coverage warning on the home page and API tells the admin to import the year."""

    def check(day: date) -> bool:
        with sessions() as session:
            try:
                return is_working_day(session, day)
            except CalendarNotCovered:
                log.warning("calendar does not cover %s; send window assumes Monday–Friday", day.year)
                return day.weekday() < 5

    return check
