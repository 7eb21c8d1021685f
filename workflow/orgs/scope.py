"""The only place that turns an actor into the org units they may see (STYLE E5).

A village sees itself, a town its villages, the district everything under it; a work team
also sees the village it serves. Every ticket, event, evidence and picker query starts here.
"""

from __future__ import annotations

from sqlalchemy import Select, or_, select, true, union
from sqlalchemy.orm import aliased

from workflow.actor import Actor
from workflow.orgs.models import OrgUnit
from workflow.tickets.models import Ticket, TicketCoUnit


def visible_unit_ids(actor: Actor) -> Select:
    return select(OrgUnit.id).where(or_(*[OrgUnit.path.startswith(p) for p in actor.scope_paths]))


def visible_units(actor: Actor) -> Select:
    return select(OrgUnit).where(OrgUnit.id.in_(visible_unit_ids(actor)))


def ticket_visible(actor: Actor):
    """A SQL condition on ``Ticket``: placed in, led by, or co-assigned to a visible unit.

    Written as membership in a union of three index seeks (place, lead unit, co-unit) rather than an OR
    tested on every ticket, so a town's list and count read its own tickets, not the province's (issue 15).
    The only root's people see everything and get no condition at all."""
    if actor.sees_all:
        return true()
    units = visible_unit_ids(actor)
    placed, led = aliased(Ticket), aliased(Ticket)
    ids = union(select(placed.id).where(placed.place_id.in_(units)),
                select(led.id).where(led.lead_unit_id.in_(units)),
                select(TicketCoUnit.ticket_id).where(TicketCoUnit.org_unit_id.in_(units)))
    return Ticket.id.in_(ids)


def ticket_led_within(actor: Actor):
    """A SQL condition on ``Ticket``: led by a unit in the actor's scope — the tickets they answer for, as
    opposed to those merely placed in their territory or shared with them as a co-unit (issue 10)."""
    return Ticket.lead_unit_id.in_(visible_unit_ids(actor))
