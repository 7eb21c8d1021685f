"""One entry for closing with a resolution: 销号 goes through the machine, the others through ``resolutions``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.outcomes.resolutions import hold_ongoing, void_ticket
from workflow.outcomes.schemas import OutcomeRequest
from workflow.tickets.models import Ticket
from workflow.tickets.moves import MoveInput, apply_trigger


def close_with_outcome(session: Session, *, actor: Actor, ticket_id: int, data: OutcomeRequest,
                       now: datetime) -> Ticket:
    match data.resolution:
        case "ongoing":
            return hold_ongoing(session, actor=actor, ticket_id=ticket_id, version=data.version,
                                reason=data.comment, review_on=data.review_on, now=now)
        case "void":
            return void_ticket(session, actor=actor, ticket_id=ticket_id, version=data.version, reason=data.comment,
                               now=now)
    return apply_trigger(session, actor=actor, ticket_id=ticket_id, now=now,
                         data=MoveInput(trigger="close", version=data.version, comment=data.comment))


__all__ = ["close_with_outcome"]
