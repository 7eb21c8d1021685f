"""The working-day calendar: coverage with its warnings, a year's holidays and make-up days, corrections."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession
from workflow.calendar.coverage import coverage
from workflow.calendar.queries import special_days
from workflow.calendar.service import DayChange
from workflow.deadlines.local_time import local_date
from workflow.deadlines.recompute import correct_calendar
from workflow.deadlines.schemas import CalendarCorrectionRead, CalendarDayRead, CalendarDaySet, CoverageRead
from workflow.errors import CalendarNotCovered, InvalidInput, NotAuthenticated, PermissionDenied

router = APIRouter(prefix="/calendar", tags=["calendar"])


@router.get("/coverage", response_model=CoverageRead, responses=error_responses(NotAuthenticated))
def calendar_coverage(actor: CurrentActor, session: DbSession, clock: ClockDep):
    c = coverage(session, today=local_date(clock.now()))
    return CoverageRead(years=c.years, first_year=c.first_year, last_year=c.last_year, warnings=c.warnings)


@router.get("/{year}", response_model=list[CalendarDayRead],
            responses=error_responses(NotAuthenticated, CalendarNotCovered))
def calendar_year(year: Annotated[int, Path(ge=1900, le=2100)], actor: CurrentActor, session: DbSession):
    """Holidays on weekdays and make-up workdays (调休) on weekends: the days that are not ordinary."""
    return special_days(session, year)


@router.put("/days/{day}", response_model=CalendarCorrectionRead,
            responses=error_responses(NotAuthenticated, PermissionDenied, InvalidInput, CalendarNotCovered))
def set_calendar_day(day: date, body: CalendarDaySet, actor: CurrentActor, session: DbSession, clock: ClockDep):
    report = correct_calendar(session, changes=[DayChange(day, body.kind == "workday", body.note)], source="manual",
                              now=clock.now(), actor=actor)
    return CalendarCorrectionRead(changed_days=[c.day for c in report.changed_days],
                                  moved_ticket_ids=[m.ticket_id for m in report.moved],
                                  not_recomputed=report.not_recomputed)
