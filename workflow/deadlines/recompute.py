"""Correcting the calendar moves the deadlines that were counted on it.

When an admin adds or corrects days (a new 国务院办公厅 notice, a local adjustment), every deadline in
force that came from a working-day rule and is not yet past is counted again from its 交办 date;
each ticket that moves gets a new history row and an event. Deadlines already past stay as they
were: a unit cannot be made late, or let off, after the fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.adminlog.service import record
from workflow.calendar.reader import WorkingCalendar
from workflow.calendar.service import DayChange, set_days
from workflow.deadlines import service
from workflow.deadlines.local_time import end_of_local_day
from workflow.deadlines.models import TicketDeadline
from workflow.deadlines.policies import due_day, policy_of
from workflow.deadlines.targets import OPEN_STATES
from workflow.errors import CalendarNotCovered, PermissionDenied
from workflow.tickets import events
from workflow.tickets.models import Ticket

CALENDAR_EDITORS = ("admin",)


@dataclass
class Moved:
    ticket_id: int
    number: str
    previous_due_at: datetime
    due_at: datetime


@dataclass
class CorrectionReport:
    changed_days: list[DayChange] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    not_recomputed: dict[int, str] = field(default_factory=dict)


def correct_calendar(session: Session, *, changes: list[DayChange], source: str, now: datetime,
                     actor: Actor | None = None, cover_new_years: bool = False) -> CorrectionReport:
    """``actor`` None means the command line, which is an admin by definition."""
    if actor is not None and not actor.has_any(*CALENDAR_EDITORS):
        raise PermissionDenied("只有系统管理员可以修改工作日历")
    report = CorrectionReport()
    report.changed_days = set_days(session, changes, source=source, now=now, cover_new_years=cover_new_years,
                                   actor_id=actor.person_id if actor else None)
    for change in report.changed_days:
        record(session, actor=actor, at=now, entity_kind="calendar_day", entity_id=None, action="update",
               after={"day": change.day.isoformat(), "is_working": change.is_working, "note": change.note,
                      "source": source},
               summary=f"{change.day.isoformat()} 改为{'工作日' if change.is_working else '休息日'}"
                       f"{'（' + change.note + '）' if change.note else ''}")
    if report.changed_days:
        recompute(session, report, actor=actor, now=now)
    return report


def recompute(session: Session, report: CorrectionReport, *, actor: Actor | None, now: datetime) -> None:
    calendar = WorkingCalendar(session)
    rows = session.execute(
        select(TicketDeadline, Ticket).join(Ticket, Ticket.id == TicketDeadline.ticket_id).where(
            TicketDeadline.superseded_at.is_(None), TicketDeadline.milestone_id.is_(None),
            TicketDeadline.counted_from.is_not(None), TicketDeadline.due_at > now,
            Ticket.state.in_(OPEN_STATES), Ticket.due_at == TicketDeadline.due_at)
    ).all()
    for current, ticket in rows:
        policy = policy_of(current.rule)
        if policy is None or policy.kind != "working_days":
            continue
        try:
            due_at = end_of_local_day(due_day(policy, current.counted_from, calendar))
        except CalendarNotCovered as exc:
            report.not_recomputed[ticket.id] = exc.message
            continue
        if due_at == current.due_at:
            continue
        previous = current.due_at
        ticket.due_at = due_at
        if ticket.original_due_at == previous:
            ticket.original_due_at = due_at
        service.record(session, ticket, due_at=due_at, rule=current.rule, counted_from=current.counted_from,
                       reason="calendar_corrected", actor=actor, now=now)
        events.record(session, ticket, trigger="deadline_recomputed", actor=actor, at=now, from_state=ticket.state,
                      to_state=ticket.state, comment="工作日历更正，按原规则重新计算整改期限",
                      payload={"previous_due_at": previous.isoformat(), "due_at": due_at.isoformat(),
                               "changed_days": [c.day.isoformat() for c in report.changed_days]})
        report.moved.append(Moved(ticket.id, ticket.number, previous, due_at))
    session.flush()
