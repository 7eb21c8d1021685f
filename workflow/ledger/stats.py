"""Progress per responsible unit (进度统计表): counts by state, overdue, and the on-time rectification rate.

A ticket is charged to the unit that leads it (牵头单位), rolled up to the accountable unit under the
district — a village's ticket to its town, a department's to the department — never to the town it
happens to be placed in (issue 10: a town must not be blacklisted for a department's ticket it cannot
move). Only tickets led within the actor's own scope are counted. Returns, reworks and overdue episodes
come from the event timeline, charged to the unit that led the ticket when they happened (``tallies``).

On time means verified no later than the deadline in force. The rate's denominator is every
ticket that has either been verified or is already overdue, so an open ticket not yet due
neither helps nor hurts a unit (practice 3 and the 红黑榜 built from it). The same rate is also
computed against the original deadline (``original_due_at``, before any extension): practice 3 asks
for both side by side.

Outcomes (issue 13, ``workflow/outcomes``): a voided ticket (作废) is left out of every count and rate
and only counted as ``voided``; a 持续整改/挂账 ticket is neither closed nor overdue nor judged, and is
counted as ``ongoing``; 立行立改 tickets are closed (and on time) and also counted as ``on_the_spot``.

Speed (issue 15): with no filter but the campaign the figures come from the maintained summary
(``summary_stats``, exactly these rules); any other filter counts the tickets here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from workflow.actor import Actor
from workflow.ledger.summary_stats import answers_from_summary, summary_progress
from workflow.ledger.tallies import ACCOUNTABLE_KINDS, UnitTally, unit_tallies
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids
from workflow.tickets.queries import OPEN_STATES, TicketFilters, filtered

FINISHED_STATES = ("verified", "closed")


@dataclass
class UnitProgress:
    unit_id: int
    name: str
    found: int
    assigned: int
    rectifying: int
    verified: int
    closed: int
    overdue: int
    on_time: int
    finished: int
    returns: int = 0
    reworks: int = 0
    overdue_episodes: int = 0
    ongoing: int = 0
    voided: int = 0
    on_the_spot: int = 0
    on_time_original: int = 0
    overdue_original: int = 0

    @property
    def on_time_rate(self) -> float | None:
        judged = self.finished + self.overdue
        return None if judged == 0 else self.on_time / judged

    @property
    def on_time_rate_original(self) -> float | None:
        """Against the original deadline: an extension does not make a late ticket on time."""
        judged = self.finished + self.overdue_original
        return None if judged == 0 else self.on_time_original / judged

    @property
    def waiting(self) -> int:
        return self.found - self.assigned - self.rectifying - self.verified - self.closed - self.ongoing


def town_progress(session: Session, actor: Actor, *, now: datetime,
                  filters: TicketFilters | None = None) -> list[UnitProgress]:
    """One row per accountable unit (town, department, backer unit) leading tickets in the actor's scope."""
    filters = filters or TicketFilters()
    if answers_from_summary(filters):
        return summary_progress(session, actor, now=now, campaign_id=filters.campaign_id)
    return counted_progress(session, actor, now=now, filters=filters)


def counted_progress(session: Session, actor: Actor, *, now: datetime, filters: TicketFilters) -> list[UnitProgress]:
    """The same figures counted from the tickets and events themselves (any filter)."""
    tickets = filtered(actor, filters).subquery()
    rows = {row.unit_id: UnitProgress(**row._asdict()) for row in session.execute(_aggregate(tickets, actor, now))}
    tallies = unit_tallies(session, actor, filters=filters)
    missing = set(tallies) - set(rows)
    if missing:  # a unit that returned its only ticket still answers for the return
        for unit_id, name in session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(missing))):
            rows[unit_id] = UnitProgress(unit_id, name, 0, 0, 0, 0, 0, 0, 0, 0)
    for unit_id, tally in tallies.items():
        _add_tally(rows[unit_id], tally)
    return sorted(rows.values(), key=lambda p: p.name)


def _add_tally(progress: UnitProgress, tally: UnitTally) -> None:
    progress.returns, progress.reworks, progress.overdue_episodes = (
        tally.returns, tally.reworks, tally.overdue_episodes)


def _aggregate(tickets, actor: Actor, now: datetime) -> Select:
    lead, unit = aliased(OrgUnit), aliased(OrgUnit)

    def count_if(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    t = tickets.c
    resolution = func.coalesce(t.resolution, "")
    counted = resolution != "void"
    closed = and_(t.state == "closed", resolution.not_in(("void", "ongoing")))
    overdue = and_(t.state.in_(OPEN_STATES), t.due_at < now)
    finished = or_(t.state == "verified", closed)
    on_time = and_(finished, or_(t.due_at.is_(None), t.verified_at <= t.due_at))
    on_time_original = and_(finished, or_(t.original_due_at.is_(None), t.verified_at <= t.original_due_at))
    return (
        select(
            unit.id.label("unit_id"), unit.name.label("name"), count_if(counted).label("found"),
            count_if(t.state == "assigned").label("assigned"), count_if(t.state == "rectifying").label("rectifying"),
            count_if(t.state == "verified").label("verified"), count_if(closed).label("closed"),
            count_if(overdue).label("overdue"), count_if(on_time).label("on_time"),
            count_if(finished).label("finished"), count_if(resolution == "ongoing").label("ongoing"),
            count_if(resolution == "void").label("voided"), count_if(t.on_the_spot.is_(True)).label("on_the_spot"),
            count_if(on_time_original).label("on_time_original"),
            count_if(and_(t.state.in_(OPEN_STATES), t.original_due_at < now)).label("overdue_original"),
        )
        .select_from(tickets)
        .join(lead, and_(lead.id == tickets.c.lead_unit_id, lead.id.in_(visible_unit_ids(actor))))
        .join(unit, and_(unit.kind.in_(ACCOUNTABLE_KINDS), lead.path.startswith(unit.path)))
        .group_by(unit.id, unit.name)
        .order_by(unit.name)
    )


def total_of(progress: list[UnitProgress]) -> UnitProgress:
    """The 合计 row: counts summed over units; its rate follows from the sums, not an average of rates."""
    fields = ("found", "assigned", "rectifying", "verified", "closed", "overdue", "on_time", "finished",
              "returns", "reworks", "overdue_episodes", "ongoing", "voided", "on_the_spot", "on_time_original",
              "overdue_original")
    return UnitProgress(0, "合计", **{f: sum(getattr(p, f) for p in progress) for f in fields})


__all__ = ["UnitProgress", "counted_progress", "total_of", "town_progress"]
