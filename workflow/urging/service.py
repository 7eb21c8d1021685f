"""催办 by hand (office, inspectors, leaders) and by schedule (the sweep, once a working day while overdue).

Each urging is a ticket event (trigger ``urge``, payload names the unit), an ``urging`` row, a 确认收到
request and an outbox row to the unit's channels, all in the caller's transaction. The cap counts every
urging of the ticket on the local day, the schedule's included, so a unit is not pushed more than N
times a day whoever pushes; the ticket row is locked first, so two concurrent urgings cannot both take
the last slot.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.acknowledgements.service import open_request, open_requests
from workflow.actor import Actor
from workflow.calendar.reader import WorkingCalendar
from workflow.db import insert_ignoring_conflict, insert_many_ignoring_conflict
from workflow.deadlines.local_time import local_date
from workflow.deadlines.targets import CHASED_STATES
from workflow.errors import PermissionDenied
from workflow.orgs.models import OrgUnit
from workflow.outbox import service as outbox
from workflow.tickets import events, queries
from workflow.tickets.models import Ticket, TicketEvent
from workflow.urging.errors import UrgingCapReached, UrgingRefused
from workflow.urging.models import Urging

URGERS = frozenset({"office", "inspector", "leader"})
DEFAULT_CAP = 3
MAX_NOTE = 500


def urge(session: Session, *, actor: Actor, ticket_id: int, note: str = "", now: datetime,
         cap: int = DEFAULT_CAP) -> Urging:
    ticket = queries.get_visible(session, actor, ticket_id)
    if not actor.has_any(*URGERS):
        raise PermissionDenied("只有领导小组办公室、督查人员和领导可以催办")
    note = (note or "").strip()[:MAX_NOTE]
    _lock(session, ticket)
    _check_urgeable(ticket)
    today = urged_on(session, ticket.id, now)
    if today >= cap:
        raise UrgingCapReached(f"该问题今日已催办 {today} 次，已达每日上限 {cap} 次，请明日再催办",
                               detail={"today": today, "cap": cap})
    event = _event(session, ticket, actor=actor, note=note, now=now, automatic=False)
    urging = Urging(dedupe_key=f"manual:{event.id}", ticket_id=ticket.id, unit_id=ticket.lead_unit_id,
                    event_id=event.id, by_id=actor.person_id, automatic=False, note=note,
                    day=local_date(now), at=now)
    session.add(urging)
    session.flush()
    _send(session, ticket, urging, by=actor.name, now=now)
    return urging


def urge_on_schedule(session: Session, ticket: Ticket, *, now: datetime, calendar: WorkingCalendar,
                     cap: int = DEFAULT_CAP) -> Urging | None:
    """The sweep's urging of an overdue ticket: on working days, at most one per ticket and day (its unique key)."""
    if ticket.state not in CHASED_STATES or ticket.lead_unit_id is None or ticket.awaiting_verification:
        return None
    if not calendar.is_working_day(local_date(now)):
        return None
    if urged_on(session, ticket.id, now) >= cap:
        return None
    day = local_date(now)
    key = f"auto:t{ticket.id}:{day.isoformat()}"
    if not insert_ignoring_conflict(session, Urging, dedupe_key=key, ticket_id=ticket.id, unit_id=ticket.lead_unit_id,
                                    event_id=None, by_id=None, automatic=True, note="", day=day, at=now):
        return None
    urging = session.scalar(select(Urging).where(Urging.dedupe_key == key))
    urging.event_id = _event(session, ticket, actor=None, note="", now=now, automatic=True).id
    session.flush()
    _send(session, ticket, urging, by="系统（逾期自动催办）", now=now)
    return urging


