"""The sweep's part for late 签收: one reminder a working day to the unit, and the ``unaccepted`` 约谈 policy.

Reads only tickets still ``assigned`` past their ``accept_due_at`` (an indexed column). The reminder is an
``acceptance_reminder`` row with its own unique key, and an immediate outbox message of
kind ``acceptance`` carrying a 确认收到 request; the 约谈 goes through the escalation engine.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.acceptance.models import AcceptanceReminder
from workflow.accounts.models import Person
from workflow.acknowledgements.service import open_request
from workflow.calendar.reader import WorkingCalendar
from workflow.db import insert_ignoring_conflict
from workflow.deadlines.local_time import local_date
from workflow.escalation import engine
from workflow.escalation.policies import enabled_policies
from workflow.orgs.models import OrgUnit
from workflow.outbox import service as outbox
from workflow.tickets.models import Ticket


def late_acceptance(now: datetime):
    return (select(Ticket.id).where(Ticket.state == "assigned", Ticket.accept_due_at < now)
            .order_by(Ticket.id))


def sweep_acceptance(session: Session, ticket: Ticket, *, now: datetime, calendar: WorkingCalendar) -> tuple[int, int]:
    """(reminders, 约谈) created for this ticket now."""
    if ticket.state != "assigned" or ticket.accept_due_at is None or now <= ticket.accept_due_at:
        return 0, 0
    reminded = remind_acceptance(session, ticket, now=now, calendar=calendar) is not None
    interviews = sum(engine.escalate_unaccepted(session, policy, ticket, now=now, calendar=calendar) is not None
                     for policy in enabled_policies(session, "unaccepted"))
    return int(reminded), interviews


def remind_acceptance(session: Session, ticket: Ticket, *, now: datetime,
                      calendar: WorkingCalendar) -> AcceptanceReminder | None:
    today, due_day = local_date(now), local_date(ticket.accept_due_at)
    if not calendar.is_working_day(today):
        return None
    late = calendar.working_days_between(due_day, today)
    key = f"t{ticket.id}:{ticket.accept_due_at:%Y%m%dT%H%M%S}:{today.isoformat()}"
    if not insert_ignoring_conflict(session, AcceptanceReminder, dedupe_key=key, ticket_id=ticket.id,
                                    unit_id=ticket.lead_unit_id, accept_due_at=ticket.accept_due_at, day=today,
                                    working_days_late=late, created_at=now):
        return None
    reminder = session.scalar(select(AcceptanceReminder).where(AcceptanceReminder.dedupe_key == key))
    open_request(session, kind="acceptance", source_id=reminder.id, unit_id=ticket.lead_unit_id,
                 person_id=ticket.responsible_person_id, ticket_id=ticket.id, now=now)
    unit = session.get(OrgUnit, ticket.lead_unit_id)
    responsible = session.get(Person, ticket.responsible_person_id) if ticket.responsible_person_id else None
    outbox.enqueue(session, kind="acceptance", dedupe_key=f"acceptance:{reminder.id}", at=now, ticket_id=ticket.id,
                   unit_id=ticket.lead_unit_id, payload={
                       "number": ticket.number, "title": ticket.title, "unit_name": unit.name,
                       "accept_due_on": due_day.isoformat(), "working_days_late": late,
                       "responsible_mobile": responsible.mobile if responsible else None})
    return reminder
