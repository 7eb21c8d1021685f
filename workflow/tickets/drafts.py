"""A move refused because the ticket changed meanwhile (stale version): keep what was typed, say what changed.

The page redirects to the ticket (Post/Redirect/Get) instead of showing the refusal on the POST URL, whose
reload would re-send the stale form. What the person typed (整改措施, 整改情况, 返工 reason …) is kept here
and put back into the ticket's forms while the ticket stays as it is now; any later move changes the
version and the draft is no longer shown. Only moves change a ticket's version, so the changes the person
did not see are the last ``current - seen`` move events.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from states.ticket import TRIGGER_LABELS
from workflow.actor import Actor
from workflow.tickets.models import MoveDraft, Ticket, TicketEvent

MAX_FIELD = 20_000  # the longest text a move form takes (问题描述-sized)


def keep_draft(session: Session, *, actor: Actor, ticket: Ticket, fields: dict[str, str], now: datetime) -> None:
    kept = {k: v[:MAX_FIELD] for k, v in fields.items() if v}
    session.execute(delete(MoveDraft).where(MoveDraft.person_id == actor.person_id, MoveDraft.ticket_id == ticket.id))
    session.add(MoveDraft(person_id=actor.person_id, ticket_id=ticket.id, version=ticket.version, fields=kept,
                          saved_at=now))
    session.flush()


def draft_for(session: Session, actor: Actor, ticket: Ticket) -> dict[str, str] | None:
    """The typed fields, while the ticket is still at the version the person was told about."""
    return session.scalar(select(MoveDraft.fields).where(
        MoveDraft.person_id == actor.person_id, MoveDraft.ticket_id == ticket.id, MoveDraft.version == ticket.version))


def changes_since(session: Session, ticket: Ticket, seen_version: int) -> list[TicketEvent]:
    """The moves made after the form was shown, newest first."""
    missed = max(1, ticket.version - seen_version)
    return list(session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket.id, TicketEvent.trigger.in_(TRIGGER_LABELS))
        .order_by(TicketEvent.seq.desc()).limit(missed)))