def urge_many_on_schedule(session: Session, tickets: list[Ticket], *, now: datetime, calendar: WorkingCalendar,
                          cap: int = DEFAULT_CAP) -> list[Urging]:
    """``urge_on_schedule`` for the sweep's overdue tickets at once, with the same rows (urging, ``urge`` event,
    确认收到 request, outbox message) written by a few set-based statements. The tickets must be locked by the
    caller. Raises CalendarNotCovered when today's year has no calendar (then no ticket is urged)."""
    tickets = [t for t in tickets if t.state in CHASED_STATES and t.lead_unit_id is not None
               and not t.awaiting_verification]
    day = local_date(now)
    if not tickets or not calendar.is_working_day(day):
        return []
    ids = [t.id for t in tickets]
    today = dict(session.execute(select(Urging.ticket_id, func.count(Urging.id)).where(
        Urging.ticket_id.in_(ids), Urging.day == day).group_by(Urging.ticket_id)).tuples().all())
    keys = {t.id: f"auto:t{t.id}:{day.isoformat()}" for t in tickets if today.get(t.id, 0) < cap}
    if not keys:
        return []
    keys_present = set(session.scalars(select(Urging.dedupe_key).where(Urging.dedupe_key.in_(list(keys.values())))))
    fresh = [t for t in tickets if t.id in keys and keys[t.id] not in keys_present]
    if not fresh:
        return []
    events.record_many(session, [
        {"ticket_id": t.id, "at": now, "actor_id": None, "trigger": "urge", "from_state": t.state,
         "to_state": t.state, "comment": "",
         "payload": {"lead_unit_id": t.lead_unit_id, "unit_id": t.lead_unit_id, "automatic": True}} for t in fresh])
    event_ids = dict(session.execute(select(TicketEvent.ticket_id, func.max(TicketEvent.id)).where(
        TicketEvent.ticket_id.in_([t.id for t in fresh]), TicketEvent.trigger == "urge", TicketEvent.at == now)
        .group_by(TicketEvent.ticket_id)).tuples().all())
    insert_many_ignoring_conflict(session, Urging, [
        {"dedupe_key": keys[t.id], "ticket_id": t.id, "unit_id": t.lead_unit_id, "event_id": event_ids[t.id],
         "by_id": None, "automatic": True, "note": "", "day": day, "at": now} for t in fresh])
    urgings = list(session.scalars(select(Urging).where(Urging.dedupe_key.in_([keys[t.id] for t in fresh]))
                                   .order_by(Urging.id)))
    by_ticket = {t.id: t for t in fresh}
    open_requests(session, [{"kind": "urging", "source_id": u.id, "unit_id": u.unit_id,
                             "person_id": by_ticket[u.ticket_id].responsible_person_id, "ticket_id": u.ticket_id}
                            for u in urgings], now=now)
    totals = urge_counts(session, list(by_ticket))
    outbox.enqueue_many(session, [
        {"kind": "urging", "dedupe_key": f"urging:{u.id}", "at": now, "ticket_id": u.ticket_id, "unit_id": u.unit_id,
         "payload": _payload(session, by_ticket[u.ticket_id], u, by="系统（逾期自动催办）",
                             total=totals.get(u.ticket_id, 0))}
        for u in urgings])
    return urgings


def urged_on(session: Session, ticket_id: int, now: datetime) -> int:
    return session.scalar(select(func.count(Urging.id)).where(Urging.ticket_id == ticket_id,
                                                              Urging.day == local_date(now))) or 0


def urgings_of(session: Session, actor: Actor, ticket_id: int) -> list[Urging]:
    queries.get_visible(session, actor, ticket_id)
    return list(session.scalars(select(Urging).where(Urging.ticket_id == ticket_id).order_by(Urging.id)))


def urge_counts(session: Session, ticket_ids: list[int]) -> dict[int, int]:
    """催办次数 per ticket, for the ledger page and export."""
    if not ticket_ids:
        return {}
    return dict(session.execute(select(Urging.ticket_id, func.count(Urging.id))
                                .where(Urging.ticket_id.in_(ticket_ids)).group_by(Urging.ticket_id)).tuples().all())


def _lock(session: Session, ticket: Ticket) -> None:
    session.execute(select(Ticket.id).where(Ticket.id == ticket.id).with_for_update())


def _check_urgeable(ticket: Ticket) -> None:
    if ticket.state not in CHASED_STATES or ticket.lead_unit_id is None:
        raise UrgingRefused("只能催办已交办、正在整改的问题（已退回、已验收或已销号的问题无需催办）")
    if ticket.awaiting_verification:
        raise UrgingRefused("该问题已提交验收，等待验收期间无需催办")


def _event(session: Session, ticket: Ticket, *, actor: Actor | None, note: str, now: datetime, automatic: bool):
    return events.record(session, ticket, trigger="urge", actor=actor, at=now, from_state=ticket.state,
                         to_state=ticket.state, comment=note,
                         payload={"unit_id": ticket.lead_unit_id, "automatic": automatic})


def _send(session: Session, ticket: Ticket, urging: Urging, *, by: str, now: datetime) -> None:
    open_request(session, kind="urging", source_id=urging.id, unit_id=urging.unit_id,
                 person_id=ticket.responsible_person_id, ticket_id=ticket.id, now=now)
    outbox.enqueue(session, kind="urging", dedupe_key=f"urging:{urging.id}", at=now, ticket_id=ticket.id,
                   unit_id=urging.unit_id, payload=_payload(session, ticket, urging, by=by,
                                                            total=urge_counts(session, [ticket.id]).get(ticket.id, 0)))


def _payload(session: Session, ticket: Ticket, urging: Urging, *, by: str, total: int) -> dict:
    unit = session.get(OrgUnit, urging.unit_id)
    responsible = session.get(Person, ticket.responsible_person_id) if ticket.responsible_person_id else None
    return {"number": ticket.number, "title": ticket.title, "unit_name": unit.name, "note": urging.note,
            "by": by, "automatic": urging.automatic,
            "due_on": local_date(ticket.due_at).isoformat() if ticket.due_at else None,
            "total": total, "responsible_mobile": responsible.mobile if responsible else None}
