"""Opening, confirming, listing and re-sending 确认收到 requests.

``open_request`` is called by the service that writes the message (urging, reminder, 约谈), in its
transaction, and puts the request's id in the outbox payload; the notifier signs it into a link.
Confirming is idempotent: the first confirmation is kept, a second click changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.acknowledgements import links
from workflow.acknowledgements.models import Acknowledgement
from workflow.acknowledgements.working_hours import working_hours_between
from workflow.actor import Actor
from workflow.calendar.reader import WorkingCalendar
from workflow.db import insert_ignoring_conflict, insert_many_ignoring_conflict
from workflow.errors import DomainError, NotFound, PermissionDenied
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids
from workflow.outbox import service as outbox
from workflow.outbox.models import OutboxMessage
from workflow.tickets import events, queries
from workflow.tickets.models import Ticket

VALID_FOR = timedelta(days=7)
DEAD_LINK = "确认链接无效，请使用消息中的完整链接"


class AlreadyAcknowledged(DomainError):
    status = 409
    code = "already_acknowledged"
    message = "对方已确认收到，无需重发"


class LinkExpired(DomainError):
    status = 410
    code = "link_expired"
    message = "该确认链接已过期（有效期 7 天），如需确认请联系领导小组办公室"


def open_request(session: Session, *, kind: str, source_id: int, unit_id: int, person_id: int | None,
                 ticket_id: int | None, now: datetime) -> Acknowledgement:
    """One request per message (``<kind>:<source id>``); a repeated call returns the same row."""
    key = f"{kind}:{source_id}"
    insert_ignoring_conflict(
        session, Acknowledgement, dedupe_key=key, kind=kind, source_id=source_id, ticket_id=ticket_id,
        unit_id=unit_id, person_id=person_id, recipient_label=_recipient(session, unit_id, person_id),
        sent_at=now, last_sent_at=now, resent_count=0, expires_at=now + VALID_FOR, acknowledged_at=None,
    )
    return session.scalar(select(Acknowledgement).where(Acknowledgement.dedupe_key == key))


def open_requests(session: Session, rows: list[dict], *, now: datetime) -> None:
    """Bulk ``open_request`` (the sweep's reminders): rows of kind, source_id, unit_id, person_id, ticket_id;
    one executemany, a key already present is left as it is."""
    insert_many_ignoring_conflict(session, Acknowledgement, [
        {"dedupe_key": f"{r['kind']}:{r['source_id']}", "kind": r["kind"], "source_id": r["source_id"],
         "ticket_id": r["ticket_id"], "unit_id": r["unit_id"], "person_id": r["person_id"],
         "recipient_label": _recipient(session, r["unit_id"], r["person_id"]), "sent_at": now, "last_sent_at": now,
         "resent_count": 0, "expires_at": now + VALID_FOR, "acknowledged_at": None} for r in rows])


def ack_ids_for(session: Session, messages: list[OutboxMessage]) -> dict[int, int]:
    """message id → the acknowledgement it asks for. A request's key is its message's key (``urging:5``), and a
    re-send or a second notice (``urging:5:resend:1``, ``escalation:3:dated``) asks for the same one."""
    keys = {m.id: ":".join(m.dedupe_key.split(":")[:2]) for m in messages}
    if not keys:
        return {}
    found = dict(session.execute(select(Acknowledgement.dedupe_key, Acknowledgement.id)
                                 .where(Acknowledgement.dedupe_key.in_(set(keys.values())))).tuples().all())
    return {mid: found[key] for mid, key in keys.items() if key in found}


def for_token(session: Session, secret: str, token: str, *, now: datetime) -> Acknowledgement:
    """The request a link names, or NotFound (forged) / LinkExpired (past ``expires_at``, not yet confirmed)."""
    ack_id = links.read(secret, token)
    ack = session.get(Acknowledgement, ack_id) if ack_id is not None else None
    if ack is None:
        raise NotFound(DEAD_LINK)
    if ack.acknowledged_at is None and now > ack.expires_at:
        raise LinkExpired()
    return ack


def confirm(session: Session, secret: str, token: str, *, now: datetime) -> Acknowledgement:
    """Record 确认收到 once; the conditional UPDATE makes a double click (or two tabs) record one time."""
    ack = for_token(session, secret, token, now=now)
    changed = session.execute(
        update(Acknowledgement).where(Acknowledgement.id == ack.id, Acknowledgement.acknowledged_at.is_(None))
        .values(acknowledged_at=now).execution_options(synchronize_session=False)).rowcount
    session.refresh(ack)
    if changed == 1 and ack.ticket_id is not None:
        ticket = session.get(Ticket, ack.ticket_id)
        events.record(session, ticket, trigger="acknowledged", actor=None, at=now, from_state=ticket.state,
                      to_state=ticket.state, comment=f"{ack.recipient_label}确认收到{ack.kind_label}",
                      payload={"acknowledgement_id": ack.id, "kind": ack.kind, "unit_id": ack.unit_id,
                               "person_id": ack.person_id, "source_id": ack.source_id})
    return ack


def of_ticket(session: Session, actor: Actor, ticket_id: int) -> list[Acknowledgement]:
    queries.get_visible(session, actor, ticket_id)
    return list(session.scalars(select(Acknowledgement).where(Acknowledgement.ticket_id == ticket_id)
                                .order_by(Acknowledgement.id)))


def unread_urgings(session: Session, actor: Actor, *, now: datetime, hours: int,
                   calendar: WorkingCalendar) -> list[Acknowledgement]:
    """Urgings not confirmed ``hours`` working hours after they last went out, in the actor's units."""
    _office_only(actor)
    rows = session.scalars(select(Acknowledgement).where(
        Acknowledgement.kind == "urging", Acknowledgement.acknowledged_at.is_(None),
        Acknowledgement.unit_id.in_(visible_unit_ids(actor))).order_by(Acknowledgement.last_sent_at))
    return [a for a in rows if working_hours_between(calendar, a.last_sent_at, now) >= hours]


def resend(session: Session, actor: Actor, ack_id: int, *, now: datetime) -> Acknowledgement:
    """The same message, with the same link, once more through the unit's channels."""
    _office_only(actor)
    ack = session.scalar(select(Acknowledgement).where(Acknowledgement.id == ack_id, Acknowledgement.kind == "urging",
                                                       Acknowledgement.unit_id.in_(visible_unit_ids(actor))))
    if ack is None:
        raise NotFound("未找到该催办的确认记录")
    if ack.acknowledged_at is not None:
        raise AlreadyAcknowledged()
    original = session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == f"{ack.kind}:{ack.source_id}"))
    if original is None:
        raise NotFound("找不到原消息")
    ack.resent_count += 1
    ack.last_sent_at = now
    ack.expires_at = max(ack.expires_at, now + VALID_FOR)
    session.flush()
    outbox.enqueue(session, kind=original.kind, dedupe_key=f"{ack.kind}:{ack.source_id}:resend:{ack.resent_count}",
                   at=now, ticket_id=original.ticket_id, unit_id=original.unit_id,
                   payload={**(original.payload or {}), "resent": ack.resent_count})
    return ack


def _office_only(actor: Actor) -> None:
    if not actor.has_any("office"):
        raise PermissionDenied("只有领导小组办公室可以查看和重发未确认的催办")


def _recipient(session: Session, unit_id: int, person_id: int | None) -> str:
    unit = session.get(OrgUnit, unit_id)
    person = session.get(Person, person_id) if person_id else None
    return f"{unit.name if unit else ''}{f'（{person.name}）' if person else ''}"
