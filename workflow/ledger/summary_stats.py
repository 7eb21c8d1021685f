"""``town_progress`` from the maintained summary (issue 15): a few grouped reads of small tables, not a scan.

Used when the only filter is the campaign (the statistics page, the ranking, the campaign progress); other
filters (half-year, state, text …) still count the tickets (``stats._aggregate``). The figures are those of
``stats.town_progress``, with one rule for what depends on the clock:

- counts by state, resolution, 立行立改 and on-time verification come from ``unit_ticket_count``;
- overdue *now* (open and past the deadline in force, or past the original one) is the summary's open
  tickets that have that deadline minus those whose deadline is still ahead (``>= now``), the latter counted
  live, grouped by lead unit, from the covering indexes ``ix_ticket_open_due`` / ``ix_ticket_open_original_due``:
  only open tickets not yet due are read — never the closed history, nor the overdue backlog, which grows
  with the years while the not-yet-due stay bounded by the recent filings;
- returns, reworks and overdue episodes come from ``unit_event_count``, charged to the unit that led the
  ticket when the event was written (as ``tallies``); the charged unit must be in the actor's scope. One
  deliberate difference from counting: a town's own view keeps a return it made on a ticket that has since
  been reassigned and placed outside the town (the office already counted it against the town; now the
  town sees the same figure the office sees for it).

Lead units are rolled up to their accountable ancestors (town, department, backer unit) in Python from the
materialised paths ("/1/4/17/" → "/1/", "/1/4/", "/1/4/17/"), one dictionary look-up per level.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields, replace
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.ledger.summary_models import UnitEventCount, UnitTicketCount
from workflow.ledger.tallies import ACCOUNTABLE_KINDS
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids
from workflow.tickets.models import Ticket
from workflow.tickets.queries import OPEN_STATES, TicketFilters

COUNTED = ("found", "assigned", "rectifying", "verified", "closed", "overdue", "on_time", "finished", "returns",
           "reworks", "overdue_episodes", "ongoing", "voided", "on_the_spot", "on_time_original", "overdue_original")


def answers_from_summary(filters: TicketFilters) -> bool:
    """True when the summary can answer: no filter but the campaign."""
    return replace(filters, campaign_id=None) == TicketFilters()


def summary_progress(session: Session, actor: Actor, *, now: datetime, campaign_id: int | None) -> list:
    from workflow.ledger.stats import UnitProgress  # stats imports this module

    per_lead: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTED, 0))
    for row in session.execute(_ticket_counts(actor, campaign_id)):
        per_lead[row.lead_unit_id].update({k: v for k, v in row._asdict().items() if k != "lead_unit_id"})
    for column, field in ((Ticket.due_at, "overdue"), (Ticket.original_due_at, "overdue_original")):
        for lead_unit_id, count in session.execute(_not_yet_due(actor, campaign_id, column, now)):
            if lead_unit_id in per_lead:  # a ticket with no lead unit is nobody's
                per_lead[lead_unit_id][field] -= count
    for unit_id, kind, count in session.execute(_event_counts(actor, campaign_id)):
        per_lead[unit_id][kind] = count
    if not per_lead:
        return []
    accountable = {path: (unit_id, name) for unit_id, name, path in session.execute(
        select(OrgUnit.id, OrgUnit.name, OrgUnit.path).where(OrgUnit.kind.in_(ACCOUNTABLE_KINDS)))}
    lead_paths = dict(session.execute(select(OrgUnit.id, OrgUnit.path).where(OrgUnit.id.in_(per_lead))).all())
    rolled: dict[int, dict[str, int]] = {}
    names: dict[int, str] = {}
    for lead_unit_id, counts in per_lead.items():
        for unit_id, name in _accountable_ancestors(lead_paths.get(lead_unit_id, ""), accountable):
            names[unit_id] = name
            total = rolled.setdefault(unit_id, dict.fromkeys(COUNTED, 0))
            for key, value in counts.items():
                total[key] += value
    known = {f.name for f in fields(UnitProgress)}
    return sorted((UnitProgress(unit_id=u, name=names[u], **{k: v for k, v in c.items() if k in known})
                   for u, c in rolled.items()), key=lambda p: p.name)


def _accountable_ancestors(path: str, accountable: dict[str, tuple[int, str]]):
    parts = [p for p in path.split("/") if p]
    for depth in range(1, len(parts) + 1):
        found = accountable.get("/" + "/".join(parts[:depth]) + "/")
        if found is not None:
            yield found


def _ticket_counts(actor: Actor, campaign_id: int | None):
    s = UnitTicketCount

    def total_if(condition):
        return func.coalesce(func.sum(case((condition, s.n), else_=0)), 0)

    closed = and_(s.state == "closed", s.resolution.not_in(("void", "ongoing")))
    finished = or_(s.state == "verified", closed)
    query = (select(
        s.lead_unit_id, total_if(s.resolution != "void").label("found"),
        total_if(s.state == "assigned").label("assigned"), total_if(s.state == "rectifying").label("rectifying"),
        total_if(s.state == "verified").label("verified"), total_if(closed).label("closed"),
        total_if(and_(finished, s.on_time == 1)).label("on_time"), total_if(finished).label("finished"),
        total_if(s.resolution == "ongoing").label("ongoing"), total_if(s.resolution == "void").label("voided"),
        total_if(s.on_the_spot == 1).label("on_the_spot"),
        total_if(and_(finished, s.on_time_original == 1)).label("on_time_original"),
        total_if(and_(s.state.in_(OPEN_STATES), s.has_due == 1)).label("overdue"),
        total_if(and_(s.state.in_(OPEN_STATES), s.has_original_due == 1)).label("overdue_original"),
    ).where(s.lead_unit_id.in_(visible_unit_ids(actor))).group_by(s.lead_unit_id).having(func.sum(s.n) > 0))
    return query.where(s.campaign_key == campaign_id) if campaign_id else query


def _not_yet_due(actor: Actor, campaign_id: int | None, column, now: datetime):
    """For a town the lead units drive (its few open tickets); for the only root the deadline range does, on
    the covering index — a lead-unit condition there would make SQLite walk every unit's open tickets."""
    lead = Ticket.lead_unit_id + 0  # an expression: SQLite would otherwise walk ix_ticket_lead_unit_state to group
    query = (select(lead, func.count())
             .where(Ticket.state.in_(OPEN_STATES), column >= now)
             .group_by(lead))
    if not actor.sees_all:
        query = query.where(Ticket.lead_unit_id.in_(visible_unit_ids(actor)))
    return query.where(Ticket.campaign_id == campaign_id) if campaign_id else query


def _event_counts(actor: Actor, campaign_id: int | None):
    e = UnitEventCount
    query = (select(e.unit_id, e.kind, func.sum(e.n))
             .where(e.unit_id.in_(visible_unit_ids(actor)), e.n != 0).group_by(e.unit_id, e.kind))
    return query.where(e.campaign_key == campaign_id) if campaign_id else query


__all__ = ["answers_from_summary", "summary_progress"]
