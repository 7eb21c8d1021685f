"""Closing with a resolution besides 销号 (practice 4): 持续整改/挂账 and 作废.

The five states stay; the outcome is the ticket's ``resolution`` and the ``close`` event's payload.

- ``ongoing`` (持续整改/挂账): long work on a timetable (roads, water, housing) that must not stay red
  forever. The office closes it with a reason and a review date; it leaves the overdue counts and the
  reminders, keeps its milestones, and the sweep brings it back on the review date (``review.py``).
- ``void`` (作废): filed by mistake or duplicated. The office voids it with a reason; that decision is the
  approval (the event names the approver). A unit cannot void its own ticket: an actor whose own unit is
  the lead unit, or lies under it, is refused. Voided tickets drop out of every rate.

``rectified`` is the machine's ``close`` (from 验收, ``tickets/moves.py``); this module only handles the two
outcomes the machine table does not draw, so a ticket is never closed as rectified without verification.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.deadlines.local_time import local_date
from workflow.errors import ConcurrentChange, InvalidInput, PermissionDenied, TransitionRefused
from workflow.orgs.models import OrgUnit
from workflow.tickets import events, queries
from workflow.tickets.models import Ticket

DECIDERS = ("office",)
ONGOING_FROM = ("assigned", "rectifying")
VOID_FROM = ("found", "assigned", "rectifying", "verified")


def hold_ongoing(session: Session, *, actor: Actor, ticket_id: int, version: int, reason: str,
                 review_on: date | None, now: datetime) -> Ticket:
    ticket = queries.get_visible(session, actor, ticket_id)
    _ensure_decider(actor, "转为持续整改（挂账）")
    refusals = []
    if ticket.state not in ONGOING_FROM:
        refusals.append("只有已交办或整改中的问题可以转为持续整改")
    if (ticket.deadline_rule or {}).get("kind") != "timetable":
        refusals.append("只有按整改时间表（分节点）整改的问题可以转为持续整改")
    if refusals:
        raise TransitionRefused("；".join(refusals), detail={"reasons": refusals})
    if review_on is None or review_on <= local_date(now):
        raise InvalidInput("请填写今天以后的复查日期", detail={"field": "review_on"})
    return _close(session, actor, ticket, version=version, now=now, resolution="ongoing", reason=reason,
                  values={"review_on": review_on}, payload={"review_on": review_on.isoformat()})


def void_ticket(session: Session, *, actor: Actor, ticket_id: int, version: int, reason: str,
                now: datetime) -> Ticket:
    ticket = queries.get_visible(session, actor, ticket_id)
    _ensure_decider(actor, "作废问题")
    lead = session.get(OrgUnit, ticket.lead_unit_id) if ticket.lead_unit_id else None
    if lead is not None and actor.unit_path.startswith(lead.path):
        raise PermissionDenied("责任单位不能作废本单位的问题")
    if ticket.state not in VOID_FROM:
        raise TransitionRefused("已销号的问题不能作废", detail={"reasons": ["已销号的问题不能作废"]})
    return _close(session, actor, ticket, version=version, now=now, resolution="void", reason=reason,
                  values={}, payload={"approved_by_id": actor.person_id, "approved_by": actor.name})


def _ensure_decider(actor: Actor, what: str) -> None:
    if not actor.has_any(*DECIDERS):
        raise PermissionDenied(f"只有领导小组办公室可以{what}")


def _close(session: Session, actor: Actor, ticket: Ticket, *, version: int, now: datetime, resolution: str,
           reason: str, values: dict, payload: dict) -> Ticket:
    if not (reason or "").strip():
        raise InvalidInput("必须填写理由", detail={"field": "comment"})
    if version != ticket.version:
        raise ConcurrentChange(detail={"expected_version": ticket.version, "given_version": version})
    from_state = ticket.state
    changed = session.execute(
        update(Ticket).where(Ticket.id == ticket.id, Ticket.version == version)
        .values(state="closed", resolution=resolution, closed_at=now, awaiting_verification=False,
                state_changed_at=now, version=version + 1, **values)
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        raise ConcurrentChange()
    session.refresh(ticket)
    events.record(session, ticket, trigger="close", actor=actor, at=now, from_state=from_state, to_state="closed",
                  comment=reason.strip(), payload={"resolution": resolution, **payload})
    return ticket


__all__ = ["hold_ongoing", "void_ticket"]
