"""The timeline: one append-only row per change, written by the service that makes the change.

Every row carries the ticket's lead unit at that moment (``payload["lead_unit_id"]``), so returns, reworks
and overdue episodes are charged to the unit that led the ticket then, not to the one that leads it after a
改派 (issue 10; ``workflow/ledger/tallies.py`` counts them).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.tickets.models import Ticket, TicketEvent


def record(
    session: Session,
    ticket: Ticket,
    *,
    trigger: str,
    actor: Actor | None,
    at: datetime,
    from_state: str | None = None,
    to_state: str | None = None,
    comment: str = "",
    payload: dict[str, Any] | None = None,
) -> TicketEvent:
    event = TicketEvent(
        ticket_id=ticket.id,
        at=at,
        actor_id=actor.person_id if actor else None,
        trigger=trigger,
        from_state=from_state,
        to_state=to_state,
        comment=comment or "",
        payload={"lead_unit_id": ticket.lead_unit_id, **(payload or {})},
    )
    session.add(event)
    session.flush()
    return event


def record_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Bulk form of ``record`` for imports: the same table and columns, one executemany.

    Each row needs ticket_id, at, actor_id, trigger, from_state, to_state, comment and payload.
    """
    if rows:
        session.execute(insert(TicketEvent), rows)
