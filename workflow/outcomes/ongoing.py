"""The 持续整改/挂账 list: ongoing tickets with their review date and next milestone, listed apart from
the overdue ones in the ledger export and the bulletin (practice 4: they must not stay red forever)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.deadlines.local_time import local_date
from workflow.deadlines.models import Milestone
from workflow.ledger.names import Names
from workflow.tickets.models import Ticket
from workflow.tickets.queries import TicketFilters, filtered

LISTED = 500


@dataclass(frozen=True)
class OngoingRow:
    number: str
    title: str
    town: str
    village: str
    lead_unit: str
    review_on: date | None
    next_milestone: str
    milestones_done: int
    milestones: int


def ongoing_rows(session: Session, actor: Actor, filters: TicketFilters | None = None) -> list[OngoingRow]:
    query = (filtered(actor, filters or TicketFilters()).where(Ticket.state == "closed", Ticket.resolution == "ongoing")
             .order_by(Ticket.review_on, Ticket.id).limit(LISTED))
    tickets = list(session.scalars(query))
    if not tickets:
        return []
    nodes: dict[int, list[Milestone]] = {}
    for m in session.scalars(select(Milestone).where(Milestone.ticket_id.in_([t.id for t in tickets]))
                             .order_by(Milestone.due_at)):
        nodes.setdefault(m.ticket_id, []).append(m)
    names = Names(session)
    rows = []
    for t in tickets:
        town, village = names.town_and_village(t.place_id)
        mine = nodes.get(t.id, [])
        upcoming = next((m for m in mine if m.done_at is None), None)
        label = f"{upcoming.title}（{local_date(upcoming.due_at):%Y-%m-%d}）" if upcoming else ""
        rows.append(OngoingRow(t.number, t.title, town, village, names.unit(t.lead_unit_id), t.review_on, label,
                               sum(1 for m in mine if m.done_at is not None), len(mine)))
    return rows


__all__ = ["OngoingRow", "ongoing_rows"]
