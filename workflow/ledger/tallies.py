"""Returns (退回), reworks (返工) and overdue episodes per accountable unit, counted from the timeline.

Practice 2 and 6: returns and reworks are counted per unit, because ping-pong must show in rankings. The
ticket's own ``return_count``/``rework_count`` cannot say whom to charge after a 改派, so each event carries
the lead unit at the time it was written (``payload["lead_unit_id"]``, see ``tickets/events.py``; events
written before that fall back to the ticket's current lead unit). An overdue episode is a light turning red.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from workflow.actor import Actor
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids
from workflow.tickets.models import Ticket, TicketEvent
from workflow.tickets.queries import TicketFilters, filtered

# The units answerable for a ticket in rankings: the level right under the district.
ACCOUNTABLE_KINDS = ("town", "department", "backer_unit")


@dataclass
class UnitTally:
    returns: int = 0
    reworks: int = 0
    overdue_episodes: int = 0


def unit_tallies(session: Session, actor: Actor, *, filters: TicketFilters | None = None,
                 by_lead_unit: bool = False) -> dict[int, UnitTally]:
    """Counts keyed by accountable unit (or, with ``by_lead_unit``, by the lead unit itself) for the tickets
    the filters select, charged to units in the actor's scope."""
    tickets = filtered(actor, filters or TicketFilters()).with_only_columns(Ticket.id, Ticket.lead_unit_id).subquery()
    charged = func.coalesce(TicketEvent.payload["lead_unit_id"].as_integer(), tickets.c.lead_unit_id)
    went_red = and_(TicketEvent.trigger == "light_changed", TicketEvent.payload["to"].as_string() == "red")
    kind = case((TicketEvent.trigger == "return", "returns"), (TicketEvent.trigger == "reject", "reworks"),
                else_="overdue_episodes")
    events = (select(charged.label("unit_id"), kind.label("kind"))
              .join(tickets, tickets.c.id == TicketEvent.ticket_id)
              .where(or_(TicketEvent.trigger.in_(("return", "reject")), went_red))).subquery()
    lead, unit = aliased(OrgUnit), aliased(OrgUnit)
    key = lead.id if by_lead_unit else unit.id
    query = (select(key, events.c.kind, func.count())
             .select_from(events)
             .join(lead, and_(lead.id == events.c.unit_id, lead.id.in_(visible_unit_ids(actor)))))
    if not by_lead_unit:
        query = query.join(unit, and_(unit.kind.in_(ACCOUNTABLE_KINDS), lead.path.startswith(unit.path)))
    tallies: dict[int, UnitTally] = defaultdict(UnitTally)
    for unit_id, what, count in session.execute(query.group_by(key, events.c.kind)):
        setattr(tallies[unit_id], what, count)
    return dict(tallies)


__all__ = ["ACCOUNTABLE_KINDS", "UnitTally", "unit_tallies"]
