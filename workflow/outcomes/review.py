"""持续整改 comes back for review on its review date: the sweep reopens it (closed → rectifying).

The reopen is an ordinary ``reopen`` event written by the sweep (no actor) with ``payload.review`` set,
so the timeline says why it came back; the ticket keeps its timetable and deadline, leaves the ongoing
list and is judged (lights, reminders, 约谈) again from then on. One short transaction per ticket; the
conditional UPDATE on (state, resolution, version) makes a second sweep do nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from workflow.db import transaction
from workflow.deadlines.local_time import local_date
from workflow.tickets import events
from workflow.tickets.models import Ticket


def bring_back_for_review(sessions: sessionmaker[Session], *, now: datetime) -> int:
    today = local_date(now)
    with transaction(sessions) as session:
        due = list(session.scalars(select(Ticket.id).where(
            Ticket.state == "closed", Ticket.resolution == "ongoing", Ticket.review_on <= today)
            .order_by(Ticket.id)))
    reopened = 0
    for ticket_id in due:
        with transaction(sessions) as session:
            reopened += _reopen_for_review(session, ticket_id, now)
    return reopened


def _reopen_for_review(session: Session, ticket_id: int, now: datetime) -> int:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.state != "closed" or ticket.resolution != "ongoing":
        return 0
    review_on = ticket.review_on
    changed = session.execute(
        update(Ticket).where(Ticket.id == ticket.id, Ticket.version == ticket.version,
                             Ticket.resolution == "ongoing")
        .values(state="rectifying", resolution=None, review_on=None, closed_at=None, state_changed_at=now,
                version=ticket.version + 1)
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        return 0
    session.refresh(ticket)
    events.record(session, ticket, trigger="reopen", actor=None, at=now, from_state="closed", to_state="rectifying",
                  comment="持续整改到期复查", payload={"review": True,
                                                "review_on": review_on.isoformat() if review_on else None})
    return 1


__all__ = ["bring_back_for_review"]
