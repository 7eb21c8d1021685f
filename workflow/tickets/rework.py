"""被返工: a ticket whose last submission was rejected and that has not been submitted again.

A rejection keeps the ticket 整改中 (the machine's reject is rectifying → rectifying), so the state alone
cannot say it; the village must still see it apart from fresh work, with the reason on top.
A later 重新整改 starts a new story, so only a rejection after the last reopen counts.
"""

from __future__ import annotations

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased

from workflow.tickets.models import Ticket, TicketEvent


def is_reworked():
    """A SQL condition on ``Ticket``: being rectified again after a 验收不通过, not yet resubmitted."""
    later = aliased(TicketEvent)
    rejected = exists().where(
        TicketEvent.ticket_id == Ticket.id, TicketEvent.trigger == "reject",
        ~exists().where(later.ticket_id == Ticket.id, later.trigger == "reopen", later.id > TicketEvent.id))
    return and_(Ticket.state == "rectifying", Ticket.awaiting_verification.is_(False), rejected)


def reworked_ids(session: Session, ticket_ids) -> set[int]:
    """Which of these tickets the lists mark 被返工."""
    wanted = list(ticket_ids)
    if not wanted:
        return set()
    return set(session.scalars(select(Ticket.id).where(Ticket.id.in_(wanted), is_reworked())))


def last_rejection(session: Session, ticket: Ticket) -> TicketEvent | None:
    """The rejection the ticket is being reworked for (reason, who, when), or None when it is not reworked."""
    if ticket.state != "rectifying" or ticket.awaiting_verification:
        return None
    latest = session.scalar(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket.id, TicketEvent.trigger.in_(("reject", "reopen")))
        .order_by(TicketEvent.id.desc()).limit(1))
    return latest if latest is not None and latest.trigger == "reject" else None
