"""Reads of the stored calendar."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.calendar.models import CalendarDay, CalendarYear
from workflow.errors import CalendarNotCovered


def special_days(session: Session, year: int) -> list[CalendarDay]:
    """Days that differ from Monday–Friday: holidays on weekdays, make-up workdays on weekends."""
    if session.get(CalendarYear, year) is None:
        raise CalendarNotCovered(year)
    days = session.scalars(select(CalendarDay).where(CalendarDay.day >= date(year, 1, 1),
                                                     CalendarDay.day <= date(year, 12, 31)).order_by(CalendarDay.day))
    return [d for d in days if d.is_working != (d.day.weekday() < 5)]
