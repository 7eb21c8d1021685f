"""红黄灯: red when overdue, yellow when due within a configurable number of working days.

The live rule, with each campaign's levels and timetable progress, is ``progress_lights.scheme_light``.
Reads compute the light live (so it is never a sweep interval stale); the sweep stores the last
light it saw on the ticket and writes an event when it changes, which keeps the colour history
(practice 5). The same rule is expressed in SQL for list filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import and_, exists, false, not_, or_
from sqlalchemy.orm import Session

from workflow.calendar.reader import WorkingCalendar
from workflow.deadlines.local_time import end_of_local_day, local_date
from workflow.deadlines.models import Milestone
from workflow.deadlines.progress_lights import lights_for
from workflow.deadlines.targets import OPEN_STATES
from workflow.errors import CalendarNotCovered
from workflow.tickets.models import Ticket

DEFAULT_YELLOW_WITHIN = 3


@dataclass(frozen=True)
class Lit:
    light: str | None
    warning: str | None = None


def yellow_horizon(calendar: WorkingCalendar, now: datetime, within: int) -> datetime | None:
    """The end of the day ``within`` working days from today; None when the calendar cannot say."""
    try:
        return end_of_local_day(calendar.add_working_days(local_date(now), within))
    except CalendarNotCovered:
        return None


def annotate(session: Session, tickets: list[Ticket], *, now: datetime, within: int) -> dict[int, Lit]:
    """Lights for a page of tickets, by time and timetable progress under each campaign's scheme
    (``progress_lights.py``): one calendar, one milestone and one campaign query."""
    calendar = WorkingCalendar(session)
    horizon = cache(lambda days: yellow_horizon(calendar, now, days))
    lit = lights_for(session, tickets, now=now, within=within, horizon=horizon)
    return {tid: Lit(light.code, light.warning) for tid, light in lit.items()}


def light_condition(light: str, *, now: datetime, horizon: datetime | None):
    """A SQL condition on ``Ticket`` matching the live rule by time (not progress), for ``?light=red|yellow|green``."""
    undone = Milestone.ticket_id == Ticket.id, Milestone.done_at.is_(None)
    open_ = and_(Ticket.state.in_(OPEN_STATES), Ticket.due_at.is_not(None))
    late_submission = and_(Ticket.awaiting_verification.is_(True), Ticket.submitted_at > Ticket.due_at)
    overdue = and_(Ticket.awaiting_verification.is_(False),
                   or_(Ticket.due_at < now, exists().where(*undone, Milestone.due_at < now)))
    red = and_(open_, or_(late_submission, overdue))
    if light == "red":
        return red
    if horizon is None:
        return false()
    soon = and_(Ticket.awaiting_verification.is_(False),
                or_(Ticket.due_at <= horizon, exists().where(*undone, Milestone.due_at <= horizon)))
    if light == "yellow":
        return and_(open_, not_(red), soon)
    return and_(open_, not_(red), not_(soon))
