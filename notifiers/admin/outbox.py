"""The outbox as an admin sees it: messages with how their deliveries stand, dead letters with their
last error and every attempt, and retrying one — a dead delivery, or a message that had nowhere to go."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from notifiers.admin.access import require_manager
from notifiers.admin.schemas import AttemptRead, DeliveryDetail, DeliveryRead, MessageRead
from workflow.actor import Actor
from workflow.channels.models import NotifyChannel
from workflow.errors import InvalidInput, NotFound, TransitionRefused
from workflow.orgs.scope import visible_unit_ids
from workflow.outbox.models import (
    ATTEMPT_OUTCOMES,
    DELIVERY_STATUSES,
    KINDS,
    MESSAGE_STATUSES,
    Delivery,
    DeliveryAttempt,
    DigestItem,
    OutboxMessage,
)

MAX_PAGE = 200


def _page(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"每页条数应在 1 到 {MAX_PAGE} 之间", detail={"field": "limit"})
    return limit


def _visible_deliveries(actor: Actor) -> Select:
    return (select(Delivery, NotifyChannel).join(NotifyChannel, NotifyChannel.id == Delivery.channel_id)
            .where(NotifyChannel.unit_id.in_(visible_unit_ids(actor))))


def _delivery_read(d: Delivery, ch: NotifyChannel) -> dict:
    return dict(
        id=d.id, kind=d.kind, message_id=d.message_id, digest_id=d.digest_id, channel_id=ch.id, channel_name=ch.name,
        channel_kind=ch.kind, unit_id=ch.unit_id, part=d.part, parts=d.parts, status=d.status,
        status_label=DELIVERY_STATUSES.get(d.status, d.status), attempts=d.attempts, available_at=d.available_at,
        last_error=d.last_error, last_status_code=d.last_status_code, last_response=d.last_response,
        created_at=d.created_at, sent_at=d.sent_at, dead_at=d.dead_at,
    )


def list_deliveries(session: Session, *, actor: Actor, status: str | None = None, channel_id: int | None = None,
                    limit: int = 50, offset: int = 0) -> list[DeliveryRead]:
    require_manager(actor)
    query = _visible_deliveries(actor).order_by(Delivery.id.desc()).limit(_page(limit)).offset(max(offset, 0))
    if status:
        if status not in DELIVERY_STATUSES:
            raise InvalidInput(f"未知的状态：{status}", detail={"field": "status"})
        query = query.where(Delivery.status == status)
    if channel_id:
        query = query.where(Delivery.channel_id == channel_id)
    return [DeliveryRead(**_delivery_read(d, ch)) for d, ch in session.execute(query)]


def _get_delivery(session: Session, actor: Actor, delivery_id: int) -> tuple[Delivery, NotifyChannel]:
    row = session.execute(_visible_deliveries(actor).where(Delivery.id == delivery_id)).first()
    if row is None:
        raise NotFound("消息不存在或无权查看")
    return row[0], row[1]


def get_delivery(session: Session, *, actor: Actor, delivery_id: int) -> DeliveryDetail:
    d, ch = _get_delivery(session, actor, delivery_id)
    require_manager(actor)
    log = session.scalars(select(DeliveryAttempt).where(DeliveryAttempt.delivery_id == d.id)
                          .order_by(DeliveryAttempt.id))
    attempts = [AttemptRead(at=a.at, outcome=a.outcome, outcome_label=ATTEMPT_OUTCOMES.get(a.outcome, a.outcome),
                            status_code=a.status_code, response=a.response, error=a.error, duration_ms=a.duration_ms)
                for a in log]
    return DeliveryDetail(**_delivery_read(d, ch), payload=d.payload, attempt_log=attempts)


def retry_delivery(session: Session, *, actor: Actor, delivery_id: int, now: datetime) -> DeliveryRead:
    d, ch = _get_delivery(session, actor, delivery_id)
    require_manager(actor)
    if d.status != "dead":
        raise TransitionRefused("只有发送失败的消息可以重新发送", detail={"status": d.status})
    if not ch.is_active or ch.disabled_reason:
        raise TransitionRefused(f"渠道“{ch.name}”当前不可用，请先修正并启用渠道后再重发",
                                detail={"disabled_reason": ch.disabled_reason, "is_active": ch.is_active})
    session.execute(update(Delivery).where(Delivery.id == d.id, Delivery.status == "dead")
                    .values(status="pending", attempts=0, available_at=now, lease_until=None, lease_holder=None,
                            dead_at=None).execution_options(synchronize_session=False))
    session.refresh(d)
    return DeliveryRead(**_delivery_read(d, ch))


def _visible_messages(actor: Actor) -> Select:
    return select(OutboxMessage).where(OutboxMessage.unit_id.in_(visible_unit_ids(actor)))


def _message_read(m: OutboxMessage, counts: Counter) -> MessageRead:
    return MessageRead(
        id=m.id, dedupe_key=m.dedupe_key, kind=m.kind, kind_label=KINDS.get(m.kind, m.kind), ticket_id=m.ticket_id,
        unit_id=m.unit_id, status=m.status, status_label=MESSAGE_STATUSES.get(m.status, m.status),
        last_error=m.last_error, created_at=m.created_at, routed_at=m.routed_at, deliveries=dict(counts),
    )


def _delivery_counts(session: Session, ids: list[int]) -> dict[int, Counter]:
    counts: dict[int, Counter] = {i: Counter() for i in ids}
    direct = select(Delivery.message_id, Delivery.status).where(Delivery.message_id.in_(ids))
    for message_id, status in session.execute(direct):
        counts[message_id][status] += 1
    bundled = (select(DigestItem.message_id, DigestItem.digest_id, Delivery.status)
               .outerjoin(Delivery, Delivery.digest_id == DigestItem.digest_id).where(DigestItem.message_id.in_(ids)))
    for message_id, digest_id, status in session.execute(bundled):
        counts[message_id]["waiting_digest" if digest_id is None else status or "pending"] += 1
    return counts


def list_messages(session: Session, *, actor: Actor, status: str | None = None, kind: str | None = None,
                  limit: int = 50, offset: int = 0) -> list[MessageRead]:
    require_manager(actor)
    query = _visible_messages(actor).order_by(OutboxMessage.id.desc()).limit(_page(limit)).offset(max(offset, 0))
    if status:
        query = query.where(OutboxMessage.status == status)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    messages = list(session.scalars(query))
    counts = _delivery_counts(session, [m.id for m in messages])
    return [_message_read(m, counts[m.id]) for m in messages]


def retry_message(session: Session, *, actor: Actor, message_id: int, now: datetime) -> MessageRead:
    """A message that had nowhere to go (no channel yet, a broken template) is routed again."""
    message = session.scalar(_visible_messages(actor).where(OutboxMessage.id == message_id))
    if message is None:
        raise NotFound("消息不存在或无权查看")
    require_manager(actor)
    if message.status != "unroutable":
        raise TransitionRefused("只有无法分发的消息可以重新分发；发送失败的请重发对应的发送记录",
                                detail={"status": message.status})
    message.status, message.available_at, message.last_error = "pending", now, None
    session.flush()
    return _message_read(message, Counter())
