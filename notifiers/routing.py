"""Routing: each pending outbox message becomes deliveries (escalations, rejections: at once) or digest
items (reminders: bundled by the next digest run), according to the channels configured per unit.

Who gets what (issue 4): a message goes to its unit's channels — the nearest unit on the way up the
tree that has active channels, stopping below the district, so a village ticket reaches its town's
group when the village has none; escalations and rejections also go to the office's channels, i.e.
those of the district the unit lies in. A message with nowhere to go is ``unroutable`` with the reason.
Messages are claimed by one conditional UPDATE (a write first, so SQLite takes its lock up front;
``FOR UPDATE SKIP LOCKED`` inside on PostgreSQL) and routed in the same short transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from notifiers.bulk import insert_rows_ignoring_conflict
from notifiers.digests import digest_notice, line_from
from notifiers.fanout import add_deliveries
from notifiers.policy import NotifyPolicy
from notifiers.render import Renderer, TemplateProblem
from workflow.accounts.models import Person
from workflow.acknowledgements.service import ack_ids_for
from workflow.channels.models import NotifyChannel
from workflow.orgs.models import OrgUnit
from workflow.outbox.models import DigestItem, OutboxMessage
from workflow.tickets.models import Ticket

OFFICE_KINDS = {"escalation", "rejection", "milestone"}
# Immediate messages that @-mention the ticket's responsible person.
MENTION_KINDS = {"rejection", "urging", "acceptance"}


@dataclass
class RouteReport:
    routed: int = 0
    unroutable: int = 0


class Router:
    """One routing pass: caches each unit's chain and channels for the pass."""

    def __init__(self, session: Session, policy: NotifyPolicy):
        self.session = session
        self.policy = policy
        self.renderer = Renderer.for_session(session, policy.base_url, policy.ack_secret)
        self._units: dict[int, OrgUnit] = {}
        self._channels: dict[int, list[NotifyChannel]] = {}
        self.digest_items: list[dict] = []  # written in one statement at the end of the batch

    def unit(self, unit_id: int) -> OrgUnit | None:
        if unit_id not in self._units:
            unit = self.session.get(OrgUnit, unit_id)
            if unit is None:
                return None
            self._units[unit_id] = unit
        return self._units[unit_id]

    def chain(self, unit: OrgUnit) -> list[OrgUnit]:
        """The unit, then its parent, up to the root (from the materialised path)."""
        ids = [int(x) for x in unit.path.strip("/").split("/") if x]
        return [u for u in (self.unit(i) for i in reversed(ids)) if u is not None]

    def channels_of(self, unit_id: int) -> list[NotifyChannel]:
        if unit_id not in self._channels:
            self._channels[unit_id] = list(self.session.scalars(
                select(NotifyChannel).where(NotifyChannel.unit_id == unit_id, NotifyChannel.is_active)
                .order_by(NotifyChannel.id)))
        return self._channels[unit_id]

    def unit_channels(self, unit: OrgUnit) -> list[NotifyChannel]:
        """The cached list itself: callers copy before adding to it."""
        for candidate in self.chain(unit):
            if candidate.kind == "district":
                break
            if found := self.channels_of(candidate.id):
                return found
        return []

    def office_channels(self, unit: OrgUnit) -> list[NotifyChannel]:
        for candidate in self.chain(unit):
            if candidate.kind == "district":
                return self.channels_of(candidate.id)
        return []

    def route(self, message: OutboxMessage, now: datetime) -> str | None:
        """Write this message's deliveries or digest items; return why it cannot be routed, or None."""
        unit = self.unit(message.unit_id) if message.unit_id else None
        if unit is None:
            return "消息未指明单位，无法确定通知渠道"
        targets = list(self.unit_channels(unit))  # a copy: the cached list is shared by the whole pass
        if message.kind in OFFICE_KINDS:
            targets += [c for c in self.office_channels(unit) if c not in targets]
        if not targets:
            # Only a village or town has a town above it; a department answers for itself.
            whose = f"{unit.name}及其上级乡镇均" if unit.kind in ("village", "town") else f"{unit.name}"
            return f"{whose}未配置通知渠道，领导小组办公室也未配置" if message.kind in OFFICE_KINDS \
                else f"{whose}未配置通知渠道"
        if message.kind == "reminder" and self.policy.reminder_mode == "digest":
            self.digest_items += [{"message_id": message.id, "channel_id": c.id, "created_at": now} for c in targets]
            return None
        try:
            if message.kind == "reminder":
                line = line_from(message, self.renderer, self.ack_id(message))
                notices = {c.id: digest_notice(self.renderer, [line], unit_name=unit.name,
                                               policy=self.policy, now=now) for c in targets}
            else:
                notice = self.immediate_notice(message, unit)
                notices = {c.id: notice for c in targets}
        except TemplateProblem as exc:
            return str(exc)
        for channel in targets:
            add_deliveries(self.session, channel, notices[channel.id], kind=message.kind, now=now,
                           key=f"msg:{message.id}:ch:{channel.id}", message_id=message.id,
                           quiet=message.kind == "reminder")
        return None

    def immediate_notice(self, message: OutboxMessage, unit: OrgUnit):
        payload = message.payload or {}
        mentions: tuple[str, ...] = ()
        if message.kind in MENTION_KINDS and message.ticket_id:
            mentions = self.responsible_mobile(message.ticket_id)
        context = {"p": payload, "unit_name": payload.get("unit_name") or unit.name,
                   "url": self.renderer.ticket_url(message.ticket_id),
                   "ack_url": self.renderer.ack_url(self.ack_id(message))}
        return self.renderer.notice(message.kind, context, mentions=mentions,
                                    data={**payload, "unit_id": unit.id, "ticket_id": message.ticket_id})

    def ack_id(self, message: OutboxMessage) -> int | None:
        """The 确认收到 request the message carries a link to (issue 13), if any."""
        return ack_ids_for(self.session, [message]).get(message.id)

    def responsible_mobile(self, ticket_id: int) -> tuple[str, ...]:
        mobile = self.session.scalar(
            select(Person.mobile).join(Ticket, Ticket.responsible_person_id == Person.id).where(Ticket.id == ticket_id))
        return (mobile,) if mobile else ()


