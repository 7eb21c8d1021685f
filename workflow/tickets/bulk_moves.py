"""Bulk moves (批量交办): one trigger pressed on many tickets at once, e.g. after an import or a walk.

Per-ticket result, not all-or-nothing: each ticket goes through ``apply_trigger`` inside its own
savepoint, so it gets its own event and notification exactly as if moved alone, and a ticket that
may not move (someone else's — reported as not found —, wrong state, no lead unit, changed since
the page was read) is refused with its reasons while the others move. A role that may press the
trigger on no ticket at all is refused up front (403) and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from states.ticket import MOVES, TRIGGER_LABELS
from workflow.actor import Actor
from workflow.errors import DomainError, InvalidInput, PermissionDenied
from workflow.tickets.models import Ticket
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.queries import TicketFilters, filtered

MAX_TICKETS = 500


@dataclass
class BulkItem:
    ticket_id: int
    version: int


@dataclass
class Refusal:
    ticket_id: int
    code: str
    message: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class BulkResult:
    moved: list[Ticket] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def ensure_may_press(actor: Actor, trigger: str) -> None:
    """The roles of the machine table (states/ticket.py): the bulk page asks before showing its list."""
    roles = {r for name, _s, _d, who, _g in MOVES if name == trigger for r in who}
    if not roles:
        raise InvalidInput(f"未知操作：{trigger}", detail={"field": "trigger"})
    if not actor.has_any(*roles):
        raise PermissionDenied(f"您的角色无权批量{TRIGGER_LABELS[trigger]}")


def found_for_assignment(session: Session, actor: Actor, *, campaign_id: int | None = None,
                         limit: int = MAX_TICKETS) -> list[Ticket]:
    """The found tickets the actor sees, oldest first: what a 批量交办 page offers."""
    query = filtered(actor, TicketFilters(state="found", campaign_id=campaign_id))
    return list(session.scalars(query.order_by(Ticket.id).limit(limit)))


def apply_bulk(session: Session, *, actor: Actor, trigger: str, items: list[BulkItem], comment: str = "",
               lead_unit_id: int | None = None, now: datetime) -> BulkResult:
    ensure_may_press(actor, trigger)
    if not items:
        raise InvalidInput("请至少选择一个问题", detail={"field": "items"})
    if len(items) > MAX_TICKETS:
        raise InvalidInput(f"一次最多处理 {MAX_TICKETS} 个问题", detail={"field": "items"})
    result = BulkResult()
    for item in {i.ticket_id: i for i in items}.values():
        savepoint = session.begin_nested()
        try:
            ticket = apply_trigger(session, actor=actor, ticket_id=item.ticket_id, now=now,
                                   data=MoveInput(trigger, item.version, comment=comment, lead_unit_id=lead_unit_id,
                                                  comment_justifies=False))  # flags are weighed one by one
        except DomainError as exc:
            savepoint.rollback()
            reasons = exc.detail.get("reasons", []) if isinstance(exc.detail, dict) else []
            result.refused.append(Refusal(item.ticket_id, exc.code, exc.message, reasons))
            continue
        savepoint.commit()
        result.moved.append(ticket)
    return result
