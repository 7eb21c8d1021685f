"""我的问题 split the way a village cadre works through them, and the office's two queues.

待我签收 (assigned, to accept), 待我整改 (being rectified), 等待验收 (submitted, the inspector's turn),
被返工 (rejected, to redo). Each is bounded like the other worklists; all start from the actor's scope
(``visible_tickets`` and ``ticket_led_within``), so a town never sees another town's tickets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, not_, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.errors import PermissionDenied
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import ticket_led_within, visible_units
from workflow.tickets.models import Ticket
from workflow.tickets.queries import OPEN_STATES, TicketFilters, filtered, visible_tickets
from workflow.tickets.rework import is_reworked
from workflow.tickets.urgency import most_urgent_first

LIMIT = 200

#  key          heading     what it holds
BUCKETS = [
    ("to_accept", "待我签收", lambda: Ticket.state == "assigned"),
    ("to_rectify", "待我整改", lambda: (Ticket.state == "rectifying") & Ticket.awaiting_verification.is_(False)
     & not_(is_reworked())),
    ("awaiting", "等待验收", lambda: (Ticket.state == "rectifying") & Ticket.awaiting_verification.is_(True)),
    ("reworked", "被返工", is_reworked),
]

FILERS = frozenset({"inspector", "office"})
CLOSERS = frozenset({"office"})


@dataclass
class Bucket:
    key: str
    label: str
    tickets: list[Ticket]


def my_buckets(session: Session, actor: Actor, *, text: str | None = None, unit_id: int | None = None,
               limit: int = LIMIT) -> list[Bucket]:
    """The actor's own work (led by their units), most urgent first in each bucket."""
    base = filtered(actor, TicketFilters(text=text or None, unit_id=unit_id)).where(ticket_led_within(actor))
    return [Bucket(key, label, list(session.scalars(
                base.where(condition()).order_by(*most_urgent_first()).limit(limit))))
            for key, label, condition in BUCKETS]


def villages_of(session: Session, actor: Actor) -> list[OrgUnit]:
    """The village filter of a town's 我的问题: the villages under the actor's town (none for anyone else)."""
    own = session.get(OrgUnit, actor.unit_id)
    if own is None or own.kind != "town":
        return []
    query = visible_units(actor).where(OrgUnit.kind == "village", OrgUnit.id != actor.unit_id,
                                       OrgUnit.is_active.is_(True))
    return list(session.scalars(query.order_by(OrgUnit.path)))


@dataclass
class HomeLine:
    overdue: int
    to_accept: int
    reworked: int


def home_line(session: Session, actor: Actor, *, now: datetime) -> HomeLine:
    """「您有 N 件逾期、N 件待签收、N 件被返工」 for an operator's home page."""
    mine = visible_tickets(actor).where(ticket_led_within(actor))

    def count(*conditions) -> int:
        sub = mine.where(*conditions).subquery()
        return session.scalar(select(func.count()).select_from(sub)) or 0

    return HomeLine(overdue=count(Ticket.state.in_(OPEN_STATES), Ticket.due_at < now),
                    to_accept=count(Ticket.state == "assigned"), reworked=count(is_reworked()))


def pending_assignment(session: Session, actor: Actor, *, limit: int = LIMIT) -> list[Ticket]:
    """待交办: filed or imported, not yet assigned — the inspectors' and the office's queue."""
    _require(actor, FILERS, "只有督查员或领导小组办公室可以查看待交办的问题")
    query = visible_tickets(actor).where(Ticket.state == "found").order_by(Ticket.found_at, Ticket.id)
    return list(session.scalars(query.limit(limit)))


def pending_closure(session: Session, actor: Actor, *, limit: int = LIMIT) -> list[Ticket]:
    """待销号: verified, not yet closed — only the office closes (states/ticket.py)."""
    _require(actor, CLOSERS, "只有领导小组办公室可以查看待销号的问题")
    query = visible_tickets(actor).where(Ticket.state == "verified").order_by(Ticket.verified_at, Ticket.id)
    return list(session.scalars(query.limit(limit)))


def _require(actor: Actor, roles: frozenset[str], message: str) -> None:
    if not actor.roles & roles:
        raise PermissionDenied(message)
