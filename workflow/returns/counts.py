"""Returns per unit and year: how many, how many upheld, how many overruled (counted against the unit).

Read from the events (``return`` and ``return_ruling``, both naming the unit that returned), for the
tickets the actor may see; ping-pong between units shows here and on the 退回仲裁 page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.clock import LOCAL_TZ
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import ticket_visible
from workflow.tickets.models import Ticket, TicketEvent


@dataclass
class UnitReturns:
    unit_id: int
    unit_name: str
    returned: int = 0
    upheld: int = 0
    overruled: int = 0


def return_counts(session: Session, actor: Actor, *, year: int) -> list[UnitReturns]:
    start, end = datetime(year, 1, 1, tzinfo=LOCAL_TZ), datetime(year + 1, 1, 1, tzinfo=LOCAL_TZ)
    rows = session.execute(select(TicketEvent.trigger, TicketEvent.payload).where(
        TicketEvent.trigger.in_(("return", "return_ruling")), TicketEvent.at >= start, TicketEvent.at < end,
        TicketEvent.ticket_id.in_(select(Ticket.id).where(ticket_visible(actor)))))
    tally: dict[int, UnitReturns] = {}
    for trigger, payload in rows:
        payload = payload or {}
        unit_id = payload.get("lead_unit_id") if trigger == "return" else payload.get("unit_id")
        if unit_id is None:
            continue
        row = tally.setdefault(unit_id, UnitReturns(unit_id, ""))
        if trigger == "return":
            row.returned += 1
        elif payload.get("ruling") in ("upheld", "overruled"):
            setattr(row, payload["ruling"], getattr(row, payload["ruling"]) + 1)
    names = dict(session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(list(tally)))).tuples().all())
    for row in tally.values():
        row.unit_name = names.get(row.unit_id, "")
    return sorted(tally.values(), key=lambda r: (-r.returned, r.unit_name))