def claim_messages(session: Session, *, now: datetime, holder: str, policy: NotifyPolicy, limit: int) -> list[int]:
    free = or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now)
    due = (select(OutboxMessage.id)
           .where(OutboxMessage.status == "pending", OutboxMessage.available_at <= now, free)
           .order_by(OutboxMessage.id).limit(limit).with_for_update(skip_locked=True))
    rows = session.execute(
        update(OutboxMessage).where(OutboxMessage.id.in_(due), OutboxMessage.status == "pending", free)
        .values(lease_until=now + policy.lease, lease_holder=holder)
        .returning(OutboxMessage.id).execution_options(synchronize_session=False)
    ).scalars().all()
    return sorted(rows)


def route_batch(session: Session, *, now: datetime, holder: str, policy: NotifyPolicy, limit: int = 500) -> RouteReport:
    """Claim up to ``limit`` due messages and route them; the caller commits."""
    report = RouteReport()
    ids = claim_messages(session, now=now, holder=holder, policy=policy, limit=limit)
    if not ids:
        return report
    router = Router(session, policy)
    messages = session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)).all()
    routed: list[int] = []
    for message in messages:
        problem = router.route(message, now)
        if problem is None:
            routed.append(message.id)
            continue
        report.unroutable += 1
        _mark(session, [message.id], holder, status="unroutable", routed_at=now, last_error=problem)
    if router.digest_items:
        insert_rows_ignoring_conflict(session, DigestItem, router.digest_items)
    _mark(session, routed, holder, status="routed", routed_at=now, last_error=None)
    report.routed = len(routed)
    return report


def _mark(session: Session, ids: list[int], holder: str, **values) -> None:
    if ids:
        session.execute(
            update(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.lease_holder == holder)
            .values(**values, lease_until=None, lease_holder=None).execution_options(synchronize_session=False))
