"""Progress per town (进度统计表): counts by state, overdue, and the on-time rectification rate.

On time means verified no later than the deadline in force. The rate's denominator is every
ticket that has either been verified or is already overdue, so an open ticket not yet due
neither helps nor hurts a town (practice 3 and the 红黑榜 built from it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from workflow.actor import Actor
from workflow.orgs.models import OrgUnit
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

    @property
    def on_time_rate(self) -> float | None:
        judged = self.finished + self.overdue
        return None if judged == 0 else self.on_time / judged


def town_progress(session: Session, actor: Actor, *, now: datetime,
                  filters: TicketFilters | None = None) -> list[UnitProgress]:
    tickets = filtered(actor, filters or TicketFilters()).subquery()
    return [UnitProgress(*row) for row in session.execute(_aggregate(tickets, now))]


def _aggregate(tickets, now: datetime) -> Select:
    place, town = aliased(OrgUnit), aliased(OrgUnit)

    def count_if(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    overdue = and_(tickets.c.state.in_(OPEN_STATES), tickets.c.due_at < now)
    finished = tickets.c.state.in_(FINISHED_STATES)
    on_time = and_(finished, or_(tickets.c.due_at.is_(None), tickets.c.verified_at <= tickets.c.due_at))
    return (
        select(
            town.id, town.name, func.count(tickets.c.id),
            count_if(tickets.c.state == "assigned"), count_if(tickets.c.state == "rectifying"),
            count_if(tickets.c.state == "verified"), count_if(tickets.c.state == "closed"),
            count_if(overdue), count_if(on_time), count_if(finished),
        )
        .select_from(tickets)
        .join(place, place.id == tickets.c.place_id)
        .join(town, and_(town.kind == "town", place.path.startswith(town.path)))
        .group_by(town.id, town.name)
        .order_by(town.name)
    )


def total_of(progress: list[UnitProgress]) -> UnitProgress:
    """The 合计 row: counts summed over towns; its rate follows from the sums, not an average of rates."""
    fields = ("found", "assigned", "rectifying", "verified", "closed", "overdue", "on_time", "finished")
    return UnitProgress(0, "合计", **{f: sum(getattr(p, f) for p in progress) for f in fields})


__all__ = ["UnitProgress", "total_of", "town_progress"]
